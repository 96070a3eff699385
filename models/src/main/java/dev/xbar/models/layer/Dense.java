package dev.xbar.models.layer;

import java.util.Objects;

/**
 * A fully connected layer without bias: y = x W. On a chip (an {@link AnalogMatrix}) it is the paper's analog dense
 * layer: each sample is one input vector.
 */
public final class Dense implements WeightLayer {
    private final WeightMatrix matrix;
    private final Parallel parallel;
    private final float[] gradient;
    private float[] partials = new float[0];
    private final float[][] rowInputs = new float[1][];
    private final float[][] rowDeltas = new float[1][];
    private int rowCount;

    /**
     * A dense layer.
     *
     * @param matrix the weights, [inputs x outputs]
     * @param parallel the runner for the backward products
     */
    public Dense(final WeightMatrix matrix, final Parallel parallel) {
        this.matrix = Objects.requireNonNull(matrix, "matrix");
        this.parallel = Objects.requireNonNull(parallel, "parallel");
        this.gradient = new float[matrix.inputs() * matrix.outputs()];
    }

    @Override
    public Shape inputShape() {
        return Shape.vector(matrix.inputs());
    }

    @Override
    public Shape outputShape() {
        return Shape.vector(matrix.outputs());
    }

    @Override
    public WeightMatrix matrix() {
        return matrix;
    }

    @Override
    public float[] gradient() {
        return gradient;
    }

    @Override
    public void updateBySamples(final float learningRate) {
        matrix.updateRows(rowInputs, rowDeltas, rowCount, learningRate);
    }

    @Override
    public void forward(final float[] in, final float[] out, final int batch) {
        matrix.multiply(in, batch, out);
    }

    @Override
    public void backward(final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int batch) {
        rowInputs[0] = in;
        rowDeltas[0] = dOut;
        rowCount = batch;
        partials =
                Gemm.weightGradient(parallel, in, dOut, batch, matrix.inputs(), matrix.outputs(), gradient, partials);
        if (dIn != null) {
            Gemm.multiplyTransposed(parallel, dOut, batch, matrix.outputs(), matrix.weights(), matrix.inputs(), dIn);
        }
    }
}
