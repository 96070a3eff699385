package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.MatrixKernels;
import org.junit.jupiter.api.Test;

/**
 * The matrix kernels come from the provider that supplies the chip kernels (run by both Surefire executions: with the
 * Vector API module both are simd, without it both fall back to scalar).
 */
class MatrixKernelSelectionTest {
    @Test
    void matrixKernelsFollowTheChipKernels() {
        assertEquals(CrossbarKernels.get().name(), MatrixKernels.get().name());
    }

    @Test
    void simdMatrixKernelsExistExactlyWhenTheModuleIsPresent() {
        if (SimdKernelProvider.vectorModulePresent()) {
            assertEquals(
                    SimdKernelProvider.NAME,
                    MatrixKernels.named(SimdKernelProvider.NAME).name());
        } else {
            assertThrows(IllegalStateException.class, () -> MatrixKernels.named(SimdKernelProvider.NAME));
        }
    }
}
