package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

/**
 * Central finite differences against a layer's backward pass, for the loss L = sum_k r_k out_k with fixed random r.
 * The forward pass runs in float, so the step h is 1e-2 and the tolerance is 1e-3 absolute plus 1e-2 relative: float
 * rounding of L (about 1e-7 |L| / h) stays far below it, while a wrong index or sign gives errors of order 1.
 */
public final class GradientCheck {
    static final float H = 1e-2f;

    private GradientCheck() {}

    static void check(final Layer layer, final float[] x, final int batch, final long seed) {
        final int outSize = batch * layer.outputShape().size();
        final float[] r = new float[outSize];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < outSize; k++) {
            r[k] = (float) random.nextDouble(-1, 1);
        }
        check(layer, x, batch, r);
    }

    /** The check for a given loss weighting r (zeros where the loss must not look). */
    static void check(final Layer layer, final float[] x, final int batch, final float[] r) {
        final float[] out = new float[r.length];
        Passes.forward(layer, x, out, batch);
        final float[] dIn = new float[x.length];
        Passes.backward(layer, x, out, r, dIn, batch);
        final float[] gradient = layer instanceof WeightLayer w ? w.gradient().clone() : null;
        for (int k = 0; k < x.length; k++) {
            final float keep = x[k];
            x[k] = keep + H;
            final double plus = loss(layer, x, batch, r);
            x[k] = keep - H;
            final double minus = loss(layer, x, batch, r);
            x[k] = keep;
            assertClose((plus - minus) / (2 * H), dIn[k], "dL/dx[" + k + "] of " + layer);
        }
        if (gradient != null) {
            final float[] w = ((WeightLayer) layer).matrix().weights();
            for (int k = 0; k < w.length; k++) {
                final float keep = w[k];
                w[k] = keep + H;
                final double plus = loss(layer, x, batch, r);
                w[k] = keep - H;
                final double minus = loss(layer, x, batch, r);
                w[k] = keep;
                assertClose((plus - minus) / (2 * H), gradient[k], "dL/dW[" + k + "] of " + layer);
            }
        }
    }

    static void assertClose(final double expected, final double actual, final String what) {
        assertEquals(expected, actual, 1e-3 + 1e-2 * Math.abs(expected), what);
    }

    private static double loss(final Layer layer, final float[] x, final int batch, final float[] r) {
        final float[] out = new float[r.length];
        Passes.forward(layer, x, out, batch);
        double sum = 0;
        for (int k = 0; k < r.length; k++) {
            sum += (double) r[k] * out[k];
        }
        return sum;
    }

    /** Distinct values at least 0.05 apart and at least 0.025 from zero, shuffled: no ReLU kink or max tie near. */
    static float[] spacedInputs(final int n, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i - n / 2) * 0.05f + 0.025f;
        }
        for (int i = n - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final float t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
        return x;
    }

    /**
     * Weights U(-1, 1) from a seeded stream (also the training tests' ex situ targets).
     *
     * @param n how many
     * @param seed the seed
     * @return the weights
     */
    public static float[] randomWeights(final int n, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) random.nextDouble(-1, 1);
        }
        return w;
    }
}
