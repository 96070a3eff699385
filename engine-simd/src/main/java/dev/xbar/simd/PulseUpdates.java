package dev.xbar.simd;

import static dev.xbar.simd.Lanes.FL;
import static dev.xbar.simd.Lanes.IL;
import static dev.xbar.simd.Lanes.L;
import static dev.xbar.simd.Lanes.NATIVE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.LinearStep;
import dev.xbar.core.device.SoftBounds;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.random.RandomStreams;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Pulse updates of step devices, one device per 64-bit lane (8 on AVX-512) so that each device's own noise stream
 * {@code gaussian(bits(key, k), p)} sits next to its conductance. A lane group runs as many pulse steps as its busiest
 * device needs, each lane stopping (by mask) after its own count; groups without pulses are skipped. The step shapes
 * with a float closed form (constant, linear, soft bounds) run in lanes with the scalar reference's operations in its
 * order, so results are bit-identical; {@code ExpStep} (double exp) and {@code PiecewiseStep} (table lookup) run one
 * device at a time through the device's own {@code meanStep}, as do the devices past the last whole lane group.
 *
 * <p>Stochastic pulse trains (aihwkit STOCHASTIC_COMPRESSED) are bit-packed: slot t of a train fires when draw t is
 * below its probability, which is exactly the integer test {@code (bits >>> 40) < ceil(p 2^24)}, so trains are built
 * 8 lanes at a time from raw draws, and the coincidences of a row with every column are one AND and one vector bit
 * count per 8 devices.
 */
final class PulseUpdates {
    private PulseUpdates() {}

    /**
     * Applies signed pulse counts to a window of step devices (the pulse step of applyPulses and pulseTrainUpdate).
     *
     * @param chip the chip
     * @param w the window
     * @param device the chip's step device
     * @param counts signed pulse counts, [w.rows x w.cols]
     * @param noiseKey the STEP_NOISE key of the call
     * @return the number of pulses, sum |n|
     */
    static long apply(
            final Chip chip, final Window w, final StepDevice device, final int[] counts, final long noiseKey) {
        final boolean lanes;
        final boolean linear;
        final float gammaUp;
        final float gammaDown;
        switch (device) {
            case ConstantStep c -> {
                lanes = true;
                linear = false;
                gammaUp = 0.0f;
                gammaDown = 0.0f;
            }
            case LinearStep l -> {
                lanes = true;
                linear = true;
                gammaUp = (float) l.gammaUp();
                gammaDown = (float) l.gammaDown();
            }
            case SoftBounds s -> {
                lanes = true;
                linear = true;
                gammaUp = 1.0f;
                gammaDown = 1.0f;
            }
            default -> {
                lanes = false;
                linear = false;
                gammaUp = 0.0f;
                gammaDown = 0.0f;
            }
        }
        final float std = (float) device.steps().dwMinStd();
        final int cols = w.cols();
        final int width = L.length();
        long pulses = 0;
        for (int i = 0; i < w.rows(); i++) {
            final int k0 = i * cols;
            final long row = chip.offset(w.row0() + i, w.col0());
            int j = 0;
            if (lanes) {
                for (; j <= cols - width; j += width) {
                    pulses += group(
                            chip,
                            row + (long) j * Float.BYTES,
                            counts,
                            k0 + j,
                            noiseKey,
                            std,
                            linear,
                            gammaUp,
                            gammaDown);
                }
            }
            for (; j < cols; j++) {
                final int n = counts[k0 + j];
                pulses += Math.abs((long) n);
                one(chip, device, row + (long) j * Float.BYTES, n, noiseKey, k0 + j, std);
            }
        }
        return pulses;
    }

