package dev.xbar.core.kernel;

/** The scalar reference against the {@link MatrixKernelsContract}. */
class ScalarMatrixKernelsTest extends MatrixKernelsContract {
    @Override
    protected MatrixKernels kernels() {
        return MatrixKernels.named("scalar");
    }
}
