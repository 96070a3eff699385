package dev.xbar.core.chip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every constant of every preset comes from: a paper, the authors' code or driver (the source ids S1-S9 of
 * paper-spec.md, section 0), or "assumption" with the reason. {@code xbar spec show PRESET} prints them next to the
 * values; a test checks that every field of every preset has one.
 */
public final class PresetSources {
    private static final String ASSUMED_NONE = "assumption: none (not in the authors' code or papers)";
    private static final String SIM_NONE = "authors' code: their simulation has none (S1 simulation templates)";

    private PresetSources() {}

    /**
     * The source of each field of a preset, by JSON path.
     *
     * @param preset a name of {@link ChipSpec#PRESET_NAMES}
     * @return path to source, in file order
     * @throws IllegalArgumentException for an unknown preset
     */
    public static Map<String, String> of(final String preset) {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("rows", "paper: the 128 x 64 1T1R array (S3 TOL_ROW/TOL_COL, S6, S7; paper-spec 1.1)");
        m.put("cols", m.get("rows"));
        m.put("device.type", "paper: 1T1R, the transistor's gate sets the SET compliance (S1, S3; paper-spec 1.1)");
        switch (preset) {
            case "nmi2019" -> {
                device2019(
                        m,
                        "assumption: the authors clip only at 0 (paper-spec 1.3); 500 uS is the spec's"
                                + " plausible top of the range (paper-spec 1.2 and open question 6)");
                m.put("device.writeNoiseMicroSiemens", NOISE_2019);
                m.put("device.vgStepVolts", GATE_DAC);
                measuredVariability(m);
                faults2019(m);
                peripherals(m);
                energy(m);
            }
            case "natcomm2018" -> {
                final String curve = "authors' code: f(Vg) = 98 uS/V * Vg + 120 uS in the 2018 MLP/LSTM simulation (S2;"
                        + " paper-spec 1.3)";
                m.put("device.slopeMicroSiemensPerVolt", curve);
                m.put("device.offsetMicroSiemens", curve);
                m.put(
                        "device.writeNoiseMicroSiemens",
                        "authors' code: sigma = 0.01 * 400 uS = 4 uS in the 2018 MLP" + " demo (S2; paper-spec 1.2)");
                m.put("device.resetMicroSiemens", RESET);
                m.put("device.gMinMicroSiemens", RESET);
                m.put("device.gMaxMicroSiemens", "assumption: as nmi2019 (the authors clip only at 0)");
                m.put("device.vgMinVolts", "authors' code: Vg 0.7-1.6 V in the 2018 simulation (S2; paper-spec 1.2)");
                m.put("device.vgMaxVolts", m.get("device.vgMinVolts"));
                m.put("device.vgStepVolts", GATE_DAC);
                measuredVariability(m);
                m.put("faults.stuckLowFraction", ASSUMED_NONE);
                m.put("faults.stuckHighFraction", ASSUMED_NONE);
                m.put(
                        "faults.stuckRandomFraction",
                        "paper: 11% of devices unresponsive (Li et al., Nat. Commun. 2018,"
                                + " S6), taken as stuck at a random conductance (assumption)");
                m.put("faults.deadRows", ASSUMED_NONE);
                m.put("faults.deadColumns", ASSUMED_NONE);
                m.put("faults.clusterRadius", "assumption: independent faults");
                m.put("faults.mapFile", "none: no measured fault map is published");
                peripherals(m);
                energy(m);
            }
            case "ideal" -> {
                device2019(m, "assumption: as nmi2019");
                m.put("device.writeNoiseMicroSiemens", "ideal: no write noise");
                m.put("device.vgStepVolts", GATE_DAC);
                none(m, "variability", "ideal: none");
                none(m, "faults", "ideal: none");
                peripherals(m);
                energy(m);
            }
            case "nmi2019-sim" -> {
                device2019(
                        m,
                        "authors' code: no upper clip, G in [0, inf) (paper-spec 1.3); 10,000 uS, the most a"
                                + " spec allows, is never reached");
                m.put("device.writeNoiseMicroSiemens", NOISE_2019);
                m.put(
                        "device.vgStepVolts",
                        "authors' code: the simulation does not quantise the gate voltage"
                                + " (1 uV, the finest step a spec allows)");
                none(m, "variability", SIM_NONE);
                none(m, "faults", SIM_NONE + "; the full [128 64] array of the ConvLSTM template (paper-spec 1.1)");
                peripherals(m);
                energy(m);
                final String exact = "authors' code: the simulation computes the product exactly; 24 bits (the most a"
                        + " spec allows)";
                m.put("peripherals.dacBits", exact);
                m.put("peripherals.adcBits", exact);
                m.put(
                        "peripherals.adcRangeVolts",
                        "authors' code: no ADC in the simulation; +-100 V at 10 kOhm"
                                + " (+-10 mA) so no product saturates (the most a spec allows)");
            }
            default -> throw new IllegalArgumentException("unknown chip preset '" + preset + "'");
        }
        return m;
    }

