package dev.xbar.simd;

import static dev.xbar.simd.Lanes.FL;
import static dev.xbar.simd.Lanes.L;

import dev.xbar.core.random.RandomStreams;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link RandomStreams} lane by lane: each 64-bit lane holds one counter {@code key + index * GOLDEN_GAMMA} and goes
 * through the same SplitMix64 finalizer and Box-Muller steps as the scalar draw, so lane t of a vector equals {@code
 * RandomStreams.gaussian(key, index_t)} bit for bit. Counters are plain local {@code LongVector}s, never fields
 * (vectors in fields box every operation, STYLE B4), and the streams are stateless, so no state is kept at all.
 *
 * <p>Needs {@code jdk.incubator.vector} in the boot layer: check {@link SimdKernelProvider#vectorModulePresent()}
 * before touching this class.
 */
public final class VectorRandom {
    private static final long MIX1 = 0xBF58476D1CE4E5B9L;
    private static final long MIX2 = 0x94D049BB133111EBL;

    private VectorRandom() {}

    /**
     * Fills {@code dst[off .. off + n)} with {@code RandomStreams.gaussian(key, first + t * stride)}, t = 0 .. n - 1.
     *
     * @param key the stream key
     * @param first the index of the first draw
     * @param stride the index step between consecutive draws (e.g. 2 for the RESET draws 2k of a write stream)
     * @param dst the destination
     * @param off the first element written
     * @param n the number of draws
     */
    public static void gaussians(
            final long key, final long first, final long stride, final float[] dst, final int off, final int n) {
        Objects.checkFromIndexSize(off, n, dst.length);
        final int lanes = L.length();
        final long gamma = stride * RandomStreams.GOLDEN_GAMMA;
        LongVector counter = counters(key + first * RandomStreams.GOLDEN_GAMMA, gamma);
        final long advance = gamma * lanes;
        int t = 0;
        for (; t <= n - lanes; t += lanes) {
            gaussian(counter).intoArray(dst, off + t);
            counter = counter.add(advance);
        }
        for (; t < n; t++) {
            dst[off + t] = RandomStreams.gaussian(key, first + t * stride);
        }
    }

    /**
     * Counters {@code start + lane * gamma} for every lane (64-bit wrap-around, as the scalar index arithmetic).
     *
     * @param start the counter of lane 0
     * @param gamma the counter step between lanes
     * @return the counters
     */
    static LongVector counters(final long start, final long gamma) {
        return LongVector.zero(L).addIndex(1).mul(gamma).add(start);
    }

    /** {@link RandomStreams#mix} lane-wise. */
    static LongVector mix(final LongVector z) {
        LongVector x = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30))
                .mul(MIX1);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 27))
                .mul(MIX2);
        return x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 31));
    }

    /**
     * {@link RandomStreams#gaussian} lane-wise, for counters {@code key + index * GOLDEN_GAMMA}.
     *
     * @param counter one counter per lane
     * @return one standard normal deviate per lane
     */
    static FloatVector gaussian(final LongVector counter) {
        final LongVector b = mix(counter);
        final FloatVector u1 = ((FloatVector)
                        b.lanewise(VectorOperators.LSHR, 40).add(1L).convertShape(VectorOperators.L2F, FL, 0))
                .mul(RandomStreams.TWO_POW_MINUS_24);
        final FloatVector u2 = ((FloatVector)
                        b.lanewise(VectorOperators.LSHR, 8).and(0xFFFFFFL).convertShape(VectorOperators.L2F, FL, 0))
                .mul(RandomStreams.TWO_POW_MINUS_24);
        final FloatVector r = VectorMath.log(u1).mul(-2.0f).sqrt();
        return r.mul(VectorMath.cos2pi(u2));
    }
}
