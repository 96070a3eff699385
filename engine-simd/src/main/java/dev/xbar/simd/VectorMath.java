package dev.xbar.simd;

import dev.xbar.core.random.FloatMath;
import jdk.incubator.vector.FloatVector;

/**
 * Lane-wise twins of {@link dev.xbar.core.random.FloatMath}: the same float operations in the same order, so every
 * lane is bit-identical to the scalar function (IEEE 754 rounds each add, multiply, fused multiply-add, divide and
 * square root exactly once, in a vector lane as in a scalar register). log and cos2pi are written out in {@link
 * VectorRandom}'s passes.
 *
 * <p>The coefficients are FloatMath's own constants; {@code VectorMathTest} compares every lane against FloatMath over
 * all 2^24 arguments the Gaussian can produce.
 */
final class VectorMath {
    private VectorMath() {}

    /** FloatMath.rint lane-wise: round half to even by adding and subtracting 1.5 * 2^23. */
    static FloatVector rint(final FloatVector x) {
        return x.add(FloatMath.ROUNDING_MAGIC).sub(FloatMath.ROUNDING_MAGIC);
    }

    /** FloatMath.quantize lane-wise: step * rint(min(max(x / step, minCode), maxCode)). */
    static FloatVector quantize(final FloatVector x, final float step, final float minCode, final float maxCode) {
        return rint(x.div(step).max(minCode).min(maxCode)).mul(step);
    }
}
