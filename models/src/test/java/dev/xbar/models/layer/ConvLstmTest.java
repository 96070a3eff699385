package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ConvLSTM and dense LSTM layers: gradients through time, and the fused four-gate block against per-gate math. */
class ConvLstmTest {
    /** 4 x 4 x 1 frames, 3 x 3 'valid' input kernels (2 x 2 out), 2 x 2 'same' recurrent kernels, 2 units, 3 steps. */
    private static ConvLstm tiny(final long seed) {
        final Im2col input = new Im2col(new Shape(4, 4, 1), 3, 3, 0, 0, 0, 0);
        final Im2col state = Im2col.same(new Shape(2, 2, 2), 2, 2);
        final int rows = input.patchSize() + state.patchSize();
        return new ConvLstm(input, state, 3, new FloatMatrix(rows, 8, GradientCheck.randomWeights(rows * 8, seed)));
    }

    private static float[] inputs(final int n, final double range, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final float[] x = new float[n];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextDouble(-range, range);
        }
        return x;
    }

    @Test
    void gradientThroughTimeMatchesFiniteDifferences() {
        final ConvLstm layer = tiny(31);
        GradientCheck.check(layer, inputs(2 * layer.inputShape().size(), 1, 32), 2, 33);
    }

    @Test
    void lossOnTheLastStepReachesTheFirstFrameOnlyThroughTheRecurrence() {
        final ConvLstm layer = tiny(34);
        final int batch = 2;
        final float[] x = inputs(batch * layer.inputShape().size(), 1, 35);
        final int hidden = layer.outputShape().size() / layer.steps();
        final float[] r = new float[batch * layer.outputShape().size()];
        final SplittableRandom random = new SplittableRandom(36);
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < hidden; q++) {
                r[(b * layer.steps() + layer.steps() - 1) * hidden + q] = (float) random.nextDouble(-1, 1);
            }
        }
        GradientCheck.check(layer, x, batch, r);
        final float[] dIn = new float[x.length];
        Passes.forward(layer, x, new float[r.length], batch);
        Passes.backward(layer, x, null, r, dIn, batch);
        double firstFrame = 0;
        for (int k = 0; k < 16; k++) {
            firstFrame += Math.abs(dIn[k]);
        }
        assertTrue(firstFrame > 1e-3, "the first frame feeds the last step's h: sum |dL/dx| = " + firstFrame);
    }

    @Test
    void denseLstmGradientThroughTime() {
        final ConvLstm lstm = ConvLstm.dense(3, 4, 5, new FloatMatrix(7, 16, GradientCheck.randomWeights(112, 37)));
        assertEquals(new Shape(5, 1, 3), lstm.inputShape());
        assertEquals(new Shape(5, 1, 4), lstm.outputShape());
        GradientCheck.check(lstm, inputs(2 * 15, 1, 38), 2, 39);
    }

    @Test
    void fusedBlockEqualsFourSeparateConvolutionsPerGate() {
        final Im2col input = new Im2col(new Shape(8, 8, 1), 3, 3, 0, 0, 0, 0);
        final Im2col state = Im2col.same(new Shape(6, 6, 5), 2, 2);
        final float[] w = GradientCheck.randomWeights(29 * 20, 41);
        final ConvLstm fused = new ConvLstm(input, state, 3, new FloatMatrix(29, 20, w));
        final Layer[] fromInput = new Layer[4];
        final Layer[] fromState = new Layer[4];
        for (int g = 0; g < 4; g++) {
            fromInput[g] = new Conv2d(input, new FloatMatrix(9, 5, columns(w, 20, 0, 9, g * 5, 5)));
            fromState[g] = new Conv2d(state, new FloatMatrix(20, 5, columns(w, 20, 9, 20, g * 5, 5)));
        }
        assertSameSequence(fused, fromInput, fromState, inputs(2 * 3 * 64, 0.2, 42), 2);
    }

    @Test
    void denseLstmBlockEqualsFourSeparateDenseProductsPerGate() {
        final int in = 6;
        final int units = 4;
        final float[] w = GradientCheck.randomWeights((in + units) * 4 * units, 43);
        final ConvLstm fused = ConvLstm.dense(in, units, 4, new FloatMatrix(in + units, 4 * units, w));
        final Layer[] fromInput = new Layer[4];
        final Layer[] fromState = new Layer[4];
        for (int g = 0; g < 4; g++) {
            fromInput[g] = new Dense(new FloatMatrix(in, units, columns(w, 4 * units, 0, in, g * units, units)));
            fromState[g] = new Dense(new FloatMatrix(units, units, columns(w, 4 * units, in, units, g * units, units)));
        }
        assertSameSequence(fused, fromInput, fromState, inputs(3 * 4 * in, 1, 44), 3);
    }

    @Test
    void mismatchedGeometryOrWeightsAreRejectedWithTheirSizes() {
        final Im2col input = new Im2col(new Shape(8, 8, 1), 3, 3, 0, 0, 0, 0);
        final IllegalArgumentException state = assertThrows(
                IllegalArgumentException.class,
                () -> new ConvLstm(
                        input, Im2col.same(new Shape(8, 8, 5), 2, 2), 3, new FloatMatrix(29, 20, new float[580])));
        assertTrue(state.getMessage().contains("6 x 6 x 5"), state.getMessage());
        final IllegalArgumentException weights = assertThrows(
                IllegalArgumentException.class,
                () -> new ConvLstm(
                        input, Im2col.same(new Shape(6, 6, 5), 2, 2), 3, new FloatMatrix(29, 15, new float[435])));
        assertTrue(weights.getMessage().contains("29 x 20"), weights.getMessage());
    }

    /** rows [row0, row0 + rows) and columns [col0, col0 + cols) of a row-major matrix with {@code width} columns. */
    private static float[] columns(
            final float[] w, final int width, final int row0, final int rows, final int col0, final int cols) {
        final float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(w, (row0 + i) * width + col0, out, i * cols, cols);
        }
        return out;
    }

    /**
     * Runs the LSTM recurrence by hand in double, gate by gate, each gate's pre-activation the sum of its own product
     * of the frame and of h(t-1), and compares h at every step with the fused layer's output.
     */
    private static void assertSameSequence(
            final ConvLstm fused, final Layer[] fromInput, final Layer[] fromState, final float[] x, final int batch) {
        final int steps = fused.steps();
        final int frameSize = fused.inputGeometry().input().size();
        final int hidden = fused.outputShape().size() / steps;
        final float[] out = new float[batch * fused.outputShape().size()];
        Passes.forward(fused, x, out, batch);
        final float[] frame = new float[batch * frameSize];
        final float[] h = new float[batch * hidden];
        final double[] c = new double[batch * hidden];
        final float[][] pre = new float[8][batch * hidden];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(x, (b * steps + t) * frameSize, frame, b * frameSize, frameSize);
            }
            for (int g = 0; g < 4; g++) {
                Passes.forward(fromInput[g], frame, pre[g], batch);
                Passes.forward(fromState[g], h, pre[4 + g], batch);
            }
            for (int q = 0; q < batch * hidden; q++) {
                final double a = Math.tanh(pre[0][q] + pre[4][q]);
                final double i = 1 / (1 + Math.exp(-(pre[1][q] + pre[5][q])));
                final double f = 1 / (1 + Math.exp(-(pre[2][q] + pre[6][q])));
                final double o = 1 / (1 + Math.exp(-(pre[3][q] + pre[7][q])));
                c[q] = i * a + f * c[q];
                h[q] = (float) (o * Math.tanh(c[q]));
            }
            for (int b = 0; b < batch; b++) {
                for (int q = 0; q < hidden; q++) {
                    assertEquals(
                            h[b * hidden + q],
                            out[(b * steps + t) * hidden + q],
                            1e-5,
                            "sample " + b + " step " + t + " h[" + q + "]");
                }
            }
        }
    }
}
