package dev.xbar.core.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.StepParameters;
import dev.xbar.core.testing.Stats;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChipTest {
    private static final ChipSpec NMI = ChipSpec.preset("nmi2019");

    @Test
    void sameSeedAndIndexGiveTheSameChipBitForBit() {
        final ChipSpec spec = NMI.with("variability.boundsSpread", 0.05).with("variability.driftNuSpread", 0.01);
        try (Chip a = Chip.fabricate(spec, 99, 7);
                Chip b = Chip.fabricate(spec, 99, 7)) {
            assertTrue(sameState(a, b));
        }
    }

    @Test
    void anotherChipIndexOrSeedGivesOtherFaultsAndParameters() {
        try (Chip a = Chip.fabricate(NMI, 99, 7);
                Chip b = Chip.fabricate(NMI, 99, 8);
                Chip c = Chip.fabricate(NMI, 100, 7)) {
            assertNotEquals(-1, a.faults().mismatch(b.faults()));
            assertNotEquals(-1, a.faults().mismatch(c.faults()));
            assertNotEquals(-1, a.plane(Plane.SLOPE).mismatch(b.plane(Plane.SLOPE)));
        }
    }

    @Test
    void planesAreAlignedAndRowsPaddedToSixteenFloats() {
        final ChipSpec spec = ChipSpec.preset("ideal").with("cols", 50);
        try (Chip chip = Chip.fabricate(spec, 1, 0)) {
            assertEquals(64, chip.rowStride());
            for (final Plane p : Plane.values()) {
                assertEquals(0, chip.plane(p).address() % ChipLayout.ALIGNMENT, p.name());
                assertEquals(ChipLayout.planeBytes(128, 50), chip.plane(p).byteSize());
            }
            assertEquals(0, chip.offset(3, 0) % ChipLayout.ALIGNMENT);
            assertEquals(0.0f, chip.conductance().get(java.lang.foreign.ValueLayout.JAVA_FLOAT, chip.offset(0, 50)));
        }
    }

    @Test
    void slopeSpreadMatchesTheSpec() {
        final ChipSpec spec = ChipSpec.preset("ideal").with("variability.slopeSpread", 0.1);
        try (Chip chip = Chip.fabricate(spec, 5, 0)) {
            final float[] slope = plane(chip, Plane.SLOPE);
            final double mean = 200.0 / 1.1;
            assertEquals(mean, Stats.mean(slope), 4 * 0.1 * mean / Math.sqrt(slope.length));
            assertEquals(0.1 * mean, Stats.std(slope), 0.05 * 0.1 * mean);
            assertTrue(Stats.ksNormal(slope, mean, 0.1 * mean) < Stats.ksCritical(slope.length));
        }
    }

    @Test
    void stepBoundAndDriftSpreadsMatchTheSpec() {
        final ChipSpec spec = new ChipSpec(
                128,
                64,
                new ConstantStep(new StepParameters(1.0, 0.1, 0, 100, 200)),
                new Variability(0, 0, 0.05, 0.2, 0, 0, 0, 0.05, 0.01, 1),
                FaultModel.none(),
                Peripherals.dpe2018());
        try (Chip chip = Chip.fabricate(spec, 6, 0)) {
            final float[] up = plane(chip, Plane.STEP_UP);
            final float[] down = plane(chip, Plane.STEP_DOWN);
            final int n = up.length;
            assertEquals(1.0, Stats.mean(up), 4 * 0.2 / Math.sqrt(n), "upDown > 0: up is the larger step, dw");
            assertEquals(0.2, Stats.std(up), 0.05 * 0.2, "dw_min_dtod 0.2 of dw");
            assertEquals(0.9, Stats.mean(down), 4 * 0.2 / Math.sqrt(n), "dw (1 - upDown)");
            final float[] gMax = plane(chip, Plane.G_MAX);
            final float[] gMin = plane(chip, Plane.G_MIN);
            assertEquals(200, Stats.mean(gMax), 4 * 2.5 / Math.sqrt(n));
            assertEquals(2.5, Stats.std(gMax), 0.125, "0.05 of gMax's 50 uS distance from the center 150");
            assertEquals(100, Stats.mean(gMin), 4 * 2.5 / Math.sqrt(n));
            assertEquals(2.5, Stats.std(gMin), 0.125, "0.05 of gMin's 50 uS distance from the center");
            for (int k = 0; k < n; k++) {
                assertTrue(gMin[k] < 150 && gMax[k] > 150, "w = 0 inside every device's range");
            }
            final float[] nu = plane(chip, Plane.DRIFT_NU);
            assertEquals(0.05, Stats.mean(nu), 4 * 0.01 / Math.sqrt(n));
            assertEquals(0.01, Stats.std(nu), 0.0005);
            final float[] g = plane(chip, Plane.CONDUCTANCE);
            for (int k = 0; k < n; k++) {
                assertEquals(gMin[k], g[k], "a fresh step device starts at its lower bound");
            }
        }
    }

    @Test
    void stuckFractionsAndDeadColumnsMatchTheSpec() {
        final ChipSpec spec = NMI.with("faults.stuckLowFraction", 0.02).with("faults.stuckHighFraction", 0.03);
        try (Chip chip = Chip.fabricate(spec, 8, 0)) {
            final float[] fault = plane(chip, Plane.FAULT);
            final int[] count = new int[5];
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    final float code = chip.get(Plane.FAULT, r, c);
                    count[(int) code]++;
                    if (code == FaultCode.STUCK_LOW) {
                        assertEquals(chip.get(Plane.G_MIN, r, c), chip.get(Plane.CONDUCTANCE, r, c));
                    } else if (code == FaultCode.STUCK_HIGH) {
                        assertEquals(chip.get(Plane.G_MAX, r, c), chip.get(Plane.CONDUCTANCE, r, c));
                    } else if (code == FaultCode.DEAD) {
                        assertEquals(0, chip.get(Plane.CONDUCTANCE, r, c));
                    }
                }
            }
            for (int r = 0; r < chip.rows(); r++) {
                for (final int c : List.of(46, 47, 48, 60, 63)) {
                    assertEquals(FaultCode.DEAD, chip.get(Plane.FAULT, r, c));
                }
            }
            final int live = fault.length - 5 * 128;
            assertEquals(0.02 * live, count[1], 4 * Math.sqrt(0.02 * live));
            assertEquals(0.03 * live, count[2], 4 * Math.sqrt(0.03 * live));
            assertEquals(0.05 * live, count[3], 4 * Math.sqrt(0.05 * live));
        }
    }

    @Test
    void clusteredFaultsHaveTheExactCountAndClump() {
        final ChipSpec independent = ChipSpec.preset("ideal").with("faults.stuckRandomFraction", 0.1);
        final ChipSpec clustered = independent.with("faults.clusterRadius", 3);
        try (Chip a = Chip.fabricate(independent, 9, 0);
                Chip b = Chip.fabricate(clustered, 9, 0)) {
            assertEquals(Math.round(0.1 * 8192), faulty(b));
            // probability that the right neighbour of a faulty device is faulty: ~0.1 when independent
            assertTrue(neighbourFaulty(a) < 0.2, "independent " + neighbourFaulty(a));
            assertTrue(neighbourFaulty(b) > 0.5, "clustered " + neighbourFaulty(b));
        }
    }

    private static int faulty(final Chip chip) {
        int n = 0;
        for (final float f : plane(chip, Plane.FAULT)) {
            n += f != FaultCode.OK ? 1 : 0;
        }
        return n;
    }

    private static double neighbourFaulty(final Chip chip) {
        int pairs = 0;
        int both = 0;
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c + 1 < chip.cols(); c++) {
                if (!chip.isProgrammable(r, c)) {
                    pairs++;
                    both += chip.isProgrammable(r, c + 1) ? 0 : 1;
                }
            }
        }
        return (double) both / pairs;
    }

    @Test
    void driftFollowsThePowerLaw() {
        final ChipSpec spec = ChipSpec.preset("ideal").with("variability.driftNu", 0.1);
        try (Chip chip = Chip.fabricate(spec, 10, 0)) {
            chip.set(Plane.CONDUCTANCE, 0, 0, 200);
            Drift.age(chip, new Window(0, 0, 1, 1), 1000);
            assertEquals(200 * Math.pow(1000, -0.1), chip.get(Plane.CONDUCTANCE, 0, 0), 1e-3);
            assertThrows(IllegalArgumentException.class, () -> Drift.age(chip, Window.of(chip), 0.5));
        }
    }

    @Test
    void windowsAreValidatedAgainstTheChip() {
        try (Chip chip = Chip.fabricate(NMI, 1, 0)) {
            final IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new Window(100, 0, 29, 64).checkFits(chip));
            assertTrue(e.getMessage().contains("does not fit a 128 x 64 chip"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Window(-1, 0, 1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> chip.get(Plane.CONDUCTANCE, 128, 0));
        }
    }

    static float[] plane(final Chip chip, final Plane plane) {
        final float[] values = new float[chip.rows() * chip.cols()];
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                values[r * chip.cols() + c] = chip.get(plane, r, c);
            }
        }
        return values;
    }

    static boolean sameState(final Chip a, final Chip b) {
        return a.state().mismatch(b.state()) == -1;
    }
}
