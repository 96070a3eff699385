package dev.xbar.simd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.CrossbarKernelsContract;
import org.junit.jupiter.api.BeforeAll;

/**
 * The kernel contract against whatever {@link CrossbarKernels#get()} picks when the vector module is absent (the
 * scalar reference, with engine-simd on the class path): runs in the Surefire execution without the module.
 */
class ScalarFallbackContractTest extends CrossbarKernelsContract {
    @BeforeAll
    static void onlyWithoutTheVectorModule() {
        assumeTrue(KernelSelectionTest.simdMustBeAbsent(), "runs in the execution without the vector module");
    }

    @Override
    protected CrossbarKernels kernels() {
        return CrossbarKernels.get();
    }
}
