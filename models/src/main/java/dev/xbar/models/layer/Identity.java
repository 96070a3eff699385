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
    public void forward(final float[] in, final float[] out, final int batch) {
        System.arraycopy(in, 0, out, 0, batch * inputShape.size());
    }

    @Override
    public void backward(final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int batch) {
        if (dIn != null) {
            System.arraycopy(dOut, 0, dIn, 0, batch * inputShape.size());
        }
    }
}
