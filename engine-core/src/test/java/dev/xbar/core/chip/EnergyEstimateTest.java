package dev.xbar.core.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.xbar.core.kernel.CrossbarKernels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chip's counts of a known sequence of kernel calls, and the estimate from them: each operation's energy and time
 * is its count times its cost, the totals their sums.
 */
class EnergyEstimateTest {
    private static final CrossbarKernels KERNELS = CrossbarKernels.named("scalar");
    private static final double EPS = 1e-12;

    @Test
    void countsOfAKnownSequenceTimesTheCostsGiveTheEstimate() {
        final ChipSpec spec = ChipSpec.preset("ideal").with("rows", 6).with("cols", 5);
        try (Chip chip = Chip.fabricate(spec, 1, 0)) {
            final Window w = new Window(1, 1, 4, 3);
            KERNELS.resetAll(chip, w);
            KERNELS.setAll(chip, w, 1.2f);
            final float[] delta = new float[w.size()];
            for (int k = 0; k < delta.length; k++) {
                delta[k] = (k % 3 - 1) * 0.3f; // 4 negative (RESET and SET), 4 zero, 4 positive (SET)
            }
            KERNELS.programGate(chip, w, delta);
            KERNELS.vmm(chip, w, new float[3 * 4], new float[3 * 3], 3);
            KERNELS.vmmTransposed(chip, w, new float[2 * 3], new float[2 * 4], 2);
            KERNELS.readConductances(chip, w, new float[w.size()]);

            // closed form: 12 + 8 SETs, 12 + 4 RESETs; 5 vectors over 4 x 3 devices, forward 3 x (4 in, 3 out),
            // transposed 2 x (3 in, 4 out); 12 devices read back
            final ProgrammingStats s = chip.stats();
            assertEquals(new ProgrammingStats(20, 16, 0, 12, 5, 5 * 12, 3 * 4 + 2 * 3, 3 * 3 + 2 * 4), s);

            final EnergyModel m = spec.energy();
            final EnergyEstimate e = EnergyEstimate.of(s, m);
            final Map<CostedOperation, double[]> expected = Map.of(
                    CostedOperation.SET, new double[] {20 * m.setPulseJoules(), 20 * m.setPulseSeconds()},
                    CostedOperation.RESET, new double[] {16 * m.resetPulseJoules(), 16 * m.resetPulseSeconds()},
                    CostedOperation.STEP, new double[] {0, 0},
                    CostedOperation.VMM_DEVICES, new double[] {60 * m.readJoulesPerDevice(), 5 * m.readPulseSeconds()},
                    CostedOperation.DAC, new double[] {18 * m.dacJoulesPerConversion(), 0},
                    CostedOperation.ADC,
                            new double[] {17 * m.adcJoulesPerConversion(), 5 * m.adcSecondsPerConversion()},
                    CostedOperation.READBACK,
                            new double[] {
                                12 * (m.readJoulesPerDevice() + m.adcJoulesPerConversion()),
                                12 * (m.readPulseSeconds() + m.adcSecondsPerConversion())
                            });
            double joules = 0;
            double seconds = 0;
            assertEquals(CostedOperation.values().length, e.costs().size());
            for (final EnergyEstimate.Cost c : e.costs()) {
                final double[] want = expected.get(c.operation());
                assertEquals(want[0], c.joules(), Math.abs(want[0]) * EPS, c.operation() + " joules");
                assertEquals(want[1], c.seconds(), Math.abs(want[1]) * EPS, c.operation() + " seconds");
                joules += want[0];
                seconds += want[1];
            }
            assertEquals(joules, e.joules(), joules * EPS);
            assertEquals(seconds, e.seconds(), seconds * EPS);
            final EnergyEstimate quarter = e.per(4);
            assertEquals(joules / 4, quarter.joules(), joules * EPS);
            assertEquals(seconds / 4, quarter.seconds(), seconds * EPS);
            assertEquals(e.costs().get(3).joules() / 4, quarter.costs().get(3).joules(), EPS * joules);
        }
    }

    @Test
    void thePresetModelIsVSquaredGtAtTheDriversVoltagesAndWidths() {
        final EnergyModel m = EnergyModel.dpe2018();
        // 2.5 V across 100 uS for 5 ms; 1.7 V for 4.3 us; 0.2 V for 4.28 us
        assertEquals(2.5 * 2.5 * 100e-6 * 5e-3, m.setPulseJoules(), 1e-18);
        assertEquals(3.125e-6, m.setPulseJoules(), 1e-15);
        assertEquals(1.2427e-9, m.resetPulseJoules(), 1e-15);
        assertEquals(1.712e-11, m.readJoulesPerDevice(), 1e-18);
        assertEquals(6.5536e-9, m.adcJoulesPerConversion(), 1e-15);
        assertEquals(4.3228e-6, m.adcSecondsPerConversion(), 1e-12);
        assertEquals(m, ChipSpec.preset("nmi2019").energy());
    }

    @Test
    void aSpecFileWithoutTheEnergyObjectGetsThePresetsModelAndAFieldIsChecked() {
        final ChipSpec nmi = ChipSpec.preset("nmi2019");
        final Map<String, Object> old = ChipSpecJson.toMap(nmi);
        old.remove("energy");
        assertEquals(nmi, ChipSpecJson.fromMap(old));
        final ChipSpec changed = nmi.with("energy.setPulseSeconds", 1e-7);
        assertEquals(changed, ChipSpec.fromJson(changed.toJson()));
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> nmi.with("energy.adcJoulesPerConversion", -1.0));
        assertEquals(List.of(true), List.of(e.getMessage().contains("energy.adcJoulesPerConversion")), e.getMessage());
    }

    @Test
    void perRefusesNoParts() {
        final EnergyEstimate e = EnergyEstimate.of(ProgrammingStats.NONE, EnergyModel.dpe2018());
        assertThrows(IllegalArgumentException.class, () -> e.per(0));
        assertEquals(0, e.joules());
    }
}
