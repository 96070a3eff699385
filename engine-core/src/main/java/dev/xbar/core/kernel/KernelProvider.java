package dev.xbar.core.kernel;

/**
 * A service (found with {@link java.util.ServiceLoader}) that offers an implementation of the kernel fronts
 * ({@link CrossbarKernelSupport} behind {@link CrossbarKernels}, {@link MatrixKernelSupport} behind {@link
 * MatrixKernels}). engine-core registers the scalar reference; engine-simd registers its Vector API version.
 */
public interface KernelProvider {
    /**
     * The name users force it by, {@code -Dxbar.kernels=name}.
     *
     * @return the name
     */
    String name();

    /**
     * Higher wins when nothing is forced.
     *
     * @return the priority (scalar: 0)
     */
    int priority();

    /**
     * Whether it can run in this JVM (e.g. the Vector API module is present).
     *
     * @return true if {@link #create()} will work
     */
    boolean isAvailable();

    /**
     * Makes the chip kernels.
     *
     * @return the kernels
     */
    CrossbarKernelSupport create();

    /**
     * Makes the dense matrix kernels of the same implementation family. The default is the scalar reference, so a
     * provider that vectorises only the chip kernels still works.
     *
     * @return the matrix kernels
     */
    default MatrixKernelSupport createMatrixKernels() {
        return new ScalarMatrixKernels();
    }
}
