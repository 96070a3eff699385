package dev.xbar.models.layer;

import dev.xbar.core.kernel.MatrixKernels;
import dev.xbar.core.kernel.RunTable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Non-overlapping max-pooling (size x size windows, stride = size), in software as in the paper. The forward pass keeps
 * each window's winner (the first maximum in row-major window order) for the backward pass, which only routes each
 * output's gradient to it. An output row (sample b, row oy) reads and, backward, writes only its own {@code size}
 * input rows.
 */
public final class MaxPool2d implements Layer {
    private static final MatrixKernels KERNELS = MatrixKernels.get();

    private final Shape inputShape;
    private final int size;

    /** Output values per sample, kept so the passes need not build an output shape per call. */
    private final int outputSize;

    /**
     * Per output pixel of a sample, the offsets of its window's input pixels in row-major window order (the order the
     * first maximum is taken in), for {@link MatrixKernels#maxRuns}.
     */
    private final RunTable windows;

    private int[] winners = new int[0];

    /**
     * A max-pool.
     *
     * @param inputShape the input image shape; height and width must be multiples of size
     * @param size the window side
     */
    public MaxPool2d(final Shape inputShape, final int size) {
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
        if (size < 1 || inputShape.height() % size != 0 || inputShape.width() % size != 0) {
            throw new IllegalArgumentException("max-pool size " + size + " must divide the input " + inputShape.height()
                    + " x " + inputShape.width());
        }
        this.size = size;
        this.outputSize = outputShape().size();
        final int channels = inputShape.channels();
        final int width = inputShape.width();
        final int outWidth = width / size;
        final int outPixels = outputSize / channels;
        final int[] at = new int[outPixels * size * size];
        for (int p = 0; p < outPixels; p++) {
            final int oy = p / outWidth;
            final int ox = p % outWidth;
            for (int dy = 0; dy < size; dy++) {
                for (int dx = 0; dx < size; dx++) {
                    at[(p * size + dy) * size + dx] = ((oy * size + dy) * width + ox * size + dx) * channels;
                }
            }
        }
        this.windows = RunTable.of(at);
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return new Shape(inputShape.height() / size, inputShape.width() / size, inputShape.channels());
    }

    /** Grows the winners to the batch. */
    @Override
    public void beginBatch(final int batch, final boolean keep) {
        final int n = batch * outputSize;
        if (winners.length < n) {
            winners = new int[n];
        }
    }

    @Override
    public void forward(final float[] in, final float[] out, final int from, final int to) {
        final int pixels = outputSize / inputShape.channels();
        for (int b = from; b < to; b++) {
            KERNELS.maxRuns(
                    in,
                    b * inputShape.size(),
                    windows,
                    0,
                    size * size,
                    out,
                    winners,
                    b * outputSize,
                    inputShape.channels(),
                    pixels);
        }
    }

    /**
     * Windows do not overlap, so each input gets at most one output's gradient, added to +0 (which turns a -0 into
     * +0, as summing into a zeroed gradient always did).
     */
    @Override
    public void backward(
            final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int from, final int to) {
        if (dIn == null) {
            return;
        }
        Arrays.fill(dIn, from * inputShape.size(), to * inputShape.size(), 0.0f);
        for (int o = from * outputSize; o < to * outputSize; o++) {
            dIn[winners[o]] += dOut[o];
        }
    }
}
