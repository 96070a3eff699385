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
        return ScalarMatrixKernels.INSTANCE;
    }

    /**
     * Floats of room the implementation wants past the end of the activation buffers its kernels read and write
     * ({@link MatrixKernels#buffer}): the Vector API kernels finish a row with masked loads and stores, and where a
     * whole vector would cross an array's end C2 leaves the path it compiled for in-range vectors (observed without
     * the room: a JFR recording of the default training run showed its VMM and read-back kernels deoptimised there and
     * compiled again). Callers allocate
     * through {@link MatrixKernels#buffer} and need not know.
     *
     * @return floats of room, 0 for the scalar reference
     */
    default int tailRoom() {
        return 0;
    }
}