    private static final String CURVE_2019 = "authors' code: f(Vg) = 200 uS / 1.1 V * Vg in the 2019 CNN and ConvLSTM"
            + " simulation templates (S1; paper-spec 1.3)";
    private static final String NOISE_2019 =
            "authors' code: sigma = 0.02 * 400 uS = 8 uS in the 2019 CNN/ConvLSTM scripts (S1; paper-spec 1.2)";
    private static final String RESET = "authors' code: RESET to 0 and clip at 0 from below (gmin = 0; paper-spec 1.3)";
    private static final String GATE_DAC = "authors' driver: gate voltages sent as %.2f V, i.e. 10 mV steps on the"
            + " hardware (S3; paper-spec 1.2); their simulation does not quantise";

    private static void device2019(final Map<String, String> m, final String gMax) {
        m.put("device.slopeMicroSiemensPerVolt", CURVE_2019);
        m.put("device.offsetMicroSiemens", CURVE_2019);
        m.put("device.resetMicroSiemens", RESET);
        m.put("device.gMinMicroSiemens", RESET);
        m.put("device.gMaxMicroSiemens", gMax);
        m.put(
                "device.vgMinVolts",
                "authors' code: Vg 0.5-2.5 V in the final 2019 scripts (S1; paper-spec open" + " question 4)");
        m.put("device.vgMaxVolts", m.get("device.vgMinVolts"));
    }

    private static void measuredVariability(final Map<String, String> m) {
        m.put(
                "variability.slopeSpread",
                "assumption: 10% device-to-device spread of the slope (paper-spec open"
                        + " question 7; no measured value is published)");
        for (final String f : List.of("offsetSpreadMicroSiemens", "boundsSpread", "stepSpread", "upDownSpread")) {
            m.put("variability." + f, ASSUMED_NONE);
        }
        m.put(
                "variability.readNoiseMicroSiemens",
                "assumption: about 1 uS read noise (paper-spec open question 7;" + " no measured value is published)");
        m.put("variability.readNoiseRelative", ASSUMED_NONE);
        for (final String f : List.of("driftNu", "driftNuSpread", "driftT0Seconds")) {
            m.put("variability." + f, "assumption: no drift within a run (paper-spec open question 11)");
        }
    }

    private static void faults2019(final Map<String, String> m) {
        m.put("faults.stuckLowFraction", ASSUMED_NONE);
        m.put("faults.stuckHighFraction", ASSUMED_NONE);
        m.put(
                "faults.stuckRandomFraction",
                "assumption: 5% stuck at a random conductance (paper-spec open question 8:"
                        + " 5-11%; the 2018 chip had 11%)");
        m.put("faults.deadRows", "assumption: none (paper-spec open question 8 suggests 5; not modelled)");
        m.put(
                "faults.deadColumns",
                "authors' driver: the 2017 driver switches off columns 47, 48, 49, 61 and 64"
                        + " (1-based; S3; paper-spec 1.1, inferred)");
        m.put("faults.clusterRadius", "assumption: independent faults");
        m.put("faults.mapFile", "none: no measured fault map is published");
    }

