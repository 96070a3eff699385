package dev.xbar.core.kernel;

import java.util.Objects;

/**
 * The paper's per-vector input scaling (paper-spec.md 2, step 3): each input vector is scaled so its largest
 * magnitude sits at the read voltage, s = Vread / max|x| (s = 1 for an all-zero vector), applied as V = s x; the
 * column currents are divided by s (and by the conductance-per-weight ratio) afterwards.
 */
public final class InputScaling {
    private InputScaling() {}

    /**
     * Scales batch vectors of length n to the read voltage.
     *
     * @param x inputs, [batch x n] row-major
     * @param n vector length
     * @param batch number of vectors
     * @param readVolts the peak voltage
     * @param volts output voltages, [batch x n]
     * @param scales output, the scale s of each vector (batch values)
     */
    public static void toReadVoltage(
            final float[] x,
            final int n,
            final int batch,
            final float readVolts,
            final float[] volts,
            final float[] scales) {
        Objects.checkFromIndexSize(0, (long) n * batch, x.length);
        Objects.checkFromIndexSize(0, (long) n * batch, volts.length);
        Objects.checkFromIndexSize(0, batch, scales.length);
        for (int b = 0; b < batch; b++) {
            final float s = scale(x, b * n, n, readVolts);
            scales[b] = s;
            for (int i = 0; i < n; i++) {
                volts[b * n + i] = s * x[b * n + i];
            }
        }
    }

    /**
     * The scale of one input vector, the definition every implementation reproduces: s = volts / max|x| with the
     * maximum taken in index order by {@code Math.max} (so the first NaN met is the one kept), 1 for a vector of zeros.
     *
     * @param x the values
     * @param at the vector's first value
     * @param n its length
     * @param volts the voltage its largest value is scaled to
     * @return the scale
     */
    public static float scale(final float[] x, final int at, final int n, final float volts) {
        float max = 0.0f;
        for (int i = at; i < at + n; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        return max == 0.0f ? 1.0f : volts / max;
    }
}
