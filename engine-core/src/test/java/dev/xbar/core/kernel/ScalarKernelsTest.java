package dev.xbar.core.kernel;

/** The contract against the scalar reference. */
class ScalarKernelsTest extends CrossbarKernelsContract {
    @Override
    protected CrossbarKernels kernels() {
        return CrossbarKernels.named("scalar");
    }
}