    private static void peripherals(final Map<String, String> m) {
        m.put(
                "peripherals.dacBits",
                "assumption: 12-bit-equivalent input; the driver sends %.4f V, 0.1 mV steps"
                        + " over 0.2 V (S3; paper-spec 1.1: the true DAC depth is unknown)");
        m.put("peripherals.dacRangeVolts", "authors' code: inputs scaled to 0.2 V peak (S1; paper-spec 2.3)");
        m.put("peripherals.readVolts", "authors' code: batch_read at 0.2 V (S1, S3; paper-spec 1.1)");
        m.put("peripherals.tiaOhms", "authors' code: TIA gain index 2 = 10 kOhm (S1, S3; paper-spec 1.1)");
        m.put("peripherals.adcBits", "authors' driver: 16-bit offset-binary ADC (S3; paper-spec 1.1)");
        m.put("peripherals.adcRangeVolts", "authors' driver: +-5 V span (S3; paper-spec 1.1)");
        m.put("peripherals.outputNoiseMicroAmps", ASSUMED_NONE);
    }

    private static void energy(final Map<String, String> m) {
        final String cell = " as V^2 G t at the typical 100 uS device (the conductance of one unit of weight; S1,"
                + " paper-spec 2; the transistor's drop is neglected, so an upper bound)";
        m.put("energy.setPulseJoules", "derived: SET 2.5 V (S1; paper-spec 1.2) for 5 ms (setPulseSeconds)" + cell);
        m.put(
                "energy.setPulseSeconds",
                "authors' driver: batch_set uses the slow SET mode, '~5 ms no matter how you define it' (S3;"
                        + " paper-spec 1.2 and open question 9: the 2019 widths are unknown)");
        m.put(
                "energy.resetPulseJoules",
                "derived: RESET 1.7 V, gate 5 V (S1; paper-spec 1.2) for 4.3 us (resetPulseSeconds)" + cell);
        m.put(
                "energy.resetPulseSeconds",
                "authors' driver: RESET fast mode at setting 1000, about 4.3 us (S3; paper-spec 1.2 and open"
                        + " question 9)");
        m.put(
                "energy.stepPulseJoules",
                "assumption: a step device's pulse is a RESET-like fast pulse (the authors' devices take no"
                        + " identical pulses); as resetPulseJoules");
        m.put("energy.stepPulseSeconds", "assumption: as resetPulseSeconds");
        m.put(
                "energy.readJoulesPerDevice",
                "derived: the 0.2 V read and input peak (S1, S3; paper-spec 1.1) for 4.28 us (readPulseSeconds)" + cell
                        + "; inputs below the peak spend less");
        m.put(
                "energy.readPulseSeconds",
                "authors' driver: VMM pulse width setting 1000 = 4.28 us (S3 autodpe.m; paper-spec 1.1)");
        m.put(
                "energy.dacJoulesPerConversion",
                "assumption: 1 pJ per conversion; no energy of the authors' lab DAC is published");
        m.put(
                "energy.adcJoulesPerConversion",
                "assumption: a 16-bit ADC (S3; paper-spec 1.1) at a Walden figure of merit of 100 fJ per"
                        + " conversion step, 2^16 steps = 6.55 nJ; no energy of the authors' lab ADC is published");
        m.put(
                "energy.adcSecondsPerConversion",
                "authors' driver: ADC convert delay setting 1010, 4.32 us on the scale where 1000 is 4.28 us (S3;"
                        + " paper-spec 1.1, inferred)");
    }

    private static void none(final Map<String, String> m, final String section, final String why) {
        final ChipSpec ideal = ChipSpec.preset("ideal");
        for (final String path : ideal.fieldPaths()) {
            if (path.startsWith(section + ".")) {
                m.put(path, why);
            }
        }
    }
}
