package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.I;
import static dev.xbar.simd.Lanes.IL;
import static dev.xbar.simd.Lanes.L;
import static dev.xbar.simd.Lanes.N;
import static jdk.incubator.vector.VectorOperators.ABS;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.MUL;
import static jdk.incubator.vector.VectorOperators.NEG;
import static jdk.incubator.vector.VectorOperators.SQRT;
import static jdk.incubator.vector.VectorOperators.SUB;

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
 * <p>Gaussians are made in three short passes over a block of at most {@value #BLOCK} draws (raw bits, uniforms,
 * then radius and angle together) rather than in one loop: one loop holding the whole chain exceeds C2's inlining
 * node budget (NodeCountInliningCutoff), after which the Vector API falls back to boxed vectors and allocates on every
 * draw.
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
        final long[] raw = BUFFERS.get().raw;
        for (int t = 0; t < n; t += BLOCK) {
            final int m = Math.min(BLOCK, n - t);
            bits(counters, advance, raw, 0, m);
            fromBits(raw, 0, dst, off + t, m);
        }
    }

    /**
     * Gaussians from raw 64-bit draws: {@code dst[off + t] = } the Gaussian that {@code RandomStreams} makes of the
     * draw {@code raw[rawOff + t]}, t = 0 .. n - 1. Lets a caller draw the bits of many short streams (one lane group
     * of devices each) and turn them into Gaussians in one pass at full width.
     *
     * @param raw raw draws ({@link #bits})
     * @param rawOff the first draw
     * @param dst the destination
     * @param off the first element written
     * @param n the number of draws, a multiple of the long lane count
     */
    static void fromBits(final long[] raw, final int rawOff, final float[] dst, final int off, final int n) {
        final float[] angles = BUFFERS.get().angles;
        for (int t = 0; t < n; t += BLOCK) {
            final int m = Math.min(BLOCK, n - t);
            uniforms(raw, rawOff + t, dst, off + t, angles, m);
            polar(dst, off + t, angles, m);
        }
    }

    /**
     * Raw 64-bit draws of {@code L.length()} interleaved streams: {@code dst[off + s * lanes + l] =
     * RandomStreams.mix(counters[l] + s * advance)} for s = 0 .. n / lanes - 1; on return counters hold the next
     * counters.
     *
     * @param counters one counter per lane, advanced in place
     * @param advance the counter step from one row of lanes to the next
     * @param dst the destination
     * @param off the first element written
     * @param n draws, a multiple of the long lane count
     */
    static void bits(final long[] counters, final long advance, final long[] dst, final int off, final int n) {
        final int lanes = L.length();
        final LongVector step = LongVector.broadcast(L, advance);
        LongVector counter = LongVector.fromArray(L, counters, 0);
        for (int t = 0; t < n; t += lanes) {
            counter.intoArray(dst, off + t);
            counter = counter.lanewise(ADD, step);
        }
        counter.intoArray(counters, 0);
        mixed(dst, off, 0L, dst, off, n);
    }

    /**
     * Raw 64-bit draws of arbitrary counters: {@code dst[off + t] = RandomStreams.mix(src[srcOff + t] + add)}, t = 0
     * .. n - 1 (in place when src is dst). The only place the SplitMix64 finalizer is written lane-wise (vector
     * helpers are not reliably inlined by C2, and a vector that crosses a call is boxed).
     *
     * @param src the counters
     * @param srcOff the first counter
     * @param add added to every counter before mixing (e.g. a draw index times GOLDEN_GAMMA)
     * @param dst the destination
     * @param off the first element written
     * @param n draws, a multiple of the long lane count
     */
    static void mixed(
            final long[] src, final int srcOff, final long add, final long[] dst, final int off, final int n) {
        final int lanes = L.length();
        final LongVector plus = LongVector.broadcast(L, add);
        final LongVector mix1 = LongVector.broadcast(L, MIX1);
        final LongVector mix2 = LongVector.broadcast(L, MIX2);
        for (int t = 0; t < n; t += lanes) {
            final LongVector z = LongVector.fromArray(L, src, srcOff + t).lanewise(ADD, plus);
            LongVector x = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30))
                    .lanewise(MUL, mix1);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 27))
                    .lanewise(MUL, mix2);
            x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 31))
                    .intoArray(dst, off + t);
        }
    }

    /** Pass 1: u1 = (bits 63..40 + 1) into dst, u2 = bits 31..8 into angles, as the scalar int arithmetic does. */
    private static void uniforms(
            final long[] raw, final int rawOff, final float[] dst, final int off, final float[] angles, final int m) {
        final int lanes = L.length();
        final LongVector low24 = LongVector.broadcast(L, 0xFFFFFFL);
        final IntVector one = IntVector.broadcast(IL, 1);
        for (int t = 0; t < m; t += lanes) {
            final LongVector b = LongVector.fromArray(L, raw, rawOff + t);
            final IntVector hi =
                    (IntVector) b.lanewise(VectorOperators.LSHR, 40).convertShape(VectorOperators.L2I, IL, 0);
            final IntVector lo = (IntVector)
                    b.lanewise(VectorOperators.LSHR, 8).lanewise(AND, low24).convertShape(VectorOperators.L2I, IL, 0);
            ((FloatVector) hi.lanewise(ADD, one).convert(VectorOperators.I2F, 0)).intoArray(dst, off + t);
            ((FloatVector) lo.convert(VectorOperators.I2F, 0)).intoArray(angles, t);
        }
    }

    /**
     * Pass 2: sqrt(-2 log u1) cos(2 pi u2) in place (the 2^-24 scaling of u1 and u2 happens here), with FloatMath.log's
     * and FloatMath.cos2pi's operations written out lane-wise. The radius and the angle were two passes, with the
     * radius stored and loaded again between them; in one loop the Gaussian costs about a sixth less
     * ({@code GaussianBenchmark}: 0.74 against 0.61 ns a draw, 3 alternating forks each, AMD EPYC Zen 5). Written out
     * rather than calling vector helpers, and with every constant an explicit vector of this species rather than a
     * scalar operand: both fall back to boxed vectors once C2 declines to inline the helper or finds the
     * scalar-operand path's shared profile polluted by another species.
     */
    static void polar(final float[] dst, final int off, final float[] angles, final int m) {
        final FloatVector scale = FloatVector.broadcast(F, RandomStreams.TWO_POW_MINUS_24);
        final IntVector twoThirds = IntVector.broadcast(I, FloatMath.TWO_THIRDS_BITS);
        final IntVector exponent = IntVector.broadcast(I, 23);
        final FloatVector one = FloatVector.broadcast(F, 1.0f);
        final FloatVector minusTwo = FloatVector.broadcast(F, -2.0f);
        final FloatVector ln2 = FloatVector.broadcast(F, FloatMath.LN2);
        final FloatVector l0 = FloatVector.broadcast(F, FloatMath.L0);
        final FloatVector l1 = FloatVector.broadcast(F, FloatMath.L1);
        final FloatVector l2 = FloatVector.broadcast(F, FloatMath.L2);
        final FloatVector l3 = FloatVector.broadcast(F, FloatMath.L3);
        final FloatVector l4 = FloatVector.broadcast(F, FloatMath.L4);
        final FloatVector l5 = FloatVector.broadcast(F, FloatMath.L5);
        final FloatVector l6 = FloatVector.broadcast(F, FloatMath.L6);
        final FloatVector l7 = FloatVector.broadcast(F, FloatMath.L7);
        final FloatVector l8 = FloatVector.broadcast(F, FloatMath.L8);
        final FloatVector half = FloatVector.broadcast(F, 0.5f);
        final FloatVector quarter = FloatVector.broadcast(F, 0.25f);
        final FloatVector s0 = FloatVector.broadcast(F, FloatMath.S0);
        final FloatVector s1 = FloatVector.broadcast(F, FloatMath.S1);
        final FloatVector s2 = FloatVector.broadcast(F, FloatMath.S2);
        final FloatVector s3 = FloatVector.broadcast(F, FloatMath.S3);
        final FloatVector s4 = FloatVector.broadcast(F, FloatMath.S4);
        int t = 0;
        for (; t <= m - N; t += N) {
            final IntVector bits =
                    FloatVector.fromArray(F, dst, off + t).lanewise(MUL, scale).reinterpretAsInts();
            final IntVector e = bits.lanewise(SUB, twoThirds).lanewise(VectorOperators.ASHR, exponent);
            final FloatVector f = bits.lanewise(SUB, e.lanewise(VectorOperators.LSHL, exponent))
                    .reinterpretAsFloats()
                    .lanewise(SUB, one);
            FloatVector q = f.lanewise(FMA, l8, l7);
            q = q.lanewise(FMA, f, l6);
            q = q.lanewise(FMA, f, l5);
            q = q.lanewise(FMA, f, l4);
            q = q.lanewise(FMA, f, l3);
            q = q.lanewise(FMA, f, l2);
            q = q.lanewise(FMA, f, l1);
            q = q.lanewise(FMA, f, l0);
            final FloatVector r = f.lanewise(MUL, f).lanewise(FMA, q, f);
            final FloatVector log = ((FloatVector) e.convert(VectorOperators.I2F, 0)).lanewise(FMA, ln2, r);
            final FloatVector y = FloatVector.fromArray(F, angles, t)
                    .lanewise(MUL, scale)
                    .lanewise(SUB, half)
                    .lanewise(ABS);
            final FloatVector w = quarter.lanewise(SUB, y);
            final FloatVector w2 = w.lanewise(MUL, w);
            FloatVector p = w2.lanewise(FMA, s4, s3);
            p = p.lanewise(FMA, w2, s2);
            p = p.lanewise(FMA, w2, s1);
            p = p.lanewise(FMA, w2, s0);
            log.lanewise(MUL, minusTwo)
                    .lanewise(SQRT)
                    .lanewise(MUL, w.lanewise(MUL, p).lanewise(NEG))
                    .intoArray(dst, off + t);
        }
        for (; t < m; t++) {
            dst[off + t] = RandomStreams.boxMuller(
                    dst[off + t] * RandomStreams.TWO_POW_MINUS_24, angles[t] * RandomStreams.TWO_POW_MINUS_24);
        }
    }

    /** The passes' per-thread buffers. */
    private static final class Buffers {
        final long[] counters = new long[L.length()];
        final float[] angles = new float[BLOCK];
        final long[] raw = new long[BLOCK];
    }
}
