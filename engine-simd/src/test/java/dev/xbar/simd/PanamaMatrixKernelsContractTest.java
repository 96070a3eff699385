package dev.xbar.simd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.kernel.MatrixKernels;
import dev.xbar.core.kernel.MatrixKernelsContract;
import org.junit.jupiter.api.BeforeAll;

/** The engine-core matrix-kernel contract against the Vector API kernels. */
class PanamaMatrixKernelsContractTest extends MatrixKernelsContract {
    private static MatrixKernels simd;

    @BeforeAll
    static void needsTheVectorModule() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "runs with --add-modules=jdk.incubator.vector");
        simd = MatrixKernels.named(SimdKernelProvider.NAME);
    }

    @Override
    protected MatrixKernels kernels() {
        return simd;
    }
}
