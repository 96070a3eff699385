package dev.xbar.models.layer;

/**
 * One stage of a {@link Network}. Activations are flat float arrays holding a mini-batch, sample after sample, each
 * sample in its {@link Shape}'s HWC order. A layer works on a range of a mini-batch's samples, so that one parallel
 * region per pass can run a whole network over each range ({@link Network}). Layers allocate their scratch once
 * (growing with the batch) and nothing per call once warm.
 */
public sealed interface Layer permits Relu, Identity, MaxPool2d, Flatten, TimeDistributed, WeightLayer {
    /**
     * The shape of one input sample.
     *
     * @return the shape
     */
    Shape inputShape();

    /**
     * The shape of one output sample.
     *
     * @return the shape
     */
    Shape outputShape();

    /**
     * Makes ready for a mini-batch, once, on the calling thread, before any of its samples runs: grows scratch to the
     * batch and takes the chip events its forward products draw. {@link Network} calls it in layer order, so the
     * draws are the same however the samples are then split over threads.
     *
     * @param batch samples
     * @param keep whether the forward pass keeps what a backward pass needs (the im2col patches): a training pass
     *     does, and so does any pass of a network that does not read in place ({@link Network#readInPlace}); a
     *     backward pass after a forward pass that kept nothing makes what it needs itself
     */
    default void beginBatch(final int batch, final boolean keep) {}

    /**
     * Computes the outputs of samples [from, to) of the mini-batch of the last {@link #beginBatch}. Writes only those
     * samples' outputs and scratch, so sample ranges may run on different threads at the same time.
     *
     * @param in inputs, batch x inputShape().size()
     * @param out outputs, batch x outputShape().size()
     * @param from first sample
     * @param to one past the last sample
     */
    void forward(float[] in, float[] out, int from, int to);

    /**
     * Back-propagates samples [from, to): from the loss gradient w.r.t. their outputs, gives the gradient w.r.t. their
     * inputs and, for layers with weights, sums the weight-gradient slices their rows fill and keeps what the others
     * need ({@link WeightLayer#pendingSlices}).
     * Must follow the {@link #forward} of the same samples; ranges may run at the same time, as forward.
     *
     * @param in the inputs of that forward pass
     * @param out its outputs
     * @param dOut loss gradient w.r.t. the outputs
     * @param dIn loss gradient w.r.t. the inputs (written), or null when no earlier layer needs it
     * @param from first sample
     * @param to one past the last sample
     */
    void backward(float[] in, float[] out, float[] dOut, float[] dIn, int from, int to);
}
