package dev.xbar.core.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.random.FloatMath;
import dev.xbar.core.random.RandomStreams;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The plain, obviously correct reference implementation of {@link CrossbarKernels}: one device at a time, float
 * arithmetic with {@code Math.fma} for the VMM accumulation, loops i-outer j-inner over the row-major planes.
 * Faster implementations must agree with it (exactly for every random draw, up to float reassociation for sums).
 */
final class ScalarKernels implements CrossbarKernelSupport {
    /** The name {@code -Dxbar.kernels=scalar} selects. */
    static final String NAME = "scalar";

    /** The one instance (stateless). */
    static final ScalarKernels INSTANCE = new ScalarKernels();

    /** Per-thread scratch: quantised inputs and accumulators, grown on first use, never shrunk. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private ScalarKernels() {}

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
            final ReadPath noise) {
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
            final ReadPath noise) {
        final int m = drive.span();
        final int first = drive.firstInput();
        final int cols = w.cols();
        final Scratch scratch = SCRATCH.get().ensure(cols).effective(m * cols);
        final float[] e = scratch.e;
        final float[] e2 = scratch.e2;
        drive.effective(chip, w, e, e2, cols);
        for (int b = firstRow; b < firstRow + rowCount; b++) {
            drivenRow(
                    drive, e, e2, cols, x, b * inputs + first, scales[b], currentsMicroAmps, b, scratch.floats, noise);
        }
    }

    /**
     * Batch row b of a driven VMM: the inputs of the drive's span from {@code x[at..]}, times scale, through the
     * DAC, against the effective conductances e (and their squares e2), then noise and ADC.
     */
    private static void drivenRow(
            final RowDrive drive,
            final float[] e,
            final float[] e2,
            final int cols,
            final float[] x,
            final int at,
            final float scale,
            final float[] currentsMicroAmps,
            final int b,
            final float[] sumV2G2,
            final ReadPath noise) {
        final int out = b * cols;
        Arrays.fill(currentsMicroAmps, out, out + cols, 0.0f);
        Arrays.fill(sumV2G2, 0, cols, 0.0f);
        float sumV2 = 0.0f;
        for (int u = 0; u < drive.span(); u++) {
            final float v = noise.dac(scale * x[at + u]);
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

    /** Each row written out ({@link Patches#row}), scaled as {@link ScalarMatrixKernels#scaleRows} scales it. */
    @Override
    public void vmmPatches(
            final Chip chip,
            final Window w,
            final RowDrive drive,
            final Patches patches,
            final float[] image,
            final float volts,
            final float[] scales,
            final float[] currentsMicroAmps,
            final int firstRow,
            final int rowCount,
            final ReadPath noise) {
        final int cols = w.cols();
        final Scratch scratch =
                SCRATCH.get().ensure(Math.max(cols, patches.inputs())).effective(drive.span() * cols);
        final float[] e = scratch.e;
        final float[] e2 = scratch.e2;
        drive.effective(chip, w, e, e2, cols);
        final float[] row = scratch.row(patches.inputs());
        for (int b = firstRow; b < firstRow + rowCount; b++) {
            patches.row(image, b, row, 0);
            scales[b] = InputScaling.scale(row, 0, patches.inputs(), volts);
            drivenRow(
                    drive,
                    e,
                    e2,
                    cols,
                    row,
                    drive.firstInput(),
                    scales[b],
                    currentsMicroAmps,
                    b,
                    scratch.floats,
                    noise);
        }
    }

    @Override
    public void vmmTransposed(
            final Chip chip,
            final Window w,
            final float[] volts,
            final float[] currentsMicroAmps,
            final int batch,
            final ReadPath noise) {
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
    }

    @Override
    public void readConductances(
            final Chip chip, final Window w, final float[] microSiemens, final float vRead, final ReadPath noise) {
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
    }

    @Override
    public void programGate(
            final Chip chip,
            final Window w,
            final GateControlledDevice device,
            final float[] deltaGateVolts,
            final long key) {
        final float writeNoise = (float) device.writeNoiseMicroSiemens();
        final MemorySegment vgLast = chip.gateVoltage();
        final MemorySegment fault = chip.faults();
        for (int i = 0; i < w.rows(); i++) {
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < w.cols(); j++) {
                final int k = i * w.cols() + j;
                final float delta = deltaGateVolts[k];
                if (delta == 0.0f) {
                    continue;
                }
                final long at = row + (long) j * Float.BYTES;
                if (fault.get(JAVA_FLOAT, at) != FaultCode.OK) {
                    continue;
                }
                if (delta < 0.0f) {
                    reset(chip, device, at, key, k, writeNoise);
                }
                final float vg = device.clipGate(vgLast.get(JAVA_FLOAT, at) + delta);
                set(chip, device, at, key, k, writeNoise, vg);
                vgLast.set(JAVA_FLOAT, at, vg);
            }
        }
    }

    @Override
    public void resetAll(final Chip chip, final Window w, final GateControlledDevice device, final long key) {
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
    }

    @Override
    public void setAll(
            final Chip chip, final Window w, final GateControlledDevice device, final float vg, final long key) {
        final float writeNoise = (float) device.writeNoiseMicroSiemens();
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
    }

    @Override
    public long applyPulses(
            final Chip chip,
            final Window w,
            final StepDevice device,
            final int[] signedPulseCounts,
            final long noiseKey) {
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
        return pulses;
    }

    @Override
    public long pulseTrain(
            final Chip chip,
            final Window w,
            final StepDevice device,
            final float[] x,
            final float[] d,
            final int bl,
            final float scaleX,
            final float scaleD,
            final long rowKey,
            final long colKey,
            final long noiseKey) {
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
        return pulses;
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

    /** One device's n pulses through the device's pulse rule; faulty devices take none. */
    private static void pulse(
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
        final float dw = chip.plane(n > 0 ? Plane.STEP_UP : Plane.STEP_DOWN).get(JAVA_FLOAT, at);
        final float gMin = chip.plane(Plane.G_MIN).get(JAVA_FLOAT, at);
        final float gMax = chip.plane(Plane.G_MAX).get(JAVA_FLOAT, at);
        final MemorySegment g = chip.conductance();
        g.set(
                JAVA_FLOAT,
                at,
                device.afterPulses(g.get(JAVA_FLOAT, at), n, dw, gMin, gMax, RandomStreams.bits(noiseKey, k), std));
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

    /** Per-thread buffers, grown on demand. */
    private static final class Scratch {
        float[] floats = new float[0];
        long[] longs = new long[0];
        float[] e = new float[0];
        float[] e2 = new float[0];
        float[] row = new float[0];

        /** A buffer for one written-out row of n inputs. */
        float[] row(final int n) {
            if (row.length < n) {
                row = new float[n];
            }
            return row;
        }

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
