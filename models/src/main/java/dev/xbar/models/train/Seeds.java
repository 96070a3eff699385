package dev.xbar.models.train;

import dev.xbar.core.random.RandomStreams;

/**
 * The counter-based streams of a training run (the chip's own noise comes from engine-core's streams keyed by the
 * chip's event counter). Each draw is a pure function of (run seed, purpose tag, index, draw), so nothing needs to be
 * saved to resume a run, and no draw depends on thread count. Public for the initial weights, which tests of layers and
 * matrices also start from.
 */
public final class Seeds {
    /** Tag of the per-epoch shuffle. */
    static final long SHUFFLE = 1;
    /** Tag of the initial weights. */
    static final long INIT = 2;

    private Seeds() {}

    /**
     * The key of one stream.
     *
     * @param seed the run seed
     * @param tag what the draws are for
     * @param index e.g. the epoch or the layer
     * @return the key
     */
    static long key(final long seed, final long tag, final long index) {
        final long k =
                RandomStreams.mix(RandomStreams.mix(seed + RandomStreams.GOLDEN_GAMMA) + tag * 0x632BE59BD9B4E019L);
        return RandomStreams.mix(k + index * RandomStreams.GOLDEN_GAMMA);
    }

    /**
     * A permutation of [0, n) by Fisher-Yates from the stream (seed, SHUFFLE, epoch).
     *
     * @param seed the run seed
     * @param epoch the epoch
     * @param n the size
     * @return the permutation
     */
    static int[] shuffle(final long seed, final int epoch, final int n) {
        final long key = key(seed, SHUFFLE, epoch);
        final int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            final int j = (int) Math.unsignedMultiplyHigh(RandomStreams.bits(key, i), i + 1L);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Initial weights U(-1, 1) / sqrt(inputs), as the authors' software back end draws them, from the stream (seed,
     * INIT, layer).
     *
     * @param seed the run seed
     * @param layer the weight layer's index
     * @param inputs rows of W
     * @param outputs columns of W
     * @return the weights, [inputs x outputs]
     */
    public static float[] initialWeights(final long seed, final int layer, final int inputs, final int outputs) {
        final long key = key(seed, INIT, layer);
        final float scale = (float) (1.0 / Math.sqrt(inputs));
        final float[] w = new float[inputs * outputs];
        for (int k = 0; k < w.length; k++) {
            w[k] = (2.0f * RandomStreams.uniform(key, k) - 1.0f) * scale;
        }
        return w;
    }
}
