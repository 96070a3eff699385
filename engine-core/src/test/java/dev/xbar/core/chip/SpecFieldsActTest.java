package dev.xbar.core.chip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.device.DeviceFamily;
import dev.xbar.core.device.DeviceModel;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.kernel.CrossbarKernels;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every field of a spec acts: changed alone, it changes the fabricated chip, a programmed and read chip, a VMM, the
 * chip aged by a day or the energy estimate of all that. The few that cannot act on a chip of a given family are listed with the reason, and the test
 * fails if one of them starts to act (so the list stays true) or if a new field does nothing.
 */
class SpecFieldsActTest {
    private static final CrossbarKernels KERNELS = CrossbarKernels.named("scalar");

    /** Fields that cannot act on a gate chip, and why. */
    private static final Map<String, String> INERT_ON_GATE = Map.of(
            "variability.stepSpread", "spreads the step size of step devices only",
            "variability.upDownSpread", "spreads the up/down asymmetry of step devices only",
            "energy.stepPulseJoules", "costs pulses to step devices only",
            "energy.stepPulseSeconds", "times pulses to step devices only");

    /** Fields that cannot act on a step chip, and why. */
    private static final Map<String, String> INERT_ON_STEP = Map.of(
            "variability.slopeSpread", "spreads the G-Vg slope of gate devices only",
            "variability.offsetSpreadMicroSiemens", "spreads the G-Vg offset of gate devices only",
            "energy.setPulseJoules", "costs the SET pulses of gate devices only",
            "energy.setPulseSeconds", "times the SET pulses of gate devices only",
            "energy.resetPulseJoules", "costs the RESET pulses of gate devices only",
            "energy.resetPulseSeconds", "times the RESET pulses of gate devices only");

    /** Fields not changed here, and where they are tested. */
    private static final Map<String, String> TESTED_ELSEWHERE = Map.of(
            "device.type", "the family itself: DeviceFamilyTest and the step families below",
            "faults.mapFile", "a fault-map file: FaultMapTest");

    @Test
    void everyFieldOfAGateChipActs() {
        everyFieldActs(drifting(ChipSpec.preset("nmi2019")).with("device.resetMicroSiemens", 5.0), INERT_ON_GATE);
    }

    /** Every step family with defaults (piecewise-step has none: its measured table is tested in DeviceModelTest). */
    @Test
    void everyFieldOfEveryStepChipActs() {
        for (final String family : DeviceFamily.names()) {
            final DeviceModel device = DeviceFamily.named(family).defaults();
            if (device != null && !(device instanceof GateControlledDevice)) {
                final ChipSpec nmi = drifting(ChipSpec.preset("nmi2019"));
                final ChipSpec base = new ChipSpec(
                                nmi.rows(), nmi.cols(), device, nmi.variability(), nmi.faults(), nmi.peripherals())
                        .with("variability.stepSpread", 0.1)
                        .with("variability.upDownSpread", 0.05)
                        .with("variability.slopeSpread", 0.0);
                everyFieldActs(base, INERT_ON_STEP);
            }
        }
    }

    private static ChipSpec drifting(final ChipSpec spec) {
        return spec.with("faults.deadColumns", List.of(3))
                .with("rows", 12)
                .with("cols", 10)
                .with("variability.driftNu", 0.05)
                .with("variability.driftNuSpread", 0.02);
    }

    private static void everyFieldActs(final ChipSpec base, final Map<String, String> inert) {
        final float[] reference = fingerprint(base);
        final List<String> idle = new ArrayList<>();
        for (final String path : base.fieldPaths()) {
            if (TESTED_ELSEWHERE.containsKey(path)) {
                continue;
            }
            final ChipSpec changed = base.with(path, changed(path, value(base, path)));
            final boolean acts = !Arrays.equals(reference, fingerprint(changed));
            if (inert.containsKey(path)) {
                assertFalse(acts, path + " acts although listed as inert (" + inert.get(path) + ")");
            } else if (!acts) {
                idle.add(path);
            }
        }
        assertTrue(idle.isEmpty(), base.device().family() + ": fields that change nothing: " + idle);
    }

