package dev.xbar.models.layer;

/**
 * Turns an image into a vector. Activations are already flat in HWC order, so the values pass unchanged: element
 * (y, x, c) becomes element {@code (y * width + x) * channels + c}. (The authors' MATLAB flattens column-major; the
 * order only permutes the dense layer's rows, which are learned, so it does not change what the network can do.)
 *
 * @param inputShape the image shape
 */
public record Flatten(Shape inputShape) implements Layer {
    @Override
    public Shape outputShape() {
        return Shape.vector(inputShape.size());
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
