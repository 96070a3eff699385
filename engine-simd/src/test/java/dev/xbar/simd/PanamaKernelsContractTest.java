package dev.xbar.simd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.CrossbarKernelsContract;
import org.junit.jupiter.api.BeforeAll;

/** The engine-core kernel contract against the Vector API kernels. */
class PanamaKernelsContractTest extends CrossbarKernelsContract {
    private static CrossbarKernels simd;

    @BeforeAll
    static void needsTheVectorModule() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "runs with --add-modules=jdk.incubator.vector");
        simd = CrossbarKernels.named(SimdKernelProvider.NAME);
    }

    @Override
    protected CrossbarKernels kernels() {
        return simd;
    }
}
