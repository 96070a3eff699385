package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.random.FloatMath;
import dev.xbar.core.random.RandomStreams;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lane-wise math and random draws equal engine-core's scalar ones bit for bit. The Box-Muller radius sqrt(-2 log
 * u1) and cos(2 pi u2) are checked on every argument the Gaussian can give them (u1 = m 2^-24, m = 1 .. 2^24, and u2 =
 * m 2^-24, m = 0 .. 2^24 - 1), each through the one pass that makes both, the other factor held at exactly 1; so the
 * Gaussian, r(u1) * c(u2), is equal for all 2^48 inputs.
 */
class VectorMathTest {
    private static final int ALL = 1 << 24;

    /** The m of u1 = m 2^-24 whose radius sqrt(-2 log u1) is exactly 1 (found by search; checked where used). */
    private static final int UNIT_RADIUS_M1 = 10_175_896;

    @BeforeAll
    static void needsTheVectorModule() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "runs with --add-modules=jdk.incubator.vector");
    }

    @Test
    void sumOfLanesAddsInTheFixedPairwiseOrder() {
        // mixed signs and magnitudes, so that a different order would round differently
        final SplittableRandom random = new SplittableRandom(5);
        final float[] lanes = new float[F.length()];
        int reordered = 0;
        for (int trial = 0; trial < 10_000; trial++) {
            for (int k = 0; k < lanes.length; k++) {
                lanes[k] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-3, 4)));
            }
            final FloatVector v = FloatVector.fromArray(F, lanes, 0);
            float sequential = 0.0f;
            for (final float lane : lanes) {
                sequential += lane;
            }
            for (int h = lanes.length / 2; h > 0; h /= 2) {
                for (int k = 0; k < h; k++) {
                    lanes[k] += lanes[k + h];
                }
            }
            assertEquals(Float.floatToRawIntBits(lanes[0]), Float.floatToRawIntBits(VectorMath.sumOfLanes(v)));
            reordered += sequential == lanes[0] ? 0 : 1;
        }
        assertTrue(reordered > 100, "the order must matter for the test to mean anything: " + reordered);
    }

    @Test
    void radiusEqualsTheScalarOnEveryU1() {
        // u1 = m 2^-24, m = 1 .. 2^24, at u2 = 0, whose cos2pi is exactly 1: the product is the radius, unrounded
        assertEquals(1.0f, FloatMath.cos2pi(0.0f), 0.0f, "cos2pi(0) must be exactly 1 for this test to see the radius");
        final float[] got = new float[VectorRandom.BLOCK];
        final float[] angles = new float[VectorRandom.BLOCK];
        for (int m0 = 1; m0 <= ALL; m0 += got.length) {
            for (int t = 0; t < got.length; t++) {
                got[t] = m0 + t;
            }
            VectorRandom.polar(got, 0, angles, got.length);
            for (int t = 0; t < got.length; t++) {
                final float u1 = (m0 + t) * RandomStreams.TWO_POW_MINUS_24;
                final float expected = (float) Math.sqrt(-2.0f * FloatMath.log(u1));
                if (Float.floatToRawIntBits(got[t]) != Float.floatToRawIntBits(expected)) {
                    assertEquals(expected, got[t], 0.0f, "sqrt(-2 log(" + u1 + "))");
                }
            }
        }
    }

    @Test
    void angleEqualsFloatMathOnEveryU2() {
        // u2 = m 2^-24, m = 0 .. 2^24 - 1, at the u1 whose radius is exactly 1: the product is the cosine, unrounded
        final float u1 = UNIT_RADIUS_M1 * RandomStreams.TWO_POW_MINUS_24;
        assertEquals(1.0f, (float) Math.sqrt(-2.0f * FloatMath.log(u1)), 0.0f, "the radius at u1 = " + u1);
        final float[] got = new float[VectorRandom.BLOCK];
        final float[] angles = new float[VectorRandom.BLOCK];
        for (int m0 = 0; m0 < ALL; m0 += got.length) {
            for (int t = 0; t < got.length; t++) {
                got[t] = UNIT_RADIUS_M1;
                angles[t] = m0 + t;
            }
            VectorRandom.polar(got, 0, angles, got.length);
            for (int t = 0; t < got.length; t++) {
                final float expected = FloatMath.cos2pi((m0 + t) * RandomStreams.TWO_POW_MINUS_24);
                if (Float.floatToRawIntBits(got[t]) != Float.floatToRawIntBits(expected)) {
                    assertEquals(expected, got[t], 0.0f, "cos2pi(" + (m0 + t) + " 2^-24)");
                }
            }
        }
    }

    @Test
    void gaussiansEqualRandomStreamsForAnyKeyStartStrideAndLength() {
        final SplittableRandom random = new SplittableRandom(41);
        final float[] got = new float[300];
        for (int round = 0; round < 400; round++) {
            final long key = random.nextLong();
            final long first = round % 4 == 0 ? random.nextLong() : random.nextInt(1 << 20);
            final long stride = round % 3 == 0 ? 2 : round % 3 == 1 ? 1 : random.nextInt(1, 100);
            final int off = random.nextInt(5);
            final int n = random.nextInt(got.length - off + 1);
            VectorRandom.gaussians(key, first, stride, got, off, n);
            for (int t = 0; t < n; t++) {
                final float expected = RandomStreams.gaussian(key, first + t * stride);
                assertEquals(
                        Float.floatToRawIntBits(expected),
                        Float.floatToRawIntBits(got[off + t]),
                        "draw " + t + " of key " + key + ": " + expected + " vs " + got[off + t]);
            }
        }
    }

    @Test
    void quantizeEqualsFloatMathIncludingTiesSaturationAndSpecialValues() {
        final float step = 0.2f / 2047;
        final SplittableRandom random = new SplittableRandom(42);
        final float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 8) {
                case 0 -> (random.nextInt(-4096, 4096) + 0.5f) * step; // near ties
                case 1 -> (float) (random.nextGaussian() * 0.5); // beyond the range too
                case 2 -> Float.intBitsToFloat(random.nextInt()); // any bit pattern, NaN and infinities included
                case 3 -> random.nextBoolean() ? 0.0f : -0.0f;
                default -> (float) (random.nextDouble(-0.21, 0.21));
            };
        }
        final int lanes = F.length();
        final float[] got = new float[lanes];
        // a bipolar converter, a unipolar one (a bound of +0.0, where the clamp's blend and Math.max part on the sign
        // of a zero), and one of a single code
        final float[][] bounds = {{-2047, 2047}, {0.0f, 4095}, {-0.0f, 0.0f}, {-4095, -0.0f}};
        for (final float[] b : bounds) {
            for (int i = 0; i < x.length; i += lanes) {
                VectorMath.quantize(FloatVector.fromArray(F, x, i), step, b[0], b[1])
                        .intoArray(got, 0);
                for (int t = 0; t < lanes; t++) {
                    assertEquals(
                            Float.floatToIntBits(FloatMath.quantize(x[i + t], step, b[0], b[1])),
                            Float.floatToIntBits(got[t]),
                            "quantize(" + x[i + t] + ") to codes " + b[0] + " .. " + b[1]);
                }
            }
        }
    }
}
