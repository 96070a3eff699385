package dev.xbar.models.layer;

import java.util.Objects;

/** max(0, x), in software as in the paper. The gradient at exactly 0 is taken as 0. */
public final class Relu implements Layer {
    private final Shape inputShape;

    /**
     * A ReLU.
     *
     * @param inputShape the shape in and out
     */
    public Relu(final Shape inputShape) {
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
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
    public void forward(final float[] in, final float[] out, final int from, final int to) {
        final int size = inputShape.size();
        for (int i = from * size; i < to * size; i++) {
            out[i] = Math.max(in[i], 0.0f);
        }
    }

    @Override
    public void backward(
            final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int from, final int to) {
        if (dIn == null) {
            return;
        }
        final int size = inputShape.size();
        // half the inputs are positive at random, so a branch mispredicts half the time: select the bits with an
        // integer mask instead (a conditional move), which gives dOut[i] or +0 exactly as the branch did
        for (int i = from * size; i < to * size; i++) {
            final int keep = in[i] > 0.0f ? -1 : 0;
            dIn[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dOut[i]) & keep);
        }
    }
}
