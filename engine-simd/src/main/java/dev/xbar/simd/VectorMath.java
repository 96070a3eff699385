package dev.xbar.simd;

import jdk.incubator.vector.FloatVector;

/**
 * Lane-wise twins of {@link dev.xbar.core.random.FloatMath}: the same float operations in the same order, so every
 * lane is bit-identical to the scalar function (IEEE 754 rounds each add, multiply, fused multiply-add, divide and
 * square root exactly once, in a vector lane as in a scalar register). log and cos2pi are written out in {@link
 * VectorRandom}'s passes.
 *
 * <p>The coefficients repeat FloatMath's, which engine-core keeps package-private; {@code VectorMathTest} compares
 * every lane against FloatMath over all 2^24 arguments the Gaussian can produce, so a refit in engine-core that is
 * not copied here fails the build.
 */
final class VectorMath {
    static final float LN2 = 0.6931472f;
    static final float L0 = -0.5f;
    static final float L1 = 0.3333326f;
    static final float L2 = -0.24999678f;
    static final float L3 = 0.20008326f;
    static final float L4 = -0.16685309f;
    static final float L5 = 0.14032976f;
    static final float L6 = -0.12115631f;
    static final float L7 = 0.13881446f;
    static final float L8 = -0.13202503f;
    static final float S0 = 6.2831855f;
    static final float S1 = -41.341682f;
    static final float S2 = 81.602486f;
    static final float S3 = -76.5814f;
    static final float S4 = 39.761616f;
    static final float ROUNDING_MAGIC = 0x1.8p23f;
    static final int TWO_THIRDS_BITS = 0x3F2AAAAB;

    private VectorMath() {}

    /** FloatMath.rint lane-wise: round half to even by adding and subtracting 1.5 * 2^23. */
    static FloatVector rint(final FloatVector x) {
        return x.add(ROUNDING_MAGIC).sub(ROUNDING_MAGIC);
    }

    /** FloatMath.quantize lane-wise: step * rint(min(max(x / step, minCode), maxCode)). */
    static FloatVector quantize(final FloatVector x, final float step, final float minCode, final float maxCode) {
        return rint(x.div(step).max(minCode).min(maxCode)).mul(step);
    }
}
