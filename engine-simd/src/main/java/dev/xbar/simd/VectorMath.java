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

    /**
     * FloatMath.rint lane-wise: round half to even by adding and subtracting 1.5 * 2^23. Scalars enter as vectors
     * ({@code x.broadcast}): the scalar-operand overloads ({@code x.add(float)}) fall back to a boxed, non-intrinsic
     * path once two species are in use (measured: 5% of an ex situ trial).
     */
    static FloatVector rint(final FloatVector x) {
        final FloatVector magic = x.broadcast(FloatMath.ROUNDING_MAGIC);
        return x.add(magic).sub(magic);
    }

    /** FloatMath.quantize lane-wise: step * rint(min(max(x / step, minCode), maxCode)), scalars as vectors. */
    static FloatVector quantize(final FloatVector x, final float step, final float minCode, final float maxCode) {
        final FloatVector steps = x.broadcast(step);
        return rint(x.div(steps).max(x.broadcast(minCode)).min(x.broadcast(maxCode)))
                .mul(steps);
    }
}
