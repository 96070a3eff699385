package dev.xbar.core.chip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.testing.Stats;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class AgeingTest {
    private static final double NU = 0.1;
    private static final double SPREAD = 0.02;
    private static final ChipSpec SPEC = ChipSpec.preset("ideal")
            .with("variability.driftNu", NU)
            .with("variability.driftNuSpread", SPREAD)
            .with("variability.driftT0Seconds", 2.0);

    @Test
    void aSingleDeviceFollowsThePowerLawFromItsProgrammedState() {
        try (Chip chip = Chip.fabricate(SPEC.with("variability.driftNuSpread", 0.0), 1, 0)) {
            chip.set(Plane.CONDUCTANCE, 0, 0, 200);
            final Ageing ageing = Ageing.of(chip);
            for (final double t : new double[] {3600, 86_400, 10, 3.15e7}) {
                ageing.at(t);
                assertEquals(200 * Math.pow(t / 2.0, -NU), chip.get(Plane.CONDUCTANCE, 0, 0), 2e-4 * 200, "t " + t);
            }
            ageing.at(1.0);
            assertEquals(200, chip.get(Plane.CONDUCTANCE, 0, 0), "up to t0 the device is as programmed");
            assertThrows(IllegalArgumentException.class, () -> ageing.at(-1));
        }
    }

    /**
     * With nu ~ N(m, s) per device, G(t) / G(t0) = exp(-nu L), L = ln(t / t0), is log-normal: mean exp(-m L + s^2 L^2
     * / 2), variance exp(-2 m L + s^2 L^2) (exp(s^2 L^2) - 1). (nu is clipped at 0, 5 sigma below its mean here.)
     */
    @Test
    void aPopulationsMeanAndSpreadAfterTimeTMatchTheLogNormal() {
        try (Chip chip = Chip.fabricate(SPEC.with("rows", 512).with("cols", 512), 7, 0)) {
            final float[] ratio = new float[chip.rows() * chip.cols()];
            final Ageing ageing = Ageing.of(setAll(chip, 100f));
            final double t = 86_400;
            ageing.at(t);
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    ratio[r * chip.cols() + c] = chip.get(Plane.CONDUCTANCE, r, c) / 100f;
                }
            }
            final double l = Math.log(t / 2.0);
            final double mean = Math.exp(-NU * l + SPREAD * SPREAD * l * l / 2);
            final double sd = Math.sqrt(
                    Math.exp(-2 * NU * l + SPREAD * SPREAD * l * l) * (Math.exp(SPREAD * SPREAD * l * l) - 1));
            assertEquals(mean, Stats.mean(ratio), 4 * sd / Math.sqrt(ratio.length));
            assertEquals(sd, Stats.std(ratio), 0.02 * sd);
        }
    }

    @Test
    void everyAgeStartsFromTheProgrammedStateWithTheSameNoise() {
        final CrossbarKernels kernels = CrossbarKernels.named("scalar");
        try (Chip chip = Chip.fabricate(ChipSpec.preset("nmi2019").with("variability.driftNu", 0.05), 3, 0)) {
            final Window w = Window.of(chip);
            kernels.resetAll(chip, w);
            kernels.setAll(chip, w, 1.6f);
            final float[] programmed = chip.conductance().toArray(ValueLayout.JAVA_FLOAT);
            final Ageing ageing = Ageing.of(chip);
            final float[] first = new float[w.size()];
            ageing.at(3600);
            kernels.readConductances(chip, w, first);
            ageing.at(1e7);
            ageing.at(3600);
            final float[] again = new float[w.size()];
            kernels.readConductances(chip, w, again);
            assertArrayEquals(first, again, "no compounding, and the same read noise");
            ageing.at(0);
            assertArrayEquals(programmed, chip.conductance().toArray(ValueLayout.JAVA_FLOAT));
            ageing.at(1e7);
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    if (!chip.isProgrammable(r, c)) {
                        assertEquals(
                                programmed[(int) (chip.offset(r, c) / Float.BYTES)],
                                chip.get(Plane.CONDUCTANCE, r, c),
                                "stuck and dead devices do not drift");
                    }
                }
            }
        }
    }

    private static Chip setAll(final Chip chip, final float microSiemens) {
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                chip.set(Plane.CONDUCTANCE, r, c, microSiemens);
            }
        }
        return chip;
    }

    @Test
    void rewindingTheEventCounterStartsANewEraThatNoChipHasHad() {
        try (Chip chip = Chip.fabricate(SPEC, 1, 0);
                Chip twin = Chip.fabricate(SPEC, 1, 0)) {
            assertNotEquals(chip.era(), twin.era(), "two chips, even of one seed, never share an era");
            final Ageing ageing = Ageing.of(chip);
            final long before = chip.era();
            chip.nextEvent();
            assertEquals(before, chip.era(), "taking events keeps the era");
            ageing.at(3600);
            final long after = chip.era();
            assertNotEquals(before, after, "the events are reused from here, on other conductances");
            assertNotEquals(twin.era(), after);
            ageing.at(3600);
            assertNotEquals(after, chip.era(), "every rewind");
        }
    }
}
