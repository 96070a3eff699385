package dev.xbar.models.layer;

/**
 * The linear activation (the paper's final CNN has no ReLU after conv2).
 *
 * @param inputShape the shape in and out
 */
public record Identity(Shape inputShape) implements Layer {
    @Override
    public Shape outputShape() {
        return inputShape;
    }

    @Override
    public void forward(final float[] in, final float[] out, final int from, final int to) {
        final int size = inputShape.size();
        System.arraycopy(in, from * size, out, from * size, (to - from) * size);
    }

    @Override
    public void backward(
            final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int from, final int to) {
        if (dIn != null) {
            final int size = inputShape.size();
            System.arraycopy(dOut, from * size, dIn, from * size, (to - from) * size);
        }
    }
}
