package dev.xbar.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelSelectionTest {
    @Test
    void theChoiceIsMadeOnceAndScalarIsAlwaysThere() {
        assertSame(CrossbarKernels.get(), CrossbarKernels.get());
        assertEquals("scalar", CrossbarKernels.named("scalar").name());
    }

    @Test
    void withOnlyEngineCoreOnTheClassPathTheScalarReferenceIsChosen() {
        // engine-core's own test class path has no other provider; -Dxbar.kernels may force one in other modules
        final String forced = System.getProperty(KernelSelection.PROPERTY, "");
        assertEquals(forced.isEmpty() ? "scalar" : forced, CrossbarKernels.get().name());
    }

    @Test
    void askingForAMissingImplementationFailsLoudly() {
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> CrossbarKernels.named("simd"));
        assertTrue(e.getMessage().contains("no kernels named 'simd'"), e.getMessage());
        assertTrue(e.getMessage().contains("registered: scalar"), e.getMessage());
    }
}
