package dev.xbar.models.layer;

import dev.xbar.core.kernel.Programming;

/** Float weights in memory: the software baseline. */
public final class FloatMatrix implements WeightMatrix {
    private final int inputs;
    private final int outputs;
    private final float[] w;

    /**
     * Wraps initial weights (copied).
     *
     * @param inputs rows of W
     * @param outputs columns of W
     * @param initial the weights, [inputs x outputs]
     */
    public FloatMatrix(final int inputs, final int outputs, final float[] initial) {
        if (initial.length != inputs * outputs) {
            throw new IllegalArgumentException("weights of " + inputs + " x " + outputs + " need " + inputs * outputs
                    + " values, got " + initial.length);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.w = initial.clone();
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /** Software draws nothing and needs no scratch. */
    @Override
    public void beginProducts(final int rows, final int products) {}

    @Override
    public void multiply(final float[] x, final float[] y, final int from, final int to, final int product) {
        Gemm.multiply(x, inputs, w, outputs, y, from, to);
    }

    @Override
    public float[] weights() {
        return w;
    }

    @Override
    public void restore(final float[] saved) {
        System.arraycopy(saved, 0, w, 0, w.length);
    }

    @Override
    public int program(final float[] target, final Programming programming) {
        System.arraycopy(target, 0, w, 0, w.length);
        return 0;
    }

    /** Software draws nothing. */
    @Override
    public long reserveUpdate() {
        return 0;
    }

    /** Exact: w -= lr x_r^T d_r, row after row. */
    @Override
    public void updateRows(final float[][] inputs, final float[][] deltas, final int rows, final float learningRate) {
        final int in = inputs();
        final int out = outputs();
        for (int s = 0; s < inputs.length; s++) {
            final float[] x = inputs[s];
            final float[] d = deltas[s];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < in; i++) {
                    final float a = -learningRate * x[r * in + i];
                    for (int j = 0; j < out; j++) {
                        w[i * out + j] += a * d[r * out + j];
                    }
                }
            }
        }
    }

    @Override
    public void update(final float[] delta, final long reservation) {
        for (int k = 0; k < w.length; k++) {
            w[k] += delta[k];
        }
    }
}
