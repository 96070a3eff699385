package dev.xbar.models.layer;

/** A layer with a weight matrix (on a chip or in software) and the gradient of its last backward pass. */
public sealed interface WeightLayer extends Layer permits Dense, Conv2d, ConvLstm {
    /**
     * The weights.
     *
     * @return the matrix
     */
    WeightMatrix matrix();

    /**
     * The weight gradient of the last backward pass comes in fixed slices of its rows (how many depends on the batch
     * only), each summed into its own partial: a slice whose rows all lie in one backward range at the end of that
     * range ({@link GradientSlices}), the others after all ranges through this method and {@link #sumPendingSlice}, so
     * that what is left of all layers shares one parallel region.
     *
     * @return slices the backward ranges left unsummed, once they have all run
     */
    int pendingSlices();

    /**
     * Sums one slice the backward ranges left into the layer's own partial buffer; slices may run in any order and at
     * the same time, once the whole mini-batch has been through {@link #backward}.
     *
     * @param k 0 to {@link #pendingSlices()} - 1
     */
    void sumPendingSlice(int k);

    /** Sets {@link #gradient()} to the sum of the slices' partials, in slice order. */
    void reduceGradient();

    /**
     * dLoss/dW of the last backward pass, summed over its mini-batch, [inputs x outputs] (a live view), once {@link
     * #reduceGradient()} has run.
     *
     * @return the gradient
     */
    float[] gradient();

    /**
     * Moves the weights by the rows of the last backward pass, sample by sample ({@link WeightMatrix#updateRows}):
     * the inputs x_r and output gradients d_r whose outer products sum to {@link #gradient()} (a dense layer's
     * samples, a convolution's im2col patches, a ConvLSTM's patches step after step), with -learningRate each.
     *
     * @param learningRate the SGD learning rate
     */
    void updateBySamples(float learningRate);
}
