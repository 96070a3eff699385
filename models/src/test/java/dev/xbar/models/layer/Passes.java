package dev.xbar.models.layer;

/**
 * A layer's passes over a whole mini-batch on the calling thread, as {@link Network} runs them: ready for the batch,
 * then the samples in two ranges (so every layer test also sees that ranges compose), and for a weight layer its
 * gradient slices and their sum.
 */
final class Passes {
    private Passes() {}

    static void forward(final Layer layer, final float[] in, final float[] out, final int batch) {
        layer.beginBatch(batch, true);
        final int half = batch / 2;
        layer.forward(in, out, 0, half);
        layer.forward(in, out, half, batch);
    }

    static void backward(
            final Layer layer,
            final float[] in,
            final float[] out,
            final float[] dOut,
            final float[] dIn,
            final int batch) {
        final int half = batch / 2;
        layer.backward(in, out, dOut, dIn, half, batch);
        layer.backward(in, out, dOut, dIn, 0, half);
        if (layer instanceof WeightLayer w) {
            for (int k = w.pendingSlices() - 1; k >= 0; k--) {
                w.sumPendingSlice(k);
            }
            w.reduceGradient();
        }
    }
}