    @SuppressWarnings("unchecked")
    private static Object value(final ChipSpec spec, final String path) {
        Object node = ChipSpecJson.toMap(spec);
        for (final String part : path.split("\\.")) {
            node = ((Map<String, Object>) node).get(part);
        }
        return node;
    }

    /** Another valid value: integers and lists by hand, numbers scaled by 0.8 (fractions by 0.5, upper limits and ranges by 1.25, so
     * that what must lie below them still does) or, at 0, set to a small value. */
    private static Object changed(final String path, final Object value) {
        return switch (value) {
            case List<?> l -> l.isEmpty() ? List.of(2) : List.of(1);
            case Integer i when path.endsWith("Bits") -> i - 3;
            case Integer i when path.endsWith("clusterRadius") -> i + 2;
            case Integer i -> i + 1;
            case Number n when n.doubleValue() == 0 -> path.contains("Fraction") ? 0.05 : 0.1;
            case Number n when path.contains("Fraction") -> n.doubleValue() * 0.5;
            case Number n when path.contains("Max") || path.contains("Range") -> n.doubleValue() * 1.25;
            case Number n -> n.doubleValue() * 0.8;
            default -> throw new AssertionError(path + " = " + value + ": no rule to change it");
        };
    }

    /**
     * Everything a spec can change: the fabricated state, then the chip programmed (gate: RESET, SET at 1.2 V and a
     * pattern of gate changes; step: 600 pulses up, then a
     * pattern of pulses), read back, multiplied through, and aged by a day; then the energy and time of every
     * operation of that sequence.
     */
    private static float[] fingerprint(final ChipSpec spec) {
        try (Chip chip = Chip.fabricate(spec, 3, 0)) {
            final Window w = Window.of(chip);
            final float[] fabricated = chip.state().toArray(ValueLayout.JAVA_FLOAT);
            if (spec.device() instanceof GateControlledDevice) {
                KERNELS.resetAll(chip, w);
                KERNELS.setAll(chip, w, 1.2f);
                final float[] delta = new float[w.size()];
                for (int k = 0; k < delta.length; k++) {
                    delta[k] = (k % 5 - 2) * 0.8f;
                }
                KERNELS.programGate(chip, w, delta);
            } else {
                final int[] pulses = new int[w.size()];
                for (int k = 0; k < pulses.length; k++) {
                    pulses[k] = (k % 9) * 7 - 20;
                }
                final int[] toMiddle = new int[w.size()];
                Arrays.fill(toMiddle, 600);
                KERNELS.applyPulses(chip, w, toMiddle);
                KERNELS.applyPulses(chip, w, pulses);
            }
            final float[] read = new float[w.size()];
            KERNELS.readConductances(chip, w, read);
            final float[] volts = new float[w.rows() * 2];
            for (int k = 0; k < volts.length; k++) {
                volts[k] = (k % 7 - 3) * 0.061f + k * 1.3e-4f;
            }
            final float[] currents = new float[w.cols() * 2];
            KERNELS.vmm(chip, w, volts, currents, 2);
            final Ageing ageing = Ageing.of(chip);
            ageing.at(86_400);
            final float[] aged = chip.conductance().toArray(ValueLayout.JAVA_FLOAT);
            final List<EnergyEstimate.Cost> costs =
                    EnergyEstimate.of(chip.stats(), spec.energy()).costs();
            final float[] all =
                    new float[fabricated.length + read.length + currents.length + aged.length + 2 * costs.size()];
            System.arraycopy(fabricated, 0, all, 0, fabricated.length);
            System.arraycopy(read, 0, all, fabricated.length, read.length);
            System.arraycopy(currents, 0, all, fabricated.length + read.length, currents.length);
            System.arraycopy(aged, 0, all, fabricated.length + read.length + currents.length, aged.length);
            for (int i = 0; i < costs.size(); i++) {
                all[all.length - 2 * costs.size() + 2 * i] =
                        (float) costs.get(i).joules();
                all[all.length - 2 * costs.size() + 2 * i + 1] =
                        (float) costs.get(i).seconds();
            }
            return all;
        }
    }
}
