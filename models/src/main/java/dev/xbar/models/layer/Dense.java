package dev.xbar.models.layer;

import java.util.Objects;
import java.util.function.IntConsumer;

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
    private final GradientSlices slices = new GradientSlices();
    private final IntConsumer sumSlice = this::sumSlice;

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
    public int pendingSlices() {
        return slices.pending();
    }

    @Override
    public void sumPendingSlice(final int k) {
        sumSlice(slices.pendingSlice(k));
    }

    private void sumSlice(final int slice) {
        Gemm.gradientSlice(rowInputs[0], rowDeltas[0], rowCount, matrix.inputs(), matrix.outputs(), slice, partials);
    }

    @Override
    public void reduceGradient() {
        Gemm.reduce(partials, slices.count(), gradient);
    }

    @Override
    public void beginBatch(final int batch, final boolean keep) {
        matrix.beginProducts(batch, 1);
        rowCount = batch;
        slices.begin(rowCount);
        partials = Gemm.grow(partials, slices.count() * gradient.length);
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
        slices.sumWithin(from, to, sumSlice);
        if (dIn != null) {
            Gemm.multiplyTransposed(dOut, matrix.outputs(), matrix.weights(), matrix.inputs(), dIn, from, to);
        }
    }
}
