package dev.xbar.core.random;

/**
 * Counter-based random streams: every draw is a pure function of a 64-bit key and an index, with no state. A key
 * names a stream by (seed, chip, purpose, event); the index names the draw inside it (usually a device or output
 * index). Hence
 *
 * <ul>
 *   <li>each chip of a study is reproducible alone (its key depends only on the seed and its own index);
 *   <li>results do not depend on the thread count or on the order in which devices are visited;
 *   <li>a Vector API kernel reproduces the scalar draws lane by lane: {@link #bits} uses only 64-bit add, multiply,
 *       xor and unsigned shift, and {@link #gaussian} only the {@link FloatMath} operations plus sqrt.
 * </ul>
 *
 * The mixer is the SplitMix64 finalizer (Steele, Lea and Flood 2014) applied to {@code key + index * golden gamma},
 * i.e. exactly the SplitMix64 sequence seeded with {@code key}.
 */
public final class RandomStreams {
    /** The SplitMix64 increment, 2^64 / golden ratio. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** 2^-24: turns a 24-bit integer into a float in [0, 1) exactly. */
    public static final float TWO_POW_MINUS_24 = 0x1.0p-24f;

    private RandomStreams() {}

    /**
     * The SplitMix64 finalizer: a bijective 64-bit mixer.
     *
     * @param z the value to mix
     * @return the mixed value
     */
    public static long mix(final long z) {
        long x = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /**
     * The key of one stream. Each input is folded in by a mix, so neighbouring seeds, chips or events give unrelated
     * streams.
     *
     * @param seed the study or run seed
     * @param chip the chip index within the study
     * @param purpose what the draws are for
     * @param event the event number (a kernel call's {@code chip.nextEvent()}, or 0 at fabrication)
     * @return the stream key
     */
    public static long key(final long seed, final long chip, final Purpose purpose, final long event) {
        long k = mix(seed + GOLDEN_GAMMA);
        k = mix(k + chip * GOLDEN_GAMMA + 1);
        k = mix(k + (purpose.ordinal() + 1L) * GOLDEN_GAMMA);
        return mix(k + event * GOLDEN_GAMMA + 2);
    }

    /**
     * Draw {@code index} of stream {@code key}: 64 random bits.
     *
     * @param key the stream key
     * @param index the draw index
     * @return 64 uniformly distributed bits
     */
    public static long bits(final long key, final long index) {
        return mix(key + index * GOLDEN_GAMMA);
    }

    /**
     * A uniform float in [0, 1): the top 24 bits of {@link #bits} times 2^-24.
     *
     * @param key the stream key
     * @param index the draw index
     * @return a multiple of 2^-24 in [0, 1)
     */
    public static float uniform(final long key, final long index) {
        return (bits(key, index) >>> 40) * TWO_POW_MINUS_24;
    }

    /**
     * A standard normal float by Box-Muller from one 64-bit draw: u1 = (bits 63..40 + 1) * 2^-24 in (0, 1], u2 = (bits
     * 31..8) * 2^-24 in [0, 1), result = sqrt(-2 * log(u1)) * cos2pi(u2), with {@link FloatMath}'s log and cos2pi. The
     * tails are cut at sqrt(48 ln 2) = 5.77 standard deviations, which no test or study here can resolve.
     *
     * @param key the stream key
     * @param index the draw index
     * @return a standard normal deviate
     */
    public static float gaussian(final long key, final long index) {
        final long b = bits(key, index);
        final float u1 = ((int) (b >>> 40) + 1) * TWO_POW_MINUS_24;
        final float u2 = ((int) (b >>> 8) & 0xFFFFFF) * TWO_POW_MINUS_24;
        return boxMuller(u1, u2);
    }

    /**
     * The Box-Muller step of {@link #gaussian}, in its operations and order: sqrt(-2 log u1) (rounded to a float), times
     * cos(2 pi u2), with {@link FloatMath}'s log and cos2pi. The lane-wise kernels finish their tails with it.
     *
     * @param u1 in (0, 1]
     * @param u2 in [0, 1)
     * @return the standard normal deviate of (u1, u2)
     */
    public static float boxMuller(final float u1, final float u2) {
        final float r = (float) Math.sqrt(-2.0f * FloatMath.log(u1));
        return r * FloatMath.cos2pi(u2);
    }
}
