package dev.xbar.models;

import java.util.Arrays;

/**
 * Non-overlapping max-pooling (size x size windows, stride = size), in software as in the paper. The backward pass
 * recomputes each window's winner from the saved inputs (the first maximum in row-major window order), so the layer
 * keeps no state between the passes.
 *
 * @param inputShape the input image shape; height and width must be multiples of size
 * @param size the window side
 */
public record MaxPool2d(Shape inputShape, int size) implements Layer {
    /** Validates that the windows tile the image. */
    public MaxPool2d {
        if (size < 1 || inputShape.height() % size != 0 || inputShape.width() % size != 0) {
            throw new IllegalArgumentException("max-pool size " + size + " must divide the input " + inputShape.height()
                    + " x " + inputShape.width());
        }
    }

    @Override
    public Shape outputShape() {
        return new Shape(inputShape.height() / size, inputShape.width() / size, inputShape.channels());
    }

    @Override
    public void forward(final float[] in, final float[] out, final int batch) {
        final Shape o = outputShape();
        final int channels = inputShape.channels();
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < o.height(); oy++) {
                for (int ox = 0; ox < o.width(); ox++) {
                    for (int c = 0; c < channels; c++) {
                        out[((b * o.height() + oy) * o.width() + ox) * channels + c] = in[winner(in, b, oy, ox, c)];
                    }
                }
            }
        }
    }

    @Override
    public void backward(final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int batch) {
        if (dIn == null) {
            return;
        }
        Arrays.fill(dIn, 0, batch * inputShape.size(), 0.0f);
        final Shape o = outputShape();
        final int channels = inputShape.channels();
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < o.height(); oy++) {
                for (int ox = 0; ox < o.width(); ox++) {
                    for (int c = 0; c < channels; c++) {
                        dIn[winner(in, b, oy, ox, c)] += dOut[((b * o.height() + oy) * o.width() + ox) * channels + c];
                    }
                }
            }
        }
    }

    /** Index in {@code in} of the first maximum of window (oy, ox), channel c, sample b. */
    private int winner(final float[] in, final int b, final int oy, final int ox, final int c) {
        final int width = inputShape.width();
        final int channels = inputShape.channels();
        int best = ((b * inputShape.height() + oy * size) * width + ox * size) * channels + c;
        for (int dy = 0; dy < size; dy++) {
            for (int dx = 0; dx < size; dx++) {
                final int at = ((b * inputShape.height() + oy * size + dy) * width + ox * size + dx) * channels + c;
                if (in[at] > in[best]) {
                    best = at;
                }
            }
        }
        return best;
    }
}
