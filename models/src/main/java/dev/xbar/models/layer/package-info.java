/**
 * What a network computes: the layers ({@link dev.xbar.models.layer.Dense}, {@link dev.xbar.models.layer.Conv2d},
 * {@link dev.xbar.models.layer.ConvLstm} and the weightless ones), chained in a {@link dev.xbar.models.layer.Network},
 * and the weight matrices the weighted layers multiply with: float weights in memory ({@link
 * dev.xbar.models.layer.FloatMatrix}) or a placed block of device pairs on a chip ({@link
 * dev.xbar.models.layer.AnalogMatrix}). A layer sees only {@link dev.xbar.models.layer.WeightMatrix}, so the same
 * layer runs in software and in situ; the matrices live here with the layers because that interface is sealed over
 * both, and because they share the software products ({@code Gemm}) and the row-slice runner ({@link
 * dev.xbar.models.layer.Parallel}) that make every result independent of the thread count.
 *
 * <p><b>API.</b>
 */
package dev.xbar.models.layer;
