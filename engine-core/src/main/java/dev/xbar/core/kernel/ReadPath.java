package dev.xbar.core.kernel;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Peripherals;
import dev.xbar.core.chip.Variability;
import dev.xbar.core.random.FloatMath;
import dev.xbar.core.random.Purpose;
import dev.xbar.core.random.RandomStreams;

/**
 * The read path of one kernel call, derived once by the {@link CrossbarKernels} front: the DAC on the inputs, read
 * noise N(0, sqrt(sa^2 sumV2 + sr^2 sumV2G2)) and output noise N(0, so) keyed by the call's event, then the ADC.
 * Implementations read it and never derive keys or constants themselves, so every implementation draws from the same
 * streams by construction.
 *
 * <p>A term whose standard deviation is zero is skipped together with its draws: adding {@code 0 * xi} changes at most
 * the sign of a zero, which the ADC's rounding erases, so the result is the same bit for bit whether an implementation
 * draws or not.
 *
 * <p>A mutable flyweight, one per thread (the front's), so a kernel call allocates nothing; implementations must not
 * keep it beyond the call.
 */
public final class ReadPath {
    private long event;
    private long readKey;
    private long outputKey;
    private float absolute2;
    private float relative2;
    private float outputSigma;
    private float dacStep;
    private float dacMax;
    private float adcStep;
    private float adcMin;
    private float adcMax;

    /** Created by the front only. */
    ReadPath() {}

    /** Points this read path at one call: the chip's peripherals and noise, keyed by the call's event. */
    ReadPath set(final Chip chip, final long event) {
        final Variability v = chip.spec().variability();
        final Peripherals p = chip.spec().peripherals();
        final float a = (float) v.readNoiseMicroSiemens();
        final float r = (float) v.readNoiseRelative();
        this.event = event;
        readKey = chip.streamKey(Purpose.READ_NOISE, event);
        outputKey = chip.streamKey(Purpose.OUTPUT_NOISE, event);
        absolute2 = a * a;
        relative2 = r * r;
        outputSigma = (float) p.outputNoiseMicroAmps();
        dacStep = p.dacStepVolts();
        dacMax = p.dacMaxCode();
        adcStep = p.adcStepMicroAmps();
        adcMin = p.adcMinCode();
        adcMax = p.adcMaxCode();
        return this;
    }

    /**
     * The call's event: with the chip's {@link Chip#era}, it names the conductances the call reads.
     *
     * @return the event
     */
    public long event() {
        return event;
    }

    /**
     * The READ_NOISE stream of the call; output k draws {@code gaussian(readKey, k)}.
     *
     * @return the key
     */
    public long readKey() {
        return readKey;
    }

    /**
     * The OUTPUT_NOISE stream of the call; output k draws {@code gaussian(outputKey, k)}.
     *
     * @return the key
     */
    public long outputKey() {
        return outputKey;
    }

    /**
     * The absolute read-noise variance per unit sum of V^2, sa^2.
     *
     * @return sa^2 in uS^2
     */
    public float absolute2() {
        return absolute2;
    }

    /**
     * The relative read-noise variance per unit sum of (V G)^2, sr^2.
     *
     * @return sr^2
     */
    public float relative2() {
        return relative2;
    }

    /**
     * The output noise, so.
     *
     * @return its standard deviation in uA
     */
    public float outputSigma() {
        return outputSigma;
    }

    /**
     * The DAC's step.
     *
     * @return volts per code
     */
    public float dacStep() {
        return dacStep;
    }

    /**
     * The DAC's largest code (symmetric: the smallest is its negative).
     *
     * @return the code
     */
    public float dacMax() {
        return dacMax;
    }

    /**
     * The ADC's step.
     *
     * @return microamperes per code
     */
    public float adcStep() {
        return adcStep;
    }

    /**
     * The ADC's smallest code.
     *
     * @return the code
     */
    public float adcMin() {
        return adcMin;
    }

    /**
     * The ADC's largest code.
     *
     * @return the code
     */
    public float adcMax() {
        return adcMax;
    }

    /**
     * Whether the read-noise term is drawn.
     *
     * @return true if sa or sr is non-zero
     */
    public boolean readNoise() {
        return absolute2 != 0.0f || relative2 != 0.0f;
    }

    /**
     * Whether the read noise depends on each device's conductance (then sum V^2 G^2 is needed per output).
     *
     * @return true if sr is non-zero
     */
    public boolean relative() {
        return relative2 != 0.0f;
    }

    /**
     * Whether the output-noise term is drawn.
     *
     * @return true if so is non-zero
     */
    public boolean outputNoise() {
        return outputSigma != 0.0f;
    }

    /**
     * The DAC: the voltage its code for the given input applies.
     *
     * @param volts the requested input voltage
     * @return the applied voltage
     */
    public float dac(final float volts) {
        return FloatMath.quantize(volts, dacStep, -dacMax, dacMax);
    }

    /**
     * Noise and ADC on one current with given draws: ADC(current + sqrt(fma(sa^2, sumV2, sr^2 sumV2G2)) g1 + so g2),
     * each term only when it is drawn.
     *
     * @param current the noiseless current
     * @param sumV2 the sum of V^2 over the inputs
     * @param sumV2G2 the sum of (V G)^2 over the inputs (unused unless the noise is relative)
     * @param g1 the read-noise draw
     * @param g2 the output-noise draw
     * @return the quantised current
     */
    public float finish(final float current, final float sumV2, final float sumV2G2, final float g1, final float g2) {
        float noisy = current;
        if (readNoise()) {
            noisy += (float) Math.sqrt(Math.fma(absolute2, sumV2, relative2 * sumV2G2)) * g1;
        }
        if (outputNoise()) {
            noisy += outputSigma * g2;
        }
        return FloatMath.quantize(noisy, adcStep, adcMin, adcMax);
    }

    /**
     * {@link #finish} with the draws of output {@code index}.
     *
     * @param current the noiseless current
     * @param sumV2 the sum of V^2 over the inputs
     * @param sumV2G2 the sum of (V G)^2 over the inputs
     * @param index the output's draw index
     * @return the quantised current
     */
    public float output(final float current, final float sumV2, final float sumV2G2, final long index) {
        final float g1 = readNoise() ? RandomStreams.gaussian(readKey, index) : 0.0f;
        final float g2 = outputNoise() ? RandomStreams.gaussian(outputKey, index) : 0.0f;
        return finish(current, sumV2, sumV2G2, g1, g2);
    }
}
