package dev.xbar.core.kernel;

import dev.xbar.core.Check;
import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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
     * @param partners for each device the index of the other device of its differential pair, or -1 (no pair, or
     *     null for none at all): write-verify then keeps a pair's difference when one of its devices cannot reach its
     *     target
     * @return what it took
     */
    Outcome finish(CrossbarKernels kernels, Chip chip, Window w, float[] targets, int[] partners);

    /**
     * What finishing a window took.
     *
     * @param corrections correction rounds applied (each: one pulse or pulse train per device still out of tolerance)
     * @param missed devices with a target still out of tolerance after the first verification (0 for open loop, which
     *     never reads): stuck devices, and devices the rounds did not bring close enough
     * @param retargeted devices whose target was moved because their partner missed (0 without partners)
     */
    record Outcome(int corrections, int missed, int retargeted) {}

    /** No verification. */
    record OpenLoop() implements Programming {
        @Override
        public Outcome finish(
                final CrossbarKernels kernels,
                final Chip chip,
                final Window w,
                final float[] targets,
                final int[] partners) {
            return new Outcome(0, 0, 0);
        }
    }

    /**
     * Write-verify: read the window back (the chip's read path, with its read noise and ADC), and while any device with
     * a target has not yet read within the tolerance of it and corrections remain, correct those devices alone and
     * read again. A device that has read within the tolerance once is done and never pulsed again (re-judging it on
     * every read would let read noise restart its corrections, each a fresh write-noise draw). A gate device's correction is a gate-voltage change e / slope, e = target - read, with the device model's
     * nominal slope (the programmer does not know each device's own): a SET at the higher Vg, or a RESET and a SET at
     * the lower one. A step device's is round(e / dwMin) pulses (at least one, in the direction of e). Every pulse
     * and every device read counts on the chip's counters as usual; stuck devices are tried like any other and count
     * among the missed. Given the window's differential pairs, a device that misses is left as it is and its partner
     * is verified again towards a target that keeps the pair's difference (a stuck G+ is made up for by its G-).
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

        /**
         * These parameters with one of them changed, named as {@link #toMap()} names it (a yield study's sweep).
         *
         * @param name {@code iterations} (a whole number) or {@code tolerance_micro_siemens}
         * @param value the new value
         * @return the programming
         * @throws IllegalArgumentException naming the parameter for an unknown name or a value out of range
         */
        public WriteVerify with(final String name, final double value) {
            return switch (name) {
                case "iterations" -> {
                    if (!(value == Math.rint(value) && value >= 0 && value <= 1000)) {
                        throw new IllegalArgumentException(
                                "verify iterations = " + Check.format(value) + " must be a whole number in [0, 1000]");
                    }
                    yield new WriteVerify((int) value, toleranceMicroSiemens);
                }
                case "tolerance_micro_siemens" -> new WriteVerify(iterations, value);
                default ->
                    throw new IllegalArgumentException("'" + name
                            + "' is not a write-verify parameter (expected iterations or tolerance_micro_siemens)");
            };
        }

        /**
         * The parameters as a study's {@code study.json} and a run's {@code summary.json} record them.
         *
         * @return {@code {"iterations": N, "tolerance_micro_siemens": uS}}
         */
        public Map<String, Object> toMap() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("iterations", iterations);
            m.put("tolerance_micro_siemens", toleranceMicroSiemens);
            return m;
        }

        /**
         * Verifies the window towards its targets; then, if some devices missed and pairs are given, leaves each
         * missed device where it reads and verifies its partner towards a target that restores the pair's difference,
         * target_partner' = read_missed - (target_missed - target_partner), with the same budget of rounds.
         */
        @Override
        public Outcome finish(
                final CrossbarKernels kernels,
                final Chip chip,
                final Window w,
                final float[] targets,
                final int[] partners) {
            Objects.checkFromIndexSize(0, w.size(), targets.length);
            final float[] read = new float[w.size()];
            final float[] error = new float[w.size()];
            final int[] first = verify(kernels, chip, w, targets, read, error);
            if (first[1] == 0 || partners == null) {
                return new Outcome(first[0], first[1], 0);
            }
            Objects.checkFromIndexSize(0, w.size(), partners.length);
            final float[] retargets = new float[w.size()];
            Arrays.fill(retargets, Float.NaN);
            int retargeted = 0;
            for (int k = 0; k < w.size(); k++) {
                final int q = partners[k];
                if (error[k] != 0.0f && q >= 0 && error[q] == 0.0f && !Float.isNaN(targets[q])) {
                    retargets[q] = read[k] - (targets[k] - targets[q]);
                    retargeted++;
                }
            }
            final int[] second = retargeted == 0 ? new int[2] : verify(kernels, chip, w, retargets, read, error);
            return new Outcome(first[0] + second[0], first[1], retargeted);
        }

        /** The verify loop: returns {rounds, missed}; leaves the last read and the errors of missed devices. */
        private int[] verify(
                final CrossbarKernels kernels,
                final Chip chip,
                final Window w,
                final float[] targets,
                final float[] read,
                final float[] error) {
            final boolean[] done = new boolean[error.length];
            for (int round = 0; ; round++) {
                kernels.readConductances(chip, w, read);
                int missed = 0;
                for (int k = 0; k < error.length; k++) {
                    final float e = targets[k] - read[k];
                    done[k] |= !(Math.abs(e) > toleranceMicroSiemens); // NaN targets are done from the start
                    error[k] = done[k] ? 0.0f : e;
                    missed += done[k] ? 0 : 1;
                }
                if (missed == 0 || round == iterations) {
                    return new int[] {round, missed};
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
