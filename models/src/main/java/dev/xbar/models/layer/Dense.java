package dev.xbar.models.layer;

import java.util.Objects;

/**
 * A fully connected layer without bias: y = x W. On a chip (an {@link AnalogMatrix}) it is the paper's analog dense
 * layer: each sample is one input vector.
 */
public final class Dense implements WeightLayer {
    private final WeightMatrix matrix;
    private final float[] gradient;
    private float[] partials = new float[0];
    private final float[][] rowInputs = new float[1][];
    private final float[][] rowDeltas = new float[1][];
    private int rowCount;

    /**
     * A dense layer.
     *
     * @param matrix the weights, [inputs x outputs]
     */
    public Dense(final WeightMatrix matrix) {
        this.matrix = Objects.requireNonNull(matrix, "matrix");
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
    public int gradientSlices() {
        return Gemm.gradientSlices(rowCount);
    }

    @Override
    public void gradientSlice(final int slice) {
        Gemm.gradientSlice(rowInputs[0], rowDeltas[0], rowCount, matrix.inputs(), matrix.outputs(), slice, partials);
    }

    @Override
    public void reduceGradient() {
        Gemm.reduce(partials, gradientSlices(), gradient);
    }

    @Override
    public void beginBatch(final int batch) {
        matrix.beginProducts(batch, 1);
        rowCount = batch;
        partials = Gemm.grow(partials, gradientSlices() * gradient.length);
    }

    @Override
    public void forward(final float[] in, final float[] out, final int from, final int to) {
        matrix.multiply(in, out, from, to, 0);
    }

    /** Every sample range leaves the same arrays for the weight gradient: the batch's inputs and output gradients. */
    @Override
    public void backward(
            final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int from, final int to) {
        rowInputs[0] = in;
        rowDeltas[0] = dOut;
        if (dIn != null) {
            Gemm.multiplyTransposed(dOut, matrix.outputs(), matrix.weights(), matrix.inputs(), dIn, from, to);
        }
    }
}
