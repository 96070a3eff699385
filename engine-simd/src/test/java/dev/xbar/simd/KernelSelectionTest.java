package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.kernel.CrossbarKernels;
import org.junit.jupiter.api.Test;

/**
 * Which kernels run. The build runs this class with the vector module (simd must win) and without it, with {@code
 * -Dxbar.simd.absent=true} (selection must fall back to scalar, and forcing simd must fail with a message that says
 * how to fix it). {@link RequiredKernelsTest} checks that each run got the kernels it demands.
 */
class KernelSelectionTest {
    /** Set by the Surefire execution that runs without {@code --add-modules=jdk.incubator.vector}. */
    static boolean simdMustBeAbsent() {
        return Boolean.getBoolean("xbar.simd.absent");
    }

    @Test
    void simdWinsWhenTheModuleIsPresent() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "needs the vector module");
        final SimdKernelProvider provider = new SimdKernelProvider();
        assertTrue(provider.isAvailable());
        assertTrue(provider.priority() > 0, "scalar has priority 0");
        assertEquals(SimdKernelProvider.NAME, provider.create().name());
    }

    @Test
    void withoutTheModuleSelectionFallsBackToScalar() {
        assumeTrue(simdMustBeAbsent(), "runs in the execution without the vector module");
        assertFalse(SimdKernelProvider.vectorModulePresent(), "the module is in the boot layer after all");
        assertFalse(new SimdKernelProvider().isAvailable());
        assertEquals("scalar", CrossbarKernels.get().name());
        final IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> CrossbarKernels.named(SimdKernelProvider.NAME));
        assertTrue(e.getMessage().contains("--add-modules=jdk.incubator.vector"), e.getMessage());
        final IllegalStateException direct =
                assertThrows(IllegalStateException.class, () -> new SimdKernelProvider().create());
        assertTrue(direct.getMessage().contains("--add-modules=jdk.incubator.vector"), direct.getMessage());
    }
}
