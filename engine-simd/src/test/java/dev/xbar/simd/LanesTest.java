package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.VectorShape;
import org.junit.jupiter.api.Test;

/**
 * The width switch: each Surefire execution with the vector module must run the kernels at the width it asks for
 * (or the machine's preferred one, when that is narrower or nothing is asked), with every species consistent.
 */
class LanesTest {
    @Test
    void theSpeciesHaveTheRequestedWidth() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "runs with --add-modules=jdk.incubator.vector");
        final String requested = System.getProperty(SimdKernelProvider.VECTOR_BITS, "");
        final int preferred = VectorShape.preferredShape().vectorBitSize();
        final int bits = requested.isEmpty() ? preferred : Math.min(preferred, Integer.parseInt(requested));
        assertEquals(bits, Lanes.F.vectorBitSize());
        assertEquals(bits, Lanes.I.vectorBitSize());
        assertEquals(bits, Lanes.L.vectorBitSize());
        assertEquals(bits / 2, Lanes.FL.vectorBitSize());
        assertEquals(Lanes.L.length(), Lanes.FL.length());
        assertEquals(Lanes.L.length(), Lanes.IL.length());
        assertEquals(bits / Float.SIZE, Lanes.N);
        assertEquals("panama-" + bits, Lanes.describe());
    }

    @Test
    void anUnsupportedWidthIsRefusedNamingTheProperty() {
        final String before = System.getProperty(SimdKernelProvider.VECTOR_BITS);
        System.setProperty(SimdKernelProvider.VECTOR_BITS, "96");
        try {
            final IllegalStateException e =
                    assertThrows(IllegalStateException.class, SimdKernelProvider::requestedVectorBits);
            assertEquals(
                    "-Dxbar.vectorBits=96: expected 128, 256 or 512 (vector bits for the simd kernels)",
                    e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(SimdKernelProvider.VECTOR_BITS);
            } else {
                System.setProperty(SimdKernelProvider.VECTOR_BITS, before);
            }
        }
    }
}
