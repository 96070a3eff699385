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
     * dLoss/dW of the last backward pass, summed over its mini-batch, [inputs x outputs] (a live view).
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
