package dev.xbar.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.StepParameters;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WriteVerifyTest {
    private static final CrossbarKernels KERNELS = CrossbarKernels.named("scalar");
    private static final double SLOPE = 200.0 / 1.1;

    /** The 2019 device without noise, spread, faults or gate-DAC steps (read through the 16-bit ADC: 0.08 uS). */
    private static final ChipSpec IDEAL = ChipSpec.preset("ideal").with("device.vgStepVolts", 1e-6);

    /**
     * Every device's slope is 3/4 of the nominal one the programmer corrects with, so each correction closes 3/4 of the
     * error: from e0 = 25 uS (target 100 uS, SET at Vg = 0.55 V lands on 75) the error after k rounds is 25 / 4^k, and
     * the tolerance 4 uS is reached after ceil(ln(25 / 4) / ln 4) = 2 rounds: 3 reads and 2 SETs per device.
     */
    @Test
    void anIdealChipReachesTheToleranceInTheClosedFormNumberOfRounds() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            final Window w = Window.of(chip);
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    chip.set(Plane.SLOPE, r, c, (float) (0.75 * SLOPE));
                }
            }
            KERNELS.resetAll(chip, w);
            KERNELS.setAll(chip, w, 0.55f);
            final ProgrammingStats before = chip.stats();
            final float[] targets = new float[w.size()];
            Arrays.fill(targets, 100f);
            final Programming.Outcome outcome =
                    new Programming.WriteVerify(10, 4).finish(KERNELS, chip, w, targets, null);
            final int rounds = (int) Math.ceil(Math.log(25.0 / 4) / Math.log(4));
            assertEquals(new Programming.Outcome(rounds, 0, 0), outcome);
            assertEquals(100 - 25 / Math.pow(4, rounds), chip.get(Plane.CONDUCTANCE, 5, 7), 0.1, "to the ADC's step");
            final ProgrammingStats after = chip.stats();
            assertEquals((long) (rounds + 1) * w.size(), after.reads() - before.reads());
            assertEquals((long) rounds * w.size(), after.setPulses() - before.setPulses());
            assertEquals(0, after.resetPulses() - before.resetPulses());
        }
    }

    /**
     * Write noise sigma = 8 uS, no read noise: SET lands at f(Vg) + n0, target f(Vg). With one correction round a
     * device misses when |n0| > tol and, after the gate moves by -n0 / slope (a RESET and a SET below, or a SET above
     * a lower G), |n1 - n0| > tol: P = integral over |x| > tol of phi(x) P(|n1 - x| > tol), computed here by quadrature
     * and compared with the fraction of 128 x 64 devices that miss (4 binomial sigmas).
     */
    @Test
    void onANoisyChipTheMissRateMatchesTheDirectComputation() {
        final double sigma = 8;
        final double tol = 6;
        try (Chip chip = Chip.fabricate(IDEAL.with("device.writeNoiseMicroSiemens", sigma), 2, 0)) {
            final Window w = Window.of(chip);
            KERNELS.resetAll(chip, w);
            KERNELS.setAll(chip, w, 1.1f);
            final float[] targets = new float[w.size()];
            Arrays.fill(targets, (float) (SLOPE * 1.1f));
            final Programming.Outcome outcome =
                    new Programming.WriteVerify(1, tol).finish(KERNELS, chip, w, targets, null);
            final double p = missAfterOneRound(sigma, tol);
            final double n = w.size();
            assertEquals(p, outcome.missed() / n, 4 * Math.sqrt(p * (1 - p) / n), "p = " + p);
            final Programming.Outcome none =
                    new Programming.WriteVerify(0, tol).finish(KERNELS, chip, w, targets, null);
            assertEquals(outcome.missed(), none.missed(), "a verify-only pass reads the same devices as missed");
        }
    }

    private static double missAfterOneRound(final double sigma, final double tol) {
        final int steps = 20_000;
        final double lim = 10 * sigma;
        final double h = 2 * lim / steps;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            final double x = -lim + (i + 0.5) * h;
            if (Math.abs(x) > tol) {
                final double outside = 1 - (cdf((x + tol) / sigma) - cdf((x - tol) / sigma));
                sum += Math.exp(-x * x / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI)) * outside * h;
            }
        }
        return sum;
    }

    /** The standard normal CDF by the midpoint rule (this test needs no special functions library). */
    private static double cdf(final double z) {
        final int steps = 2000;
        final double from = -12;
        final double h = (z - from) / steps;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            final double x = from + (i + 0.5) * h;
            sum += Math.exp(-x * x / 2) * h;
        }
        return z <= from ? 0 : sum / Math.sqrt(2 * Math.PI);
    }

    /** A constant-step device of 0.5 uS steps, no noise: round(e / dw) pulses land exactly on a target on the grid. */
    @Test
    void stepDevicesAreCorrectedWithPulses() {
        final ChipSpec spec = new ChipSpec(
                128,
                64,
                new ConstantStep(new StepParameters(0.5, 0, 0, 0, 120)),
                IDEAL.variability(),
                IDEAL.faults(),
                IDEAL.peripherals());
        try (Chip chip = Chip.fabricate(spec, 3, 0)) {
            final Window w = new Window(0, 0, 2, 3);
            for (int k = 0; k < w.size(); k++) {
                chip.set(Plane.STEP_UP, k / 3, k % 3, 0.25f); // half the nominal step up: the first pulses fall short
            }
            final float[] targets = {10, 20, 30, Float.NaN, 5, 40};
            final Programming.Outcome outcome =
                    new Programming.WriteVerify(20, 0.3).finish(KERNELS, chip, w, targets, null);
            assertEquals(0, outcome.missed());
            final float[] read = new float[w.size()];
            KERNELS.readConductances(chip, w, read);
            for (int k = 0; k < w.size(); k++) {
                assertEquals(Float.isNaN(targets[k]) ? 0 : targets[k], read[k], 0.3, "device " + k);
            }
        }
    }

    /** A G+ stuck at 150 uS: its G- is moved to 150 - (300 - 250) = 100 uS, so the pair still reads 50 uS. */
    @Test
    void aStuckDevicesPartnerKeepsThePairsDifference() {
        try (Chip chip = Chip.fabricate(IDEAL, 4, 0)) {
            final Window w = new Window(0, 0, 2, 1);
            chip.set(Plane.FAULT, 0, 0, FaultCode.STUCK_RANDOM);
            chip.set(Plane.CONDUCTANCE, 0, 0, 150);
            KERNELS.resetAll(chip, w);
            KERNELS.setAll(chip, w, 1.6f);
            final Programming.Outcome outcome = new Programming.WriteVerify(5, 1)
                    .finish(KERNELS, chip, w, new float[] {300, 250}, new int[] {1, 0});
            assertEquals(1, outcome.missed());
            assertEquals(1, outcome.retargeted());
            assertEquals(150, chip.get(Plane.CONDUCTANCE, 0, 0));
            assertEquals(100, chip.get(Plane.CONDUCTANCE, 1, 0), 1);
        }
    }

    /**
     * Devices exactly on target, read noise 1.5 uS, tolerance 1 uS: a device whose first read lands within the
     * tolerance is done and never pulsed again, so the devices left untouched after 30 rounds are a fraction
     * P(|N(0, 1.5)| <= 1) = erf(1 / (1.5 sqrt 2)) of all (were every read judged afresh, read noise would send nearly
     * every device back to correction over 30 rounds).
     */
    @Test
    void aDeviceThatReadWithinTheToleranceIsNeverPulsedAgain() {
        final ChipSpec spec =
                IDEAL.with("variability.readNoiseMicroSiemens", 1.5).with("peripherals.adcBits", 24);
        try (Chip chip = Chip.fabricate(spec, 5, 0)) {
            final Window w = Window.of(chip);
            KERNELS.resetAll(chip, w);
            KERNELS.setAll(chip, w, 1.1f);
            final float programmed = chip.get(Plane.CONDUCTANCE, 0, 0);
            final float[] targets = new float[w.size()];
            Arrays.fill(targets, programmed);
            new Programming.WriteVerify(30, 1).finish(KERNELS, chip, w, targets, null);
            int untouched = 0;
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    untouched += chip.get(Plane.CONDUCTANCE, r, c) == programmed ? 1 : 0;
                }
            }
            final double p = 2 * cdf(1 / 1.5) - 1;
            final double n = w.size();
            assertEquals(p, untouched / n, 4 * Math.sqrt(p * (1 - p) / n), "p = " + p);
        }
    }

    @Test
    void parametersAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Programming.WriteVerify(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Programming.WriteVerify(5, 0));
    }
}
