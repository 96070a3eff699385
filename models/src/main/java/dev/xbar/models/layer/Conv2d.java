package dev.xbar.models.layer;

import java.util.Objects;

/**
 * A stride-1 convolution without bias by the dense im2col mapping (see {@link Im2col} for the patch order, which is
 * the order of the weight matrix's rows and so of a conv block's chip row pairs). Forward: all patches of the
 * mini-batch are multiplied at once; on a chip (an {@link AnalogMatrix}) each patch is one input vector, scaled to the
 * read voltage on its own. Backward: in software from {@link WeightMatrix#weights()}.
 */
public final class Conv2d implements WeightLayer {
    private final Im2col geometry;
    private final WeightMatrix matrix;
    private final Parallel parallel;
    private final float[] gradient;
    private float[] patches = new float[0];
    private float[] dPatches = new float[0];
    private float[] partials = new float[0];
    private final float[][] rowInputs = new float[1][];
    private final float[][] rowDeltas = new float[1][];
    private int rowCount;

    /**
     * A convolution.
     *
     * @param geometry input shape, kernel and padding
     * @param matrix the weights, [geometry.patchSize() x output channels]
     * @param parallel the runner for the patch gathering and the backward products
     */
    public Conv2d(final Im2col geometry, final WeightMatrix matrix, final Parallel parallel) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.matrix = Objects.requireNonNull(matrix, "matrix");
        this.parallel = Objects.requireNonNull(parallel, "parallel");
        if (matrix.inputs() != geometry.patchSize()) {
            throw new IllegalArgumentException("conv weights have " + matrix.inputs() + " rows but a patch of "
                    + geometry.kernelHeight() + " x " + geometry.kernelWidth() + " x "
                    + geometry.input().channels()
                    + " has " + geometry.patchSize() + " values");
        }
        this.gradient = new float[matrix.inputs() * matrix.outputs()];
    }

    /**
     * The mapping.
     *
     * @return the geometry
     */
    public Im2col geometry() {
        return geometry;
    }

    @Override
    public Shape inputShape() {
        return geometry.input();
    }

    @Override
    public Shape outputShape() {
        return new Shape(geometry.outHeight(), geometry.outWidth(), matrix.outputs());
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
        final int rows = batch * geometry.patchesPerSample();
        patches = Gemm.ensure(patches, rows * geometry.patchSize());
        final float[] unrolled = patches;
        parallel.run(rows, (slice, from, to) -> geometry.gather(in, unrolled, from, to));
        matrix.multiply(patches, rows, out);
    }

    @Override
    public void backward(final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int batch) {
        final int rows = batch * geometry.patchesPerSample();
        rowInputs[0] = patches;
        rowDeltas[0] = dOut;
        rowCount = rows;
        partials = Gemm.weightGradient(
                parallel, patches, dOut, rows, matrix.inputs(), matrix.outputs(), gradient, partials);
        if (dIn == null) {
            return;
        }
        dPatches = Gemm.ensure(dPatches, rows * geometry.patchSize());
        Gemm.multiplyTransposed(parallel, dOut, rows, matrix.outputs(), matrix.weights(), matrix.inputs(), dPatches);
        final float[] gradients = dPatches;
        parallel.run(
                batch * geometry.input().height(), (slice, from, to) -> geometry.scatter(gradients, dIn, from, to));
    }
}
