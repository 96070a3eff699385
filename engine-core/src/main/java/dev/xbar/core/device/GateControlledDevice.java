package dev.xbar.core.device;

import dev.xbar.core.Check;
import java.util.Map;

/**
 * The paper's 1T1R device: the transistor's gate voltage sets the SET compliance and hence the conductance.
 *
 * <ul>
 *   <li>RESET: G = reset level + write noise;
 *   <li>SET(Vg): G = max(f(Vg), G) + write noise, with f(Vg) = slope * Vg + offset clipped to [gMin, gMax];
 *   <li>after every event G is clipped to [gMin, gMax] (the authors clip at 0 from below);
 *   <li>the applied gate voltage is quantised to the DAC step (10 mV on the authors' hardware).
 * </ul>
 *
 * @param slopeMicroSiemensPerVolt df/dVg, in microsiemens per volt
 * @param offsetMicroSiemens f(0), in microsiemens
 * @param writeNoiseMicroSiemens standard deviation of the Gaussian cycle-to-cycle noise of each RESET and SET
 * @param resetMicroSiemens conductance after a noiseless RESET
 * @param gMinMicroSiemens lower conductance bound
 * @param gMaxMicroSiemens upper conductance bound
 * @param vgMinVolts smallest SET gate voltage the scheme applies
 * @param vgMaxVolts largest SET gate voltage the scheme applies
 * @param vgStepVolts gate-voltage DAC step
 */
public record GateControlledDevice(
        double slopeMicroSiemensPerVolt,
        double offsetMicroSiemens,
        double writeNoiseMicroSiemens,
        double resetMicroSiemens,
        double gMinMicroSiemens,
        double gMaxMicroSiemens,
        double vgMinVolts,
        double vgMaxVolts,
        double vgStepVolts)
        implements DeviceModel {

    /** Validates every field. */
    public GateControlledDevice {
        Check.range("slopeMicroSiemensPerVolt", slopeMicroSiemensPerVolt, 0, 10_000);
        Check.range("offsetMicroSiemens", offsetMicroSiemens, -10_000, 10_000);
        Check.range("writeNoiseMicroSiemens", writeNoiseMicroSiemens, 0, 100);
        Check.range("gMinMicroSiemens", gMinMicroSiemens, 0, 10_000);
        Check.range("gMaxMicroSiemens", gMaxMicroSiemens, gMinMicroSiemens, 10_000);
        Check.range("resetMicroSiemens", resetMicroSiemens, gMinMicroSiemens, gMaxMicroSiemens);
        Check.range("vgMinVolts", vgMinVolts, 0, 5);
        Check.range("vgMaxVolts", vgMaxVolts, vgMinVolts, 5);
        Check.range("vgStepVolts", vgStepVolts, 1e-6, 1);
    }

    /**
     * Reads the device from a spec file ({@link DeviceFamily}).
     *
     * @param f the device object's fields
     * @return the device
     */
    public static GateControlledDevice read(final DeviceFields f) {
        final double slope = f.number("slopeMicroSiemensPerVolt");
        final double offset = f.number("offsetMicroSiemens");
        final double noise = f.number("writeNoiseMicroSiemens");
        final double reset = f.number("resetMicroSiemens");
        final double gMin = f.number("gMinMicroSiemens");
        final double gMax = f.number("gMaxMicroSiemens");
        final double vgMin = f.number("vgMinVolts");
        final double vgMax = f.number("vgMaxVolts");
        final double vgStep = f.number("vgStepVolts");
        return f.build(() -> new GateControlledDevice(slope, offset, noise, reset, gMin, gMax, vgMin, vgMax, vgStep));
    }

    @Override
    public String family() {
        return "gate";
    }

    @Override
    public void writeFields(final Map<String, Object> out) {
        out.put("slopeMicroSiemensPerVolt", slopeMicroSiemensPerVolt);
        out.put("offsetMicroSiemens", offsetMicroSiemens);
        out.put("writeNoiseMicroSiemens", writeNoiseMicroSiemens);
        out.put("resetMicroSiemens", resetMicroSiemens);
        out.put("gMinMicroSiemens", gMinMicroSiemens);
        out.put("gMaxMicroSiemens", gMaxMicroSiemens);
        out.put("vgMinVolts", vgMinVolts);
        out.put("vgMaxVolts", vgMaxVolts);
        out.put("vgStepVolts", vgStepVolts);
    }

    /**
     * The authors' 2019 CNN simulation: f(Vg) = 200 uS / 1.1 V * Vg, 8 uS write noise, Vg in [0.5, 2.5] V, RESET to
     * 0, G clipped to [0, 500] uS (the upper bound is the spec's suggestion; the paper gives none).
     *
     * @return the preset
     */
    public static GateControlledDevice nmi2019() {
        return new GateControlledDevice(200.0 / 1.1, 0, 8, 0, 0, 500, 0.5, 2.5, 0.01);
    }

    /**
     * The authors' 2018 MLP/LSTM simulation: f(Vg) = 98 uS/V * Vg + 120 uS, 4 uS write noise, Vg in [0.7, 1.6] V.
     *
     * @return the preset
     */
    public static GateControlledDevice natcomm2018() {
        return new GateControlledDevice(98, 120, 4, 0, 0, 500, 0.7, 1.6, 0.01);
    }

    /**
     * The 2019 device without write noise.
     *
     * @return the preset
     */
    public static GateControlledDevice ideal() {
        return new GateControlledDevice(200.0 / 1.1, 0, 0, 0, 0, 500, 0.5, 2.5, 0.01);
    }

    /**
     * A requested SET gate voltage clipped to [vgMin, vgMax], in float: the value the authors' software remembers as
     * the device's last gate voltage (the gate DAC quantises only what it applies).
     *
     * @param vg the requested gate voltage
     * @return the clipped voltage
     */
    public float clipGate(final float vg) {
        return Math.clamp(vg, (float) vgMinVolts, (float) vgMaxVolts);
    }
}
