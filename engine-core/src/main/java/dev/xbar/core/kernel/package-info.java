/**
 * The operations on a chip window and the dense products of software layers, in Lucene's vectorization shape: the
 * final fronts {@link dev.xbar.core.kernel.CrossbarKernels} and {@link dev.xbar.core.kernel.MatrixKernels} own the
 * contract (argument checks, events, stream keys, the {@link dev.xbar.core.kernel.ReadPath}, pulse-train scales,
 * counting) and call one implementation of the arithmetic-only SPIs {@link dev.xbar.core.kernel.CrossbarKernelSupport}
 * and {@link dev.xbar.core.kernel.MatrixKernelSupport}, chosen once per JVM among the registered
 * {@link dev.xbar.core.kernel.KernelProvider}s: the scalar reference here, the Vector API kernels in engine-simd.
 * <b>API</b>: the fronts, {@link dev.xbar.core.kernel.RowDrive} and {@link dev.xbar.core.kernel.InputScaling}; the other public types
 * are the SPI, for kernel implementations only.
 */
package dev.xbar.core.kernel;
