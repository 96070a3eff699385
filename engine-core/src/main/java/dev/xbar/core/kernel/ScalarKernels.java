package dev.xbar.core.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.Peripherals;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Variability;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.random.FloatMath;
import dev.xbar.core.random.Purpose;
import dev.xbar.core.random.RandomStreams;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * The plain, obviously correct reference implementation of {@link CrossbarKernels}: one device at a time, float
 * arithmetic with {@code Math.fma} for the VMM accumulation, loops i-outer j-inner over the row-major planes.
 * Faster implementations must agree with it (exactly for every random draw, up to float reassociation for sums).
 */
public final class ScalarKernels implements CrossbarKernels {
    /** The name {@code -Dxbar.kernels=scalar} selects. */
    public static final String NAME = "scalar";

    /** Per-thread scratch: quantised inputs and accumulators, grown on first use, never shrunk. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Creates the kernels (stateless; one instance serves every chip and thread). */
    public ScalarKernels() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void vmm(
            final Chip chip,
            final Window w,
            final float[] volts,
            final float[] currentsMicroAmps,
            final int firstRow,
            final int rowCount,
            final long event) {
        KernelArguments.checkRows(chip, w, volts, currentsMicroAmps, firstRow, rowCount, w.rows(), w.cols());
        final Noise noise = Noise.of(chip, event);
        final Scratch scratch = SCRATCH.get().ensure(w.cols());
        final float[] sumV2G2 = scratch.floats;
        final MemorySegment g = chip.conductance();
        for (int b = firstRow; b < firstRow + rowCount; b++) {
            final int in = b * w.rows();
            final int out = b * w.cols();
            Arrays.fill(currentsMicroAmps, out, out + w.cols(), 0.0f);
            Arrays.fill(sumV2G2, 0, w.cols(), 0.0f);
            float sumV2 = 0.0f;
            for (int i = 0; i < w.rows(); i++) {
                final float v = noise.dac(volts[in + i]);
                sumV2 = Math.fma(v, v, sumV2);
                final long row = chip.offset(w.row0() + i, w.col0());
                for (int j = 0; j < w.cols(); j++) {
                    final float gij = g.get(JAVA_FLOAT, row + (long) j * Float.BYTES);
                    currentsMicroAmps[out + j] = Math.fma(v, gij, currentsMicroAmps[out + j]);
                    final float vg = v * gij;
                    sumV2G2[j] = Math.fma(vg, vg, sumV2G2[j]);
                }
            }
            for (int j = 0; j < w.cols(); j++) {
                currentsMicroAmps[out + j] = noise.output(currentsMicroAmps[out + j], sumV2, sumV2G2[j], out + j);
            }
        }
        chip.count(0, 0, 0, 0, rowCount);
    }

    @Override
    public void vmmDriven(
            final Chip chip,
            final Window w,
            final RowDrive drive,
            final float[] x,
            final int inputs,
            final float[] scales,
            final float[] currentsMicroAmps,
            final int firstRow,
            final int rowCount,
            final long event) {
        KernelArguments.checkDriven(chip, w, drive, x, inputs, scales, currentsMicroAmps, firstRow, rowCount);
        final Noise noise = Noise.of(chip, event);
        final int m = drive.span();
        final int first = drive.firstInput();
        final int cols = w.cols();
        final Scratch scratch = SCRATCH.get().ensure(cols).effective(m * cols);
        final float[] e = scratch.e;
        final float[] e2 = scratch.e2;
        drive.effective(chip, w, e, e2, cols);
        final float[] sumV2G2 = scratch.floats;
        for (int b = firstRow; b < firstRow + rowCount; b++) {
            final int out = b * cols;
            Arrays.fill(currentsMicroAmps, out, out + cols, 0.0f);
            Arrays.fill(sumV2G2, 0, cols, 0.0f);
            float sumV2 = 0.0f;
            for (int u = 0; u < m; u++) {
                final float v = noise.dac(scales[b] * x[b * inputs + first + u]);
                sumV2 = Math.fma(drive.weight(u) * v, v, sumV2);
                final float v2 = v * v;
                for (int j = 0; j < cols; j++) {
                    currentsMicroAmps[out + j] = Math.fma(v, e[u * cols + j], currentsMicroAmps[out + j]);
                    sumV2G2[j] = Math.fma(v2, e2[u * cols + j], sumV2G2[j]);
                }
            }
            for (int j = 0; j < cols; j++) {
                currentsMicroAmps[out + j] = noise.output(currentsMicroAmps[out + j], sumV2, sumV2G2[j], out + j);
            }
        }
        chip.count(0, 0, 0, 0, rowCount);
    }

