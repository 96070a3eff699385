package dev.xbar.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatMathTest {
    @Test
    void logIsWithinTwoTenMillionthsOfMaxOneAndItsSizeOverTheBoxMullerDomain() {
        // every u1 Box-Muller can produce is k * 2^-24, k in [1, 2^24]; check a dense subset and both ends
        for (int k = 1; k <= 1 << 24; k += (k < 4096 ? 1 : 257)) {
            final float x = k * 0x1.0p-24f;
            final double exact = Math.log(x);
            final double error = Math.abs(FloatMath.log(x) - exact);
            assertTrue(error <= 2e-7 * Math.max(1, Math.abs(exact)), "log(" + x + ") off by " + error);
        }
        assertEquals(0.0f, FloatMath.log(1.0f));
    }

    @Test
    void logCoversLargeArgumentsToo() {
        for (float x = 1.0f; x < 1e30f; x *= 1.37f) {
            assertEquals(Math.log(x), FloatMath.log(x), 2e-7 * Math.abs(Math.log(x)) + 1e-7, "x=" + x);
        }
    }

    @Test
    void cos2piIsWithinTwoTenMillionthsOverAFullTurn() {
        double worst = 0;
        for (int k = 0; k < 1 << 24; k += 7) {
            final float u = k * 0x1.0p-24f;
            worst = Math.max(worst, Math.abs(FloatMath.cos2pi(u) - Math.cos(2 * Math.PI * u)));
        }
        assertTrue(worst < 2e-7, "worst absolute error " + worst);
        assertEquals(1.0f, FloatMath.cos2pi(0.0f), 1e-7f);
        assertEquals(-1.0f, FloatMath.cos2pi(0.5f), 1e-7f);
        assertEquals(0.0f, FloatMath.cos2pi(0.25f), 1e-7f);
    }

    @Test
    void rintRoundsHalfToEven() {
        assertEquals(2.0f, FloatMath.rint(2.5f));
        assertEquals(4.0f, FloatMath.rint(3.5f));
        assertEquals(-2.0f, FloatMath.rint(-2.5f));
        assertEquals(-3.0f, FloatMath.rint(-2.6f));
        assertEquals(1000.0f, FloatMath.rint(1000.4f));
    }

    @Test
    void quantizeSaturatesAtTheCodeLimits() {
        assertEquals(0.5f, FloatMath.quantize(0.26f, 0.5f, -4, 3));
        assertEquals(1.5f, FloatMath.quantize(100f, 0.5f, -4, 3));
        assertEquals(-2.0f, FloatMath.quantize(-100f, 0.5f, -4, 3));
    }
}
