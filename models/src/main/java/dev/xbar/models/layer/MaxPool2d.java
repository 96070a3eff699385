package dev.xbar.models.layer;

import java.util.Arrays;
import java.util.Objects;

/**
 * Non-overlapping max-pooling (size x size windows, stride = size), in software as in the paper. The forward pass keeps
 * each window's winner (the first maximum in row-major window order) for the backward pass, which only routes each
 * output's gradient to it. An output row (sample b, row oy) reads and, backward, writes only its own {@code size}
 * input rows.
 */
public final class MaxPool2d implements Layer {
    private final Shape inputShape;
    private final int size;

    /** Output values per sample, kept so the passes need not build an output shape per call. */
    private final int outputSize;

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
    public void beginBatch(final int batch) {
        final int n = batch * outputSize;
        if (winners.length < n) {
            winners = new int[n];
        }
    }

    @Override
    public void forward(final float[] in, final float[] out, final int from, final int to) {
        final int width = inputShape.width() / size;
        final int channels = inputShape.channels();
        final int rows = inputShape.height() / size;
        for (int row = from * rows; row < to * rows; row++) {
            for (int ox = 0; ox < width; ox++) {
                for (int c = 0; c < channels; c++) {
                    final int o = (row * width + ox) * channels + c;
                    winners[o] = winner(in, row, ox, c);
                    out[o] = in[winners[o]];
                }
            }
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

    /**
     * Index in {@code in} of the first maximum of the window at output row {@code row} (= b * outHeight + oy, whose
     * input rows are row * size ..), column ox, channel c.
     */
    private int winner(final float[] in, final int row, final int ox, final int c) {
        final int channels = inputShape.channels();
        final int inputRow = inputShape.width() * channels;
        final int first = row * size * inputRow + ox * size * channels + c;
        int best = first;
        for (int dy = 0; dy < size; dy++) {
            for (int dx = 0; dx < size; dx++) {
                final int at = first + dy * inputRow + dx * channels;
                if (in[at] > in[best]) {
                    best = at;
                }
            }
        }
        return best;
    }
}
