package dev.xbar.models.layer;

/**
 * One stage of a {@link Network}. Activations are flat float arrays holding a mini-batch, sample after sample, each
 * sample in its {@link Shape}'s HWC order. Layers allocate their scratch once (growing with the batch) and nothing per
 * call once warm.
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
     * Computes the outputs of a mini-batch.
     *
     * @param in inputs, batch x inputShape().size()
     * @param out outputs, batch x outputShape().size()
     * @param batch samples
     */
    void forward(float[] in, float[] out, int batch);

    /**
     * Back-propagates: from the loss gradient w.r.t. the outputs, gives the gradient w.r.t. the inputs and, for layers
     * with weights, accumulates the weight gradient. Must follow the {@link #forward} of the same mini-batch.
     *
     * @param in the inputs of that forward pass
     * @param out its outputs
     * @param dOut loss gradient w.r.t. the outputs
     * @param dIn loss gradient w.r.t. the inputs (written), or null when no earlier layer needs it
     * @param batch samples
     */
    void backward(float[] in, float[] out, float[] dOut, float[] dIn, int batch);
}
