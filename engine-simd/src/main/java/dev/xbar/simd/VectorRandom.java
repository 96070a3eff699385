package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.IL;
import static dev.xbar.simd.Lanes.L;
import static dev.xbar.simd.Lanes.N;

import dev.xbar.core.random.FloatMath;
import dev.xbar.core.random.RandomStreams;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link RandomStreams} lane by lane: each 64-bit lane holds one counter {@code key + index * GOLDEN_GAMMA} and goes
 * through the same SplitMix64 finalizer and Box-Muller steps as the scalar draw, so every value equals {@code
 * RandomStreams.gaussian(key, index)} bit for bit. The streams are stateless; counters live in local vectors or in
 * {@code long[]}, never in vector-typed fields (which box every operation, STYLE B4).
 *
 * <p>Gaussians are made in four short passes over a block of at most {@value #BLOCK} draws (raw bits, uniforms,
 * radius, angle) rather than in one loop: one loop holding the whole chain exceeds C2's inlining node budget
 * (NodeCountInliningCutoff), after which the Vector API falls back to boxed vectors and allocates on every draw.
 * The passes stay in L1 and let the float part run at the full float width.
 *
 * <p>Needs {@code jdk.incubator.vector} in the boot layer: check {@link SimdKernelProvider#vectorModulePresent()}
 * before touching this class.
 */
public final class VectorRandom {
    /** Draws per pass: a multiple of every vector length, small enough to stay in L1. */
    static final int BLOCK = 512;

    private static final long MIX1 = 0xBF58476D1CE4E5B9L;
    private static final long MIX2 = 0x94D049BB133111EBL;

    /** Per-thread counters and angle buffer of the passes. */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

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
        final int whole = n - n % lanes;
        if (whole > 0) {
            final long[] counters = BUFFERS.get().counters;
            for (int l = 0; l < lanes; l++) {
                counters[l] = key + (first + l * stride) * RandomStreams.GOLDEN_GAMMA;
            }
            lanes(counters, stride * lanes * RandomStreams.GOLDEN_GAMMA, dst, off, whole);
        }
        for (int t = whole; t < n; t++) {
            dst[off + t] = RandomStreams.gaussian(key, first + t * stride);
        }
    }

    /**
     * Gaussians for {@code L.length()} interleaved streams: {@code dst[off + s * lanes + l] = gaussian of counter
     * counters[l] + s * advance}, for s = 0 .. n / lanes - 1 (a counter is {@code key + index * GOLDEN_GAMMA}). On
     * return counters hold the next counters.
     *
     * @param counters one counter per 64-bit lane, advanced in place
     * @param advance the counter step from one row of lanes to the next
     * @param dst the destination
     * @param off the first element written
     * @param n draws, a multiple of the long lane count
     */
    static void lanes(final long[] counters, final long advance, final float[] dst, final int off, final int n) {
        final Buffers buffers = BUFFERS.get();
        final float[] angles = buffers.angles;
        for (int t = 0; t < n; t += BLOCK) {
            final int m = Math.min(BLOCK, n - t);
            bits(counters, advance, buffers.raw, 0, m);
            uniforms(buffers.raw, dst, off + t, angles, m);
            radius(dst, off + t, m);
            angle(dst, off + t, angles, m);
        }
    }

    /**
     * Raw 64-bit draws of {@code L.length()} interleaved streams: {@code dst[off + s * lanes + l] =
     * RandomStreams.mix(counters[l] + s * advance)} for s = 0 .. n / lanes - 1; on return counters hold the next
     * counters. The only place the SplitMix64 finalizer is written lane-wise (vector helpers are not reliably
     * inlined by C2, and a vector that crosses a call is boxed).
     *
     * @param counters one counter per lane, advanced in place
     * @param advance the counter step from one row of lanes to the next
     * @param dst the destination
     * @param off the first element written
     * @param n draws, a multiple of the long lane count
     */
    static void bits(final long[] counters, final long advance, final long[] dst, final int off, final int n) {
        final int lanes = L.length();
        LongVector counter = LongVector.fromArray(L, counters, 0);
        for (int t = 0; t < n; t += lanes) {
            LongVector x = counter.lanewise(VectorOperators.XOR, counter.lanewise(VectorOperators.LSHR, 30))
                    .mul(MIX1);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 27))
                    .mul(MIX2);
            x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 31))
                    .intoArray(dst, off + t);
            counter = counter.add(advance);
        }
        counter.intoArray(counters, 0);
    }

    /** Pass 1: u1 = (bits 63..40 + 1) into dst, u2 = bits 31..8 into angles, as the scalar int arithmetic does. */
    private static void uniforms(
            final long[] raw, final float[] dst, final int off, final float[] angles, final int m) {
        final int lanes = L.length();
        for (int t = 0; t < m; t += lanes) {
            final LongVector b = LongVector.fromArray(L, raw, t);
            final IntVector hi =
                    (IntVector) b.lanewise(VectorOperators.LSHR, 40).convertShape(VectorOperators.L2I, IL, 0);
            final IntVector lo = (IntVector)
                    b.lanewise(VectorOperators.LSHR, 8).and(0xFFFFFFL).convertShape(VectorOperators.L2I, IL, 0);
            ((FloatVector) hi.add(1).convert(VectorOperators.I2F, 0)).intoArray(dst, off + t);
            ((FloatVector) lo.convert(VectorOperators.I2F, 0)).intoArray(angles, t);
        }
    }

    /** Pass 2: r = sqrt(-2 log u1) in place (the 2^-24 scaling of u1 happens here). */
    private static void radius(final float[] dst, final int off, final int m) {
        int t = 0;
        for (; t <= m - N; t += N) {
            final FloatVector u1 = FloatVector.fromArray(F, dst, off + t).mul(RandomStreams.TWO_POW_MINUS_24);
            VectorMath.log(u1).mul(-2.0f).sqrt().intoArray(dst, off + t);
        }
        for (; t < m; t++) {
            dst[off + t] = (float) Math.sqrt(-2.0f * FloatMath.log(dst[off + t] * RandomStreams.TWO_POW_MINUS_24));
        }
    }

    /** Pass 3: r * cos(2 pi u2). */
    private static void angle(final float[] dst, final int off, final float[] angles, final int m) {
        int t = 0;
        for (; t <= m - N; t += N) {
            final FloatVector u2 = FloatVector.fromArray(F, angles, t).mul(RandomStreams.TWO_POW_MINUS_24);
            FloatVector.fromArray(F, dst, off + t).mul(VectorMath.cos2pi(u2)).intoArray(dst, off + t);
        }
        for (; t < m; t++) {
            dst[off + t] *= FloatMath.cos2pi(angles[t] * RandomStreams.TWO_POW_MINUS_24);
        }
    }

    /** The passes' per-thread buffers. */
    private static final class Buffers {
        final long[] counters = new long[L.length()];
        final float[] angles = new float[BLOCK];
        final long[] raw = new long[BLOCK];
    }
}
