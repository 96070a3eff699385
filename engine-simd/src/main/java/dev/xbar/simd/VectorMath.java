package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.DIV;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.MUL;
import static jdk.incubator.vector.VectorOperators.SUB;

import dev.xbar.core.random.FloatMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

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
    /** Lane i takes lane i ^ h, for the levels of {@link #sumOfLanes} (h &lt; N; wider ones are never used). */
    private static final VectorShuffle<Float> XOR32 = xor(32);

    private static final VectorShuffle<Float> XOR16 = xor(16);
    private static final VectorShuffle<Float> XOR8 = xor(8);
    private static final VectorShuffle<Float> XOR4 = xor(4);
    private static final VectorShuffle<Float> XOR2 = xor(2);
    private static final VectorShuffle<Float> XOR1 = xor(1);

    private VectorMath() {}

    private static VectorShuffle<Float> xor(final int h) {
        return VectorShuffle.fromOp(F, i -> h < N ? i ^ h : i);
    }

    /**
     * The sum of the lanes in a fixed pairwise order: lane k + h onto lane k for h = N/2, N/4, .., 1 (each add rounds
     * once, in any compilation state). Not reduceLanes(ADD), whose order may differ between the C2 intrinsic and the
     * Java fallback that runs before C2 has compiled the caller: a result would then depend on how far the JIT had got
     * (local and cluster yield trials differed). Up to 64 lanes, the widest float species.
     */
    static float sumOfLanes(final FloatVector v) {
        FloatVector s = v;
        if (N > 32) {
            s = s.lanewise(ADD, s.rearrange(XOR32));
        }
        if (N > 16) {
            s = s.lanewise(ADD, s.rearrange(XOR16));
        }
        if (N > 8) {
            s = s.lanewise(ADD, s.rearrange(XOR8));
        }
        if (N > 4) {
            s = s.lanewise(ADD, s.rearrange(XOR4));
        }
        if (N > 2) {
            s = s.lanewise(ADD, s.rearrange(XOR2));
        }
        if (N > 1) {
            s = s.lanewise(ADD, s.rearrange(XOR1));
        }
        return s.lane(0);
    }

    /**
     * FloatMath.rint lane-wise: round half to even by adding and subtracting 1.5 * 2^23. Scalars enter as vectors
     * ({@code x.broadcast}): the scalar-operand overloads ({@code x.add(float)}) fall back to a boxed, non-intrinsic
     * path once two species are in use (measured: 5% of an ex situ trial).
     */
    static FloatVector rint(final FloatVector x) {
        final FloatVector magic = x.broadcast(FloatMath.ROUNDING_MAGIC);
        return x.lanewise(ADD, magic).lanewise(SUB, magic);
    }

    /**
     * FloatMath.quantize lane-wise: step * rint(min(max(x / step, minCode), maxCode)), scalars as vectors. The clamp is
     * a compare and a blend per bound rather than the lane-wise MAX and MIN, which implement Math.max's and Math.min's
     * NaN and signed-zero rules in several dependent instructions each: the blend keeps x unless it is strictly beyond
     * the bound, so it differs from Math.max/min only in the sign of a zero (x = -0.0 against a bound of +0.0, or the
     * other way round), and rint turns every zero into +0.0, so the codes are the same bits; a NaN stays NaN either way.
     * The kernels that write the DAC and the ADC out clamp the same way (in situ test pass 525 against 547 us with
     * {@link PatchVmm}'s DAC alone changed, {@code bench/ab --pass test}, 15 rounds, one thread).
     */
    static FloatVector quantize(final FloatVector x, final float step, final float minCode, final float maxCode) {
        final FloatVector steps = x.broadcast(step);
        final FloatVector code = x.lanewise(DIV, steps);
        final FloatVector lowest = x.broadcast(minCode);
        final FloatVector highest = x.broadcast(maxCode);
        final FloatVector low = code.blend(lowest, code.compare(LT, lowest));
        return rint(low.blend(highest, low.compare(GT, highest))).lanewise(MUL, steps);
    }
}
