package dev.xbar.core.kernel;

import dev.xbar.core.Check;
import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import java.util.Objects;

/**
 * How weights are written onto a chip after the open-loop pulses that aim at them: left as they land ({@link
 * OpenLoop}), or read back and corrected until close enough ({@link WriteVerify}). Built only from the {@link
 * CrossbarKernels} front's reads and programming, so it draws, counts and gives the same results with every kernel
 * implementation.
 */
public sealed interface Programming {
    /** Open loop: the pulses that aimed at the targets are all there is; no read, no correction. */
    OpenLoop OPEN_LOOP = new OpenLoop();

    /**
     * Finishes programming a window whose devices have just been pulsed towards their targets.
     *
     * @param kernels the kernels
     * @param chip the chip
     * @param w the window
     * @param targets each device's target conductance (uS), [w.rows x w.cols] row-major; NaN for devices that hold no
     *     weight (left alone)
     * @return what it took
     */
    Outcome finish(CrossbarKernels kernels, Chip chip, Window w, float[] targets);

    /**
     * What finishing a window took.
     *
     * @param corrections correction rounds applied (each: one pulse or pulse train per device still out of tolerance)
     * @param missed devices with a target still out of tolerance at the last read (0 for open loop, which never reads)
     */
    record Outcome(int corrections, int missed) {}

    /** No verification. */
    record OpenLoop() implements Programming {
        @Override
        public Outcome finish(final CrossbarKernels kernels, final Chip chip, final Window w, final float[] targets) {
            return new Outcome(0, 0);
        }
    }

    /**
     * Write-verify: read the window back (the chip's read path, with its read noise and ADC), and while any device with
     * a target reads further than the tolerance from it and corrections remain, correct those devices alone and read
     * again. A gate device's correction is a gate-voltage change e / slope, e = target - read, with the device model's
     * nominal slope (the programmer does not know each device's own): a SET at the higher Vg, or a RESET and a SET at
     * the lower one. A step device's is round(e / dwMin) pulses (at least one, in the direction of e). Every pulse
     * and every device read counts on the chip's counters as usual; stuck devices are tried like any other and count
     * among the missed.
     *
     * @param iterations the most correction rounds, 0 to 1000 (0: verify only, i.e. one read)
     * @param toleranceMicroSiemens |G_read - target| at which a device is done
     */
    record WriteVerify(int iterations, double toleranceMicroSiemens) implements Programming {
        /** Validates both fields. */
        public WriteVerify {
            Check.range("verify iterations", iterations, 0, 1000);
            Check.range("verify tolerance (uS)", toleranceMicroSiemens, 1e-6, 1e4);
        }

        @Override
        public Outcome finish(final CrossbarKernels kernels, final Chip chip, final Window w, final float[] targets) {
            Objects.checkFromIndexSize(0, w.size(), targets.length);
            final float[] read = new float[w.size()];
            final float[] error = new float[w.size()];
            for (int round = 0; ; round++) {
                kernels.readConductances(chip, w, read);
                int missed = 0;
                for (int k = 0; k < error.length; k++) {
                    final float e = targets[k] - read[k];
                    final boolean off = Math.abs(e) > toleranceMicroSiemens; // false for NaN targets
                    error[k] = off ? e : 0.0f;
                    missed += off ? 1 : 0;
                }
                if (missed == 0 || round == iterations) {
                    return new Outcome(round, missed);
                }
                correct(kernels, chip, w, error);
            }
        }

        /** One correction of every device by its error (0: untouched). */
        private static void correct(
                final CrossbarKernels kernels, final Chip chip, final Window w, final float[] error) {
            switch (chip.spec().device()) {
                case GateControlledDevice g -> {
                    final float perVolt = (float) g.slopeMicroSiemensPerVolt();
                    final float[] deltaVg = new float[error.length];
                    for (int k = 0; k < error.length; k++) {
                        deltaVg[k] = error[k] / perVolt;
                    }
                    kernels.programGate(chip, w, deltaVg);
                }
                case StepDevice s -> {
                    final double dw = s.steps().dwMinMicroSiemens();
                    final int[] pulses = new int[error.length];
                    for (int k = 0; k < error.length; k++) {
                        final long n = Math.max(1, Math.round(Math.abs(error[k]) / dw));
                        pulses[k] = error[k] == 0.0f ? 0 : (int) Math.copySign(Math.min(n, 1 << 20), error[k]);
                    }
                    kernels.applyPulses(chip, w, pulses);
                }
            }
        }
    }
}
