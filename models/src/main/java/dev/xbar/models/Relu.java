package dev.xbar.models;

/**
 * max(0, x), in software as in the paper. The gradient at exactly 0 is taken as 0.
 *
 * @param inputShape the shape in and out
 */
public record Relu(Shape inputShape) implements Layer {
    @Override
    public Shape outputShape() {
        return inputShape;
    }

    @Override
    public void forward(final float[] in, final float[] out, final int batch) {
        final int n = batch * inputShape.size();
        for (int i = 0; i < n; i++) {
            out[i] = Math.max(in[i], 0.0f);
        }
    }

    @Override
    public void backward(final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int batch) {
        if (dIn == null) {
            return;
        }
        final int n = batch * inputShape.size();
        // half the inputs are positive at random, so a branch mispredicts half the time: select the bits with an
        // integer mask instead (a conditional move), which gives dOut[i] or +0 exactly as the branch did
        for (int i = 0; i < n; i++) {
            final int keep = in[i] > 0.0f ? -1 : 0;
            dIn[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dOut[i]) & keep);
        }
    }
}
