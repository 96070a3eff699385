package dev.xbar.models.layer;

import dev.xbar.core.kernel.MatrixKernels;
import java.util.Objects;

/** max(0, x), in software as in the paper. The gradient at exactly 0 is taken as 0. */
public final class Relu implements Layer {
    private static final MatrixKernels KERNELS = MatrixKernels.get();

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
        // a kernel: the scalar loop (a conditional move, half the inputs being positive at random) was 6% of a software
        // training step of the paper CNN
        KERNELS.reluGradient(in, dOut, dIn, from * size, to * size);
    }
}
