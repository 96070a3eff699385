package dev.xbar.core.chip;

import dev.xbar.core.Check;

/**
 * The analog periphery: input DAC, read voltage, transimpedance amplifier and ADC (paper-spec.md 1.1). Currents are
 * in microamperes, conductances in microsiemens, voltages in volts, so I = V * G needs no unit factor.
 *
 * <p>DAC: symmetric, v = step * rint(clamp(v / step, -(2^(bits-1) - 1), 2^(bits-1) - 1)), step = range / (2^(bits-1)
 * - 1), so +-range is exact. ADC: offset binary like the authors' 16-bit converter, code in [-2^(bits-1),
 * 2^(bits-1) - 1], LSB = adcRange / 2^(bits-1) volts at the TIA output, i.e. {@link #adcStepMicroAmps()} in current
 * (15.26 nA for 16 bits, 5 V, 10 kOhm; saturating at -500 and +499.98 uA).
 *
 * @param dacBits input DAC resolution, including the sign
 * @param dacRangeVolts input DAC full scale (+-)
 * @param readVolts the read voltage: peak of the per-vector input scaling and the read-back voltage (0.2 V)
 * @param tiaOhms TIA feedback resistance
 * @param adcBits ADC resolution, including the sign
 * @param adcRangeVolts ADC full scale (+-) at the TIA output
 * @param outputNoiseMicroAmps standard deviation of Gaussian noise added to each output before the ADC
 */
public record Peripherals(
        int dacBits,
        double dacRangeVolts,
        double readVolts,
        double tiaOhms,
        int adcBits,
        double adcRangeVolts,
        double outputNoiseMicroAmps) {

    /** Validates every field. */
    public Peripherals {
        Check.range("dacBits", dacBits, 2, 24);
        Check.range("dacRangeVolts", dacRangeVolts, 1e-3, 10);
        Check.range("readVolts", readVolts, 1e-3, dacRangeVolts);
        Check.range("tiaOhms", tiaOhms, 1, 1e9);
        Check.range("adcBits", adcBits, 2, 24);
        Check.range("adcRangeVolts", adcRangeVolts, 1e-3, 100);
        Check.range("outputNoiseMicroAmps", outputNoiseMicroAmps, 0, 1e6);
    }

    /**
     * The authors' measurement system: 12-bit-equivalent input over +-0.2 V (their 0.1 mV command resolution), 0.2 V
     * read, 10 kOhm TIA (gain index 2), 16-bit ADC over +-5 V, no added output noise.
     *
     * @return the preset
     */
    public static Peripherals dpe2018() {
        return new Peripherals(12, 0.2, 0.2, 10_000, 16, 5, 0);
    }

    /**
     * The input DAC step.
     *
     * @return the step in volts
     */
    public float dacStepVolts() {
        return (float) (dacRangeVolts / dacMaxCode());
    }

    /**
     * The largest DAC code magnitude.
     *
     * @return 2^(bits-1) - 1
     */
    public int dacMaxCode() {
        return (1 << (dacBits - 1)) - 1;
    }

    /**
     * The ADC LSB referred to the column current.
     *
     * @return the step in microamperes
     */
    public float adcStepMicroAmps() {
        return (float) (adcRangeVolts / (1 << (adcBits - 1)) / tiaOhms * 1e6);
    }

    /**
     * The most negative ADC code.
     *
     * @return -2^(bits-1)
     */
    public int adcMinCode() {
        return -(1 << (adcBits - 1));
    }

    /**
     * The most positive ADC code.
     *
     * @return 2^(bits-1) - 1
     */
    public int adcMaxCode() {
        return (1 << (adcBits - 1)) - 1;
    }
}