    /** One lane group of devices k .. k + width - 1 at byte offset at; returns its pulse count. */
    private static long group(
            final Chip chip,
            final long at,
            final int[] counts,
            final int k,
            final long noiseKey,
            final float std,
            final boolean linear,
            final float gammaUp,
            final float gammaDown) {
        final IntVector n = IntVector.fromArray(IL, counts, k);
        if (!n.compare(VectorOperators.NE, 0).anyTrue()) {
            return 0;
        }
        final IntVector count = n.abs();
        final int most = count.reduceLanes(VectorOperators.MAX);
        final VectorMask<Float> up = n.compare(VectorOperators.GT, 0).cast(FL);
        final VectorMask<Float> ok = plane(chip, Plane.FAULT, at).compare(VectorOperators.EQ, FaultCode.OK);
        final FloatVector gMin = plane(chip, Plane.G_MIN, at);
        final FloatVector gMax = plane(chip, Plane.G_MAX, at);
        final FloatVector dw = plane(chip, Plane.STEP_DOWN, at).blend(plane(chip, Plane.STEP_UP, at), up);
        final FloatVector gamma = FloatVector.broadcast(FL, gammaDown).blend(gammaUp, up);
        final MemorySegment g = chip.conductance();
        FloatVector value = FloatVector.fromMemorySegment(FL, g, at, NATIVE);
        LongVector draw = VectorRandom.mix(
                VectorRandom.counters(noiseKey + k * RandomStreams.GOLDEN_GAMMA, RandomStreams.GOLDEN_GAMMA));
        for (int p = 0; p < most; p++) {
            FloatVector step = dw;
            if (linear) {
                // LinearStep.linear: 1 - gamma (g - gMin) / range going up, 1 - gamma (gMax - g) / range going down
                final FloatVector travelled = value.sub(gMin).blend(gMax.sub(value), up.not());
                final FloatVector shape =
                        gamma.mul(travelled).div(gMax.sub(gMin)).neg().add(1.0f);
                step = dw.mul(shape.max(0.0f));
            }
            if (std != 0.0f) {
                step = step.mul(VectorRandom.gaussian(draw).mul(std).add(1.0f));
            }
            final FloatVector moved = VectorMath.clamp(value.sub(step).blend(value.add(step), up), gMin, gMax);
            value = value.blend(
                    moved, count.compare(VectorOperators.GT, p).cast(FL).and(ok));
            draw = draw.add(RandomStreams.GOLDEN_GAMMA);
        }
        value.intoMemorySegment(g, at, NATIVE);
        return count.reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector plane(final Chip chip, final Plane plane, final long at) {
        return FloatVector.fromMemorySegment(FL, chip.plane(plane), at, NATIVE);
    }

    /**
     * n signed pulses on one device unless it is faulty, each moving G by meanStep (1 + std xi_p) and clipping it:
     * the scalar reference's rule, for devices outside whole lane groups and step shapes without a lane form.
     */
    private static void one(
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

    /**
     * Turns firing probabilities into the integer thresholds of the train test: slot t fires when uniform &lt; p, i.e.
     * when (bits &gt;&gt;&gt; 40) 2^-24 &lt; p, i.e. when the integer bits &gt;&gt;&gt; 40 is below ceil(p 2^24) (0 for NaN).
     *
     * @param values x or d
     * @param scale A or B of the update
     * @param out thresholds, one per value
     * @param n number of values
     */
    static void thresholds(final float[] values, final float scale, final long[] out, final int n) {
        for (int i = 0; i < n; i++) {
            final float p = Math.min(scale * Math.abs(values[i]), 1.0f);
            out[i] = (long) Math.ceil(p * 0x1.0p24f);
        }
    }

    /**
     * Replaces n thresholds by their trains: bit t of train m is set when draw m * bl + t of the stream fires.
     *
     * @param key the PULSE_TRAIN_ROWS or PULSE_TRAIN_COLUMNS key
     * @param trains thresholds in, trains out
     * @param n number of trains
     * @param bl train length, 1 to 64
     */
    static void trains(final long key, final long[] trains, final int n, final int bl) {
        final int width = L.length();
        final long slot = RandomStreams.GOLDEN_GAMMA;
        int m = 0;
        for (; m <= n - width; m += width) {
            final LongVector threshold = LongVector.fromArray(L, trains, m);
            LongVector counter = VectorRandom.counters(key + (long) m * bl * slot, bl * slot);
            LongVector bits = LongVector.zero(L);
            for (int t = 0; t < bl; t++) {
                final VectorMask<Long> fire = VectorRandom.mix(counter)
                        .lanewise(VectorOperators.LSHR, 40)
                        .compare(VectorOperators.LT, threshold);
                bits = bits.lanewise(VectorOperators.OR, 1L << t, fire);
                counter = counter.add(slot);
            }
            bits.intoArray(trains, m);
        }
        for (; m < n; m++) {
            long bits = 0;
            for (int t = 0; t < bl; t++) {
                if (RandomStreams.bits(key, (long) m * bl + t) >>> 40 < trains[m]) {
                    bits |= 1L << t;
                }
            }
            trains[m] = bits;
        }
    }

    /**
     * Signed coincidence counts of every device: n = bitCount(rowTrain_i &amp; colTrain_j), positive when sign(x_i)
     * equals sign(d_j).
     *
     * @param rowTrains the row trains
     * @param colTrains the column trains
     * @param x the row inputs (for the sign)
     * @param d the column errors (for the sign)
     * @param counts output, [rows x cols]
     * @param rows rows
     * @param cols columns
     */
    static void coincidences(
            final long[] rowTrains,
            final long[] colTrains,
            final float[] x,
            final float[] d,
            final int[] counts,
            final int rows,
            final int cols) {
        final int width = L.length();
        for (int i = 0; i < rows; i++) {
            final int k0 = i * cols;
            final long rowTrain = rowTrains[i];
            if (rowTrain == 0) {
                Arrays.fill(counts, k0, k0 + cols, 0);
                continue;
            }
            final boolean xPositive = x[i] > 0.0f;
            int j = 0;
            for (; j <= cols - width; j += width) {
                final IntVector n = (IntVector) LongVector.fromArray(L, colTrains, j)
                        .and(rowTrain)
                        .lanewise(VectorOperators.BIT_COUNT)
                        .convertShape(VectorOperators.L2I, IL, 0);
                final VectorMask<Integer> dPositive = FloatVector.fromArray(FL, d, j)
                        .compare(VectorOperators.GT, 0.0f)
                        .cast(IL);
                final VectorMask<Integer> down = xPositive ? dPositive.not() : dPositive;
                n.blend(n.neg(), down).intoArray(counts, k0 + j);
            }
            for (; j < cols; j++) {
                final int n = Long.bitCount(rowTrain & colTrains[j]);
                counts[k0 + j] = xPositive == (d[j] > 0.0f) ? n : -n;
            }
        }
    }
}
