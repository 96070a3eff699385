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
        for (int i = 0; i < n; i++) {
            dIn[i] = in[i] > 0.0f ? dOut[i] : 0.0f;
        }
    }
}
