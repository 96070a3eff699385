package dev.xbar.models.layer;

import java.util.Objects;

/**
 * max(0, x), in software as in the paper. The gradient at exactly 0 is taken as 0. Runs over image rows (one sample's
 * row of width x channels values) in {@link Parallel}'s slices.
 */
public final class Relu implements Layer {
    private final Shape inputShape;
    private final Parallel parallel;

    /**
     * A ReLU.
     *
     * @param inputShape the shape in and out
     * @param parallel the runner over image rows
     */
    public Relu(final Shape inputShape, final Parallel parallel) {
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
        this.parallel = Objects.requireNonNull(parallel, "parallel");
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return inputShape;
    }

    @Override
    public void forward(final float[] in, final float[] out, final int batch) {
        final int row = inputShape.width() * inputShape.channels();
        parallel.run(batch * inputShape.height(), (slice, from, to) -> {
            for (int i = from * row; i < to * row; i++) {
                out[i] = Math.max(in[i], 0.0f);
            }
        });
    }

    @Override
    public void backward(final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int batch) {
        if (dIn == null) {
            return;
        }
        final int row = inputShape.width() * inputShape.channels();
        parallel.run(batch * inputShape.height(), (slice, from, to) -> {
            // half the inputs are positive at random, so a branch mispredicts half the time: select the bits with an
            // integer mask instead (a conditional move), which gives dOut[i] or +0 exactly as the branch did
            for (int i = from * row; i < to * row; i++) {
                final int keep = in[i] > 0.0f ? -1 : 0;
                dIn[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dOut[i]) & keep);
            }
        });
    }
}
