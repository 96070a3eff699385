package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LayerGradientTest {
    private static final Parallel ONE = new Parallel(1);

    @AfterAll
    static void close() {
        ONE.close();
    }

    @Test
    void reluGradient() {
        final Shape s = new Shape(3, 2, 4);
        GradientCheck.check(new Relu(s), GradientCheck.spacedInputs(2 * s.size(), 1), 2, 11);
    }

    @Test
    void identityGradient() {
        final Shape s = new Shape(2, 2, 3);
        GradientCheck.check(new Identity(s), GradientCheck.spacedInputs(3 * s.size(), 2), 3, 12);
    }

    @Test
    void flattenGradient() {
        final Shape s = new Shape(2, 3, 2);
        GradientCheck.check(new Flatten(s), GradientCheck.spacedInputs(2 * s.size(), 3), 2, 13);
    }

    @Test
    void maxPoolGradient() {
        final Shape s = new Shape(4, 6, 3);
        GradientCheck.check(new MaxPool2d(s, 2), GradientCheck.spacedInputs(2 * s.size(), 4), 2, 14);
    }

    @Test
    void denseGradient() {
        final FloatMatrix m = new FloatMatrix(7, 5, GradientCheck.randomWeights(35, 5));
        GradientCheck.check(new Dense(m), GradientCheck.spacedInputs(3 * 7, 6), 3, 15);
    }

    @Test
    void convGradientWithUnevenSamePadding() {
        final Im2col g = Im2col.same(new Shape(5, 4, 3), 2, 3);
        final FloatMatrix m = new FloatMatrix(g.patchSize(), 4, GradientCheck.randomWeights(g.patchSize() * 4, 7));
        GradientCheck.check(
                new Conv2d(g, m), GradientCheck.spacedInputs(2 * g.input().size(), 8), 2, 16);
    }

    @Test
    void softmaxCrossEntropyGradientAndLoss() {
        final int batch = 3;
        final int classes = 5;
        final float[] logits = GradientCheck.randomWeights(batch * classes, 9);
        final int[] labels = {4, 0, 2};
        final float[] delta = new float[logits.length];
        final double loss = SoftmaxCrossEntropy.lossAndDelta(logits, labels, 0, batch, classes, delta);
        double expected = 0;
        for (int b = 0; b < batch; b++) {
            double z = 0;
            for (int k = 0; k < classes; k++) {
                z += Math.exp(logits[b * classes + k]);
            }
            expected -= Math.log(Math.exp(logits[b * classes + labels[b]]) / z);
        }
        assertEquals(expected, loss, 1e-5, "loss summed over the batch");
        final float[] scratch = new float[logits.length];
        for (int k = 0; k < logits.length; k++) {
            final float keep = logits[k];
            logits[k] = keep + GradientCheck.H;
            final double plus = SoftmaxCrossEntropy.lossAndDelta(logits, labels, 0, batch, classes, scratch);
            logits[k] = keep - GradientCheck.H;
            final double minus = SoftmaxCrossEntropy.lossAndDelta(logits, labels, 0, batch, classes, scratch);
            logits[k] = keep;
            GradientCheck.assertClose((plus - minus) / (2 * GradientCheck.H), delta[k], "dL/dlogit[" + k + "]");
        }
    }

    /**
     * Whole networks: a smaller step, so that a step rarely crosses a ReLU kink or changes a max-pool winner among the
     * hundreds of units a conv weight feeds; float rounding of the loss (about 5e-7 / 2e-3) stays below the 2e-3
     * absolute tolerance.
     */
    private static final float NETWORK_H = 1e-3f;

    @Test
    void wholeNetworksGradients() {
        for (final Architecture arch : Architecture.values()) {
            final Network net = arch.build(
                    (index, block) -> new FloatMatrix(
                            block.inputs(),
                            block.outputs(),
                            Seeds.initialWeights(3, index, block.inputs(), block.outputs())),
                    ONE);
            final int batch = 2;
            final SplittableRandom random = new SplittableRandom(21);
            final float[] x = new float[batch * net.inputSize()];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) random.nextDouble(-0.2, 0.2);
            }
            final int[] labels = {3, 8};
            final float[] delta = new float[batch * net.outputSize()];
            SoftmaxCrossEntropy.lossAndDelta(net.forward(x, batch), labels, 0, batch, 10, delta);
            net.backward(delta, batch);
            for (final WeightLayer layer : net.weightLayers()) {
                final float[] w = layer.matrix().weights();
                final float[] gradient = layer.gradient().clone();
                for (int k = 0; k < w.length; k += 7) {
                    final float keep = w[k];
                    w[k] = keep + NETWORK_H;
                    final double plus = loss(net, x, labels);
                    w[k] = keep - NETWORK_H;
                    final double minus = loss(net, x, labels);
                    w[k] = keep;
                    final double numeric = (plus - minus) / (2 * NETWORK_H);
                    assertEquals(numeric, gradient[k], 2e-3 + 2e-2 * Math.abs(numeric), arch + " dL/dW[" + k + "]");
                }
            }
        }
    }

    private static double loss(final Network net, final float[] x, final int[] labels) {
        final float[] scratch = new float[labels.length * net.outputSize()];
        return SoftmaxCrossEntropy.lossAndDelta(net.forward(x, labels.length), labels, 0, labels.length, 10, scratch);
    }
}