    @Override
    public void vmmTransposed(
            final Chip chip, final Window w, final float[] volts, final float[] currentsMicroAmps, final int batch) {
        KernelArguments.checkBatch(chip, w, volts, currentsMicroAmps, batch, w.cols(), w.rows());
        final Noise noise = Noise.of(chip, chip.nextEvent());
        final Scratch scratch = SCRATCH.get().ensure(w.cols());
        final float[] v = scratch.floats;
        final MemorySegment g = chip.conductance();
        for (int b = 0; b < batch; b++) {
            final int in = b * w.cols();
            final int out = b * w.rows();
            float sumV2 = 0.0f;
            for (int j = 0; j < w.cols(); j++) {
                v[j] = noise.dac(volts[in + j]);
                sumV2 = Math.fma(v[j], v[j], sumV2);
            }
            for (int i = 0; i < w.rows(); i++) {
                final long row = chip.offset(w.row0() + i, w.col0());
                float sum = 0.0f;
                float sumV2G2 = 0.0f;
                for (int j = 0; j < w.cols(); j++) {
                    final float gij = g.get(JAVA_FLOAT, row + (long) j * Float.BYTES);
                    sum = Math.fma(v[j], gij, sum);
                    final float vg = v[j] * gij;
                    sumV2G2 = Math.fma(vg, vg, sumV2G2);
                }
                currentsMicroAmps[out + i] = noise.output(sum, sumV2, sumV2G2, out + i);
            }
        }
        chip.count(0, 0, 0, 0, batch);
    }

