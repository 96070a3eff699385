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
}
