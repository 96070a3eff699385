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
            float max = 0.0f;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, Math.abs(x[b * n + i]));
            }
            final float s = max == 0.0f ? 1.0f : readVolts / max;
            scales[b] = s;
            for (int i = 0; i < n; i++) {
                volts[b * n + i] = s * x[b * n + i];
            }
        }
    }
}
