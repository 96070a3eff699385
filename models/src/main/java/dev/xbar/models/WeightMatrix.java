package dev.xbar.models;

/**
 * A layer's weight matrix W [inputs x outputs]: float weights in software, or a block of devices on a chip. A weight
 * layer only asks it for products, for the weights its backward pass uses, and to move by a change.
 */
public sealed interface WeightMatrix permits FloatMatrix, AnalogMatrix {
    /**
     * Rows of W.
     *
     * @return inputs
     */
    int inputs();

    /**
     * Columns of W.
     *
     * @return outputs
     */
    int outputs();

    /**
     * The forward products y = x W for a batch of input vectors.
     *
     * @param x inputs, [rows x inputs]
     * @param rows input vectors
     * @param y outputs, [rows x outputs]
     */
    void multiply(float[] x, int rows, float[] y);

    /**
     * The weights the backward pass uses: for a chip, those read back after the last update. A live view, [inputs x
     * outputs] row-major; do not modify.
     *
     * @return the weights
     */
    float[] weights();

    /**
     * Moves the weights by {@code delta} (in software exactly; on a chip by programming pulses, then reading back).
     *
     * @param delta the change, [inputs x outputs]
     */
    void update(float[] delta);
}
