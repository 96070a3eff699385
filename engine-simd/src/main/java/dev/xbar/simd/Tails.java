package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The last, partial vector of a row in a caller's array, also where a whole vector would cross the array's end. A
 * masked load or store whose whole vector does not fit in the array is a different case for the Vector API: C2
 * intrinsifies it only where the machine has predicated loads and stores (AVX-512 does; on this project's Zen 5
 * machine it ran without allocation or slow-down), and elsewhere it runs lane by lane on boxed vectors (callers used
 * to pad every buffer by 64 floats against it: one default run in three had lost 1.5 s). Here that case copies
 * through a spill vector instead, so callers never pad and no machine takes the slow path. Both methods are small
 * enough to inline into the kernels, so the vector and its mask stay in registers.
 */
final class Tails {
    private Tails() {}

    /**
     * Stores the lanes of v that m selects (a prefix of n lanes) at {@code a[at..at + n)}.
     *
     * @param v the vector
     * @param a the array
     * @param at the first index
     * @param m the prefix mask, {@code F.indexInRange(0, n)} or equivalent
     * @param spill a scratch of at least N floats
     */
    static void store(
            final FloatVector v, final float[] a, final int at, final VectorMask<Float> m, final float[] spill) {
        if (at <= a.length - N) {
            v.intoArray(a, at, m);
        } else {
            v.intoArray(spill, 0);
            System.arraycopy(spill, 0, a, at, m.trueCount());
        }
    }

    /**
     * Loads the lanes m selects (a prefix) from {@code a[at..]}, the others zero.
     *
     * @param a the array
     * @param at the first index
     * @param m the prefix mask
     * @param spill a scratch of at least N floats
     * @return the vector
     */
    static FloatVector load(final float[] a, final int at, final VectorMask<Float> m, final float[] spill) {
        if (at <= a.length - N) {
            return FloatVector.fromArray(F, a, at, m);
        }
        FloatVector.zero(F).intoArray(spill, 0);
        System.arraycopy(a, at, spill, 0, m.trueCount());
        return FloatVector.fromArray(F, spill, 0);
    }
}
