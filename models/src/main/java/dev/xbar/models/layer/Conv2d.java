package dev.xbar.models.layer;

import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A stride-1 convolution without bias by the dense im2col mapping (see {@link Im2col} for the patch order, which is
 * the order of the weight matrix's rows and so of a conv block's chip row pairs). Forward: a sample range's patches
 * are gathered and multiplied at once, one product (one chip event per tile) for the whole mini-batch; on a chip (an
 * {@link AnalogMatrix}) each patch is one input vector, scaled to the read voltage on its own. Backward: in software
 * from {@link WeightMatrix#weights()}.
 */
public final class Conv2d implements WeightLayer {
    private final Im2col geometry;
    private final WeightMatrix matrix;
    private final float[] gradient;
    private float[] patches = new float[0];
    private float[] partials = new float[0];
    private final float[][] rowInputs = new float[1][];
    private final float[][] rowDeltas = new float[1][];
    private int rowCount;

    /**
     * Whether the forward pass wrote the patches out (every row range of a batch answers the same, the matrix
     * decides); if not, the backward pass writes each range's before it needs them.
     */
    private boolean gathered;

    /** Whether the batch's forward pass writes the patches out for a backward pass ({@link #beginBatch}). */
    private boolean keep;

    private final GradientSlices slices = new GradientSlices();
    private final IntConsumer sumSlice = this::sumSlice;

    /**
     * A convolution.
     *
     * @param geometry input shape, kernel and padding
     * @param matrix the weights, [geometry.patchSize() x output channels]
     */
    public Conv2d(final Im2col geometry, final WeightMatrix matrix) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.matrix = Objects.requireNonNull(matrix, "matrix");
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
    public int pendingSlices() {
        return slices.pending();
    }

    @Override
    public void sumPendingSlice(final int k) {
        sumSlice(slices.pendingSlice(k));
    }

    private void sumSlice(final int slice) {
        Gemm.gradientSlice(patches, rowDeltas[0], rowCount, matrix.inputs(), matrix.outputs(), slice, partials);
    }

    @Override
    public void reduceGradient() {
        Gemm.reduce(partials, slices.count(), gradient);
    }

    /** Grows the patch buffers to the batch's im2col rows, and the matrix to one product of them. */
    @Override
    public void beginBatch(final int batch, final boolean keep) {
        this.keep = keep;
        rowCount = batch * geometry.patchesPerSample();
        patches = Gemm.ensure(patches, rowCount * geometry.patchSize());
        rowInputs[0] = patches;
        slices.begin(rowCount);
        partials = Gemm.grow(partials, slices.count() * gradient.length);
        matrix.beginProducts(rowCount, 1);
    }

    /**
     * The patches' product. A pass that keeps them ({@link #beginBatch}) writes them out first, as its backward pass
     * needs them for the weight gradient; any other lets a chip read them in place ({@link
     * WeightMatrix#multiplyPatches}), and a backward pass that follows it all the same writes them then. (Training
     * through the in-place product and writing the patches in the backward pass made the default run about 10%
     * slower: 8 interleaved pairs.)
     */
    @Override
    public void forward(final float[] in, final float[] out, final int from, final int to) {
        final int perSample = geometry.patchesPerSample();
        if (keep) {
            geometry.gather(in, patches, from * perSample, to * perSample);
            matrix.multiply(patches, out, from * perSample, to * perSample, 0);
            gathered = true;
        } else {
            gathered = matrix.multiplyPatches(geometry, in, patches, out, from * perSample, to * perSample, 0);
        }
    }

    @Override
    public void backward(
            final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int from, final int to) {
        rowDeltas[0] = dOut;
        final int perSample = geometry.patchesPerSample();
        if (!gathered) {
            geometry.gather(in, patches, from * perSample, to * perSample);
        }
        slices.sumWithin(from * perSample, to * perSample, sumSlice);
        if (dIn != null) {
            geometry.scatterProduct(dOut, matrix.outputs(), matrix.weights(), dIn, from, to);
        }
    }
}
