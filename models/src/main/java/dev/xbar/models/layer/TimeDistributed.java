package dev.xbar.models.layer;

/**
 * Applies a layer to every time step of a sequence on its own, as the paper's ConvLSTM network does with its
 * max-pool and dense layers. A sequence sample is {@code steps} frames of the inner layer's shape stacked along the
 * height (frame after frame, which is how a batch of sequences lies in memory), so a mini-batch of sequences is simply
 * a mini-batch of {@code batch * steps} frames for the inner layer: nothing is copied. A weight layer inside gets its
 * gradient summed over samples and steps, as backpropagation through time needs; {@link Network#weightLayers()} lists
 * it.
 *
 * @param inner the layer applied per step
 * @param steps time steps per sample
 */
public record TimeDistributed(Layer inner, int steps) implements Layer {
    /** Validates the step count. */
    public TimeDistributed {
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + " must be at least 1");
        }
    }

    @Override
    public Shape inputShape() {
        return stacked(inner.inputShape(), steps);
    }

    @Override
    public Shape outputShape() {
        return stacked(inner.outputShape(), steps);
    }

    @Override
    public void beginBatch(final int batch, final boolean keep) {
        inner.beginBatch(batch * steps, keep);
    }

    @Override
    public void forward(final float[] in, final float[] out, final int from, final int to) {
        inner.forward(in, out, from * steps, to * steps);
    }

    @Override
    public void backward(
            final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int from, final int to) {
        inner.backward(in, out, dOut, dIn, from * steps, to * steps);
    }

    /**
     * The shape of a sequence sample: the frames stacked along the height.
     *
     * @param frame one step's shape
     * @param steps time steps
     * @return steps * height x width x channels
     */
    public static Shape stacked(final Shape frame, final int steps) {
        return new Shape(steps * frame.height(), frame.width(), frame.channels());
    }
}