    @Override
    public void readConductances(final Chip chip, final Window w, final float[] microSiemens, final long event) {
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.size(), microSiemens.length);
        final Noise noise = Noise.of(chip, event);
        final float vRead = (float) chip.spec().peripherals().readVolts();
        final float v2 = vRead * vRead;
        final MemorySegment g = chip.conductance();
        for (int i = 0; i < w.rows(); i++) {
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < w.cols(); j++) {
                final int k = i * w.cols() + j;
                final float gij = g.get(JAVA_FLOAT, row + (long) j * Float.BYTES);
                final float vg = vRead * gij;
                microSiemens[k] = noise.output(vg, v2, vg * vg, k) / vRead;
            }
        }
        chip.count(0, 0, 0, w.size(), 0);
    }

    @Override
    public void programGate(final Chip chip, final Window w, final float[] deltaGateVolts, final long event) {
        final GateControlledDevice device = KernelArguments.gateDevice(chip);
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.size(), deltaGateVolts.length);
        final long key = chip.streamKey(Purpose.WRITE_NOISE, event);
        final float writeNoise = (float) device.writeNoiseMicroSiemens();
        final MemorySegment vgLast = chip.gateVoltage();
        final MemorySegment fault = chip.faults();
        long sets = 0;
        long resets = 0;
        for (int i = 0; i < w.rows(); i++) {
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < w.cols(); j++) {
                final int k = i * w.cols() + j;
                final float delta = deltaGateVolts[k];
                if (delta == 0.0f) {
                    continue;
                }
                final long at = row + (long) j * Float.BYTES;
                sets++;
                if (delta < 0.0f) {
                    resets++;
                }
                if (fault.get(JAVA_FLOAT, at) != FaultCode.OK) {
                    continue;
                }
                if (delta < 0.0f) {
                    reset(chip, device, at, key, k, writeNoise);
                }
                final float vg = clipGate(device, vgLast.get(JAVA_FLOAT, at) + delta);
                set(chip, device, at, key, k, writeNoise, vg);
                vgLast.set(JAVA_FLOAT, at, vg);
            }
        }
        chip.count(sets, resets, 0, 0, 0);
    }

    @Override
    public void resetAll(final Chip chip, final Window w) {
        final GateControlledDevice device = KernelArguments.gateDevice(chip);
        w.checkFits(chip);
        final long key = writeKey(chip);
        final float writeNoise = (float) device.writeNoiseMicroSiemens();
        final MemorySegment fault = chip.faults();
        for (int i = 0; i < w.rows(); i++) {
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < w.cols(); j++) {
                final long at = row + (long) j * Float.BYTES;
                if (fault.get(JAVA_FLOAT, at) == FaultCode.OK) {
                    reset(chip, device, at, key, i * w.cols() + j, writeNoise);
                    chip.gateVoltage().set(JAVA_FLOAT, at, 0.0f);
                }
            }
        }
        chip.count(0, w.size(), 0, 0, 0);
    }

    @Override
    public void setAll(final Chip chip, final Window w, final float gateVolts) {
        final GateControlledDevice device = KernelArguments.gateDevice(chip);
        w.checkFits(chip);
        final long key = writeKey(chip);
        final float writeNoise = (float) device.writeNoiseMicroSiemens();
        final float vg = clipGate(device, gateVolts);
        final MemorySegment fault = chip.faults();
        for (int i = 0; i < w.rows(); i++) {
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < w.cols(); j++) {
                final long at = row + (long) j * Float.BYTES;
                if (fault.get(JAVA_FLOAT, at) == FaultCode.OK) {
                    set(chip, device, at, key, i * w.cols() + j, writeNoise, vg);
                    chip.gateVoltage().set(JAVA_FLOAT, at, vg);
                }
            }
        }
        chip.count(w.size(), 0, 0, 0, 0);
    }

    @Override
    public void applyPulses(final Chip chip, final Window w, final int[] signedPulseCounts, final long event) {
        final StepDevice device = KernelArguments.stepDevice(chip);
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.size(), signedPulseCounts.length);
        final long noiseKey = chip.streamKey(Purpose.STEP_NOISE, event);
        final float std = (float) device.steps().dwMinStd();
        long pulses = 0;
        for (int i = 0; i < w.rows(); i++) {
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < w.cols(); j++) {
                final int n = signedPulseCounts[i * w.cols() + j];
                pulses += Math.abs((long) n);
                pulse(chip, device, row + (long) j * Float.BYTES, n, noiseKey, i * w.cols() + j, std);
            }
        }
        chip.count(0, 0, pulses, 0, 0);
    }

    @Override
    public void pulseTrainUpdate(
            final Chip chip, final Window w, final float[] x, final float[] d, final int bl, final float lr) {
        final StepDevice device = KernelArguments.checkPulseTrain(chip, w, x, d, bl, lr);
        final long event = chip.nextEvent();
        final long rowKey = chip.streamKey(Purpose.PULSE_TRAIN_ROWS, event);
        final long colKey = chip.streamKey(Purpose.PULSE_TRAIN_COLUMNS, event);
        final long noiseKey = chip.streamKey(Purpose.STEP_NOISE, event);
        final float xMax = KernelArguments.maxAbs(x, w.rows());
        final float dMax = KernelArguments.maxAbs(d, w.cols());
        if (xMax == 0.0f || dMax == 0.0f || lr == 0.0f) {
            return;
        }
        final float scaleX = KernelArguments.pulseTrainScale(device, bl, lr, dMax, xMax);
        final float scaleD = KernelArguments.pulseTrainScale(device, bl, lr, xMax, dMax);
        final long[] colTrains = SCRATCH.get().ensure(w.cols()).longs;
        for (int j = 0; j < w.cols(); j++) {
            colTrains[j] = train(colKey, j, bl, Math.min(scaleD * Math.abs(d[j]), 1.0f));
        }
        final float std = (float) device.steps().dwMinStd();
        long pulses = 0;
        for (int i = 0; i < w.rows(); i++) {
            final long rowTrain = train(rowKey, i, bl, Math.min(scaleX * Math.abs(x[i]), 1.0f));
            if (rowTrain == 0) {
                continue;
            }
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < w.cols(); j++) {
                final int n = Long.bitCount(rowTrain & colTrains[j]);
                if (n != 0) {
                    pulses += n;
                    final boolean up = (x[i] > 0.0f) == (d[j] > 0.0f);
                    pulse(chip, device, row + (long) j * Float.BYTES, up ? n : -n, noiseKey, i * w.cols() + j, std);
                }
            }
        }
        chip.count(0, 0, pulses, 0, 0);
    }

    /** One pulse train: bit t is set when uniform(index * bl + t) &lt; p. */
    private static long train(final long key, final int index, final int bl, final float p) {
        long bits = 0;
        for (int t = 0; t < bl; t++) {
            if (RandomStreams.uniform(key, (long) index * bl + t) < p) {
                bits |= 1L << t;
            }
        }
        return bits;
    }

    /**
     * One step device's {@code n} signed pulses, one after another (each step depends on the conductance the previous
     * one left): unless the device is faulty, each moves G by meanStep * (1 + std * xi_p), xi_p = {@code
     * gaussian(bits(noiseKey, k), p)}, and clips to the device's bounds. Every implementation applies step pulses
     * through this rule.
     *
     * @param chip the chip
     * @param device its step device
     * @param at the device's byte offset in the planes
     * @param n signed pulse count
     * @param noiseKey the call's STEP_NOISE key
     * @param k the device's window-relative index
     * @param std relative step noise
     */
    public static void pulse(
            final Chip chip,
            final StepDevice device,
            final long at,
            final int n,
            final long noiseKey,
            final int k,
            final float std) {
        if (n == 0 || chip.faults().get(JAVA_FLOAT, at) != FaultCode.OK) {
            return;
        }
        final MemorySegment g = chip.conductance();
        final boolean up = n > 0;
        final float dw = chip.plane(up ? Plane.STEP_UP : Plane.STEP_DOWN).get(JAVA_FLOAT, at);
        final float gMin = chip.plane(Plane.G_MIN).get(JAVA_FLOAT, at);
        final float gMax = chip.plane(Plane.G_MAX).get(JAVA_FLOAT, at);
        final long deviceKey = RandomStreams.bits(noiseKey, k);
        float value = g.get(JAVA_FLOAT, at);
        final int count = Math.abs(n);
        for (int p = 0; p < count; p++) {
            final float step = device.meanStep(value, up, dw, gMin, gMax);
            final float noisy = std == 0.0f ? step : step * (1.0f + std * RandomStreams.gaussian(deviceKey, p));
            value = Math.clamp(up ? value + noisy : value - noisy, gMin, gMax);
        }
        g.set(JAVA_FLOAT, at, value);
    }

    private static long writeKey(final Chip chip) {
        return chip.streamKey(Purpose.WRITE_NOISE, chip.nextEvent());
    }

    /** Vg clipped to [vgMin, vgMax] (the value the software remembers). */
    private static float clipGate(final GateControlledDevice device, final float vg) {
        return Math.clamp(vg, (float) device.vgMinVolts(), (float) device.vgMaxVolts());
    }

    /** RESET one device: G = clip(reset + noise * xi_{2k}). */
    private static void reset(
            final Chip chip,
            final GateControlledDevice device,
            final long at,
            final long key,
            final int k,
            final float writeNoise) {
        final float g = (float) device.resetMicroSiemens() + writeNoise * RandomStreams.gaussian(key, 2L * k);
        chip.conductance().set(JAVA_FLOAT, at, clipG(chip, at, g));
    }

    /** SET one device at clipped gate voltage vg: G = clip(max(f(q(vg)), G) + noise * xi_{2k+1}). */
    private static void set(
            final Chip chip,
            final GateControlledDevice device,
            final long at,
            final long key,
            final int k,
            final float writeNoise,
            final float vg) {
        final float applied = FloatMath.rint(vg / (float) device.vgStepVolts()) * (float) device.vgStepVolts();
        final float slope = chip.plane(Plane.SLOPE).get(JAVA_FLOAT, at);
        final float offset = chip.plane(Plane.OFFSET).get(JAVA_FLOAT, at);
        final float target = clipG(chip, at, Math.fma(slope, applied, offset));
        final float g = Math.max(target, chip.conductance().get(JAVA_FLOAT, at))
                + writeNoise * RandomStreams.gaussian(key, 2L * k + 1);
        chip.conductance().set(JAVA_FLOAT, at, clipG(chip, at, g));
    }

    private static float clipG(final Chip chip, final long at, final float g) {
        return Math.clamp(
                g,
                chip.plane(Plane.G_MIN).get(JAVA_FLOAT, at),
                chip.plane(Plane.G_MAX).get(JAVA_FLOAT, at));
    }

    /** The read path of one call: DAC, read and output noise keyed by the given event, ADC. */
    private record Noise(
            long readKey,
            long outputKey,
            float absolute2,
            float relative2,
            float outputSigma,
            float dacStep,
            float dacMax,
            float adcStep,
            float adcMin,
            float adcMax) {

        static Noise of(final Chip chip, final long event) {
            final ChipSpec spec = chip.spec();
            final Variability v = spec.variability();
            final Peripherals p = spec.peripherals();
            final float a = (float) v.readNoiseMicroSiemens();
            final float r = (float) v.readNoiseRelative();
            return new Noise(
                    chip.streamKey(Purpose.READ_NOISE, event),
                    chip.streamKey(Purpose.OUTPUT_NOISE, event),
                    a * a,
                    r * r,
                    (float) p.outputNoiseMicroAmps(),
                    p.dacStepVolts(),
                    p.dacMaxCode(),
                    p.adcStepMicroAmps(),
                    p.adcMinCode(),
                    p.adcMaxCode());
        }

        float dac(final float volts) {
            return FloatMath.quantize(volts, dacStep, -dacMax, dacMax);
        }

        /**
         * ADC(current + N(0, sqrt(a^2 sumV2 + r^2 sumV2G2)) + N(0, output)), draws at index.
         * The variance is fma(absolute2, sumV2, relative2 * sumV2G2).
         */
        float output(final float current, final float sumV2, final float sumV2G2, final long index) {
            final float sigma = (float) Math.sqrt(Math.fma(absolute2, sumV2, relative2 * sumV2G2));
            final float noisy = current
                    + sigma * RandomStreams.gaussian(readKey, index)
                    + outputSigma * RandomStreams.gaussian(outputKey, index);
            return FloatMath.quantize(noisy, adcStep, adcMin, adcMax);
        }
    }

    /** Per-thread buffers, grown on demand. */
    private static final class Scratch {
        float[] floats = new float[0];
        long[] longs = new long[0];
        float[] e = new float[0];
        float[] e2 = new float[0];

        /** Effective conductances and their sums of squares of at least n devices. */
        Scratch effective(final int n) {
            if (e.length < n) {
                e = new float[n];
                e2 = new float[n];
            }
            return this;
        }

        Scratch ensure(final int n) {
            if (floats.length < n) {
                floats = new float[n];
                longs = new long[n];
            }
            return this;
        }
    }
}
