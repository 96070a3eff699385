package dev.xbar.simd;

import static dev.xbar.simd.Lanes.FL;
import static dev.xbar.simd.Lanes.IL;
import static dev.xbar.simd.Lanes.L;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.kernel.CrossbarKernelSupport;
import dev.xbar.core.random.RandomStreams;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Pulse updates of step devices, a window row at a time: the row is staged into heap arrays padded to whole lane
 * groups (8 devices on AVX-512, one per 64-bit lane of the random streams), each group's step noise {@code
 * gaussian(bits(key, k), p)} is drawn in bulk, and the group runs as many pulse steps as its busiest device needs,
 * each lane stopping (by mask) after its own count; groups without pulses are skipped. The step shapes with a float
 * closed form (constant, linear, soft bounds) run in lanes with the scalar reference's operations in its order, so
 * results are bit-identical; the shapes without one ({@link StepDevice#linearSlopes()} null: {@code ExpStep}'s double
 * exp, {@code PiecewiseStep}'s table lookup) go to the scalar reference, one device at a time.
 *
 * <p>The lane code uses no scalar-operand overloads ({@code v.mul(2f)}): those broadcast through a virtual call whose
 * profile is shared with the 16-lane species of the other kernels, and once it is polluted C2 falls back to boxed
 * vectors (measured: 270 KB allocated per 128 x 64 update after the VMM kernels had run in the same JVM, 0 B with
 * explicit same-species broadcasts).
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
        final StepDevice.LinearSlopes slopes = device.linearSlopes();
        if (slopes == null) {
            return CrossbarKernelSupport.reference().applyPulses(chip, w, device, counts, noiseKey);
        }
        final float std = (float) device.steps().dwMinStd();
        final int cols = w.cols();
        final Staged row = Staged.get(cols);
        long pulses = 0;
        for (int i = 0; i < w.rows(); i++) {
            final long at = chip.offset(w.row0() + i, w.col0());
            pulses += row.run(chip, at, counts, i * cols, cols, noiseKey, std, slopes);
        }
        return pulses;
    }

    /**
     * One window row of step devices staged in heap arrays padded to whole lane groups (padding lanes get no pulses
     * and are never copied back, so no mask is needed), updated a lane group at a time. Counts are compared as floats
     * (exact below 2^24) so that every mask lives in the float species and needs no cast. One per thread.
     */
    private static final class Staged {
        /** Step-noise draws per batch of lane groups (the generator's blocks fill at whole vectors). */
        private static final int NOISE_BATCH = 4 * VectorRandom.BLOCK;

        private static final ThreadLocal<Staged> PER_THREAD = ThreadLocal.withInitial(Staged::new);

        private int[] counts = new int[0];
        private float[] g = new float[0];
        private float[] fault = new float[0];
        private float[] gMin = new float[0];
        private float[] gMax = new float[0];
        private float[] stepUp = new float[0];
        private float[] stepDown = new float[0];
        private float[] signed = new float[0];
        private float[] count = new float[0];
        private float[] dw = new float[0];
        private float[] gamma = new float[0];
        private float[] reach = new float[0];

        /** Per lane group of the current batch: where its step noise starts. */
        private int[] noiseAt = new int[0];

        static Staged get(final int cols) {
            final Staged s = PER_THREAD.get();
            final int n = (cols + L.length() - 1) / L.length() * L.length();
            if (s.g.length < n) {
                s.counts = new int[n];
                s.g = new float[n];
                s.fault = new float[n];
                s.gMin = new float[n];
                s.gMax = new float[n];
                s.stepUp = new float[n];
                s.stepDown = new float[n];
                s.signed = new float[n];
                s.count = new float[n];
                s.dw = new float[n];
                s.gamma = new float[n];
                s.reach = new float[n];
                s.noiseAt = new int[n / L.length()];
            }
            return s;
        }

        /** Applies counts[k0 .. k0 + cols) to the row at byte offset at; returns the row's pulse count. */
        long run(
                final Chip chip,
                final long at,
                final int[] signedCounts,
                final int k0,
                final int cols,
                final long noiseKey,
                final float std,
                final StepDevice.LinearSlopes slopes) {
            System.arraycopy(signedCounts, k0, counts, 0, cols);
            Arrays.fill(counts, cols, counts.length, 0);
            long pulses = 0;
            for (int j = 0; j < cols; j++) {
                pulses += Math.abs((long) counts[j]);
            }
            if (pulses == 0) {
                return 0;
            }
            MemorySegment.copy(chip.conductance(), JAVA_FLOAT, at, g, 0, cols);
            MemorySegment.copy(chip.faults(), JAVA_FLOAT, at, fault, 0, cols);
            MemorySegment.copy(chip.plane(Plane.G_MIN), JAVA_FLOAT, at, gMin, 0, cols);
            MemorySegment.copy(chip.plane(Plane.G_MAX), JAVA_FLOAT, at, gMax, 0, cols);
            MemorySegment.copy(chip.plane(Plane.STEP_UP), JAVA_FLOAT, at, stepUp, 0, cols);
            MemorySegment.copy(chip.plane(Plane.STEP_DOWN), JAVA_FLOAT, at, stepDown, 0, cols);
            prepare(cols, slopes);
            final boolean linear = !slopes.constant();
            final int width = L.length();
            // lane groups in batches of about NOISE_BATCH draws: each group's stream bits, then the Gaussians of the
            // whole batch in one pass (group by group, every call paid the passes' set-up, and groups of one pulse
            // left the float passes shorter than a vector, so they ran scalar)
            int j = 0;
            while (j < cols) {
                final int first = j;
                int draws = 0;
                for (; j < cols && (draws == 0 || draws + most(j) * width <= NOISE_BATCH); j += width) {
                    noiseAt[j / width] = draws;
                    draws += most(j) * width;
                }
                if (draws == 0) {
                    continue;
                }
                final float[] noise = noise(k0, first, j, noiseKey, draws, std);
                for (int group = first; group < j; group += width) {
                    final int most = most(group);
                    if (most != 0) {
                        if (linear) {
                            linearGroup(group, most, noise, noiseAt[group / width], std, slopes.center());
                        } else {
                            constantGroup(group, most, noise, noiseAt[group / width], std);
                        }
                    }
                }
            }
            MemorySegment.copy(g, 0, chip.conductance(), JAVA_FLOAT, at, cols);
            return pulses;
        }

        /** The largest pulse count of lane group j: its number of pulse steps (0 for faulty devices). */
        private int most(final int j) {
            int most = 0;
            for (int l = 0; l < L.length(); l++) {
                most = Math.max(most, (int) count[j + l]);
            }
            return most;
        }

        /**
         * Per device of the row, the quantities the pulse loop needs, in float lanes: |n| (0 for faulty devices, which
         * ignore pulses), the step size in the pulse direction, the shape's gamma in that direction and the distance
         * from the center to the reference bound in that direction.
         */
        private void prepare(final int cols, final StepDevice.LinearSlopes slopes) {
            final FloatVector center = FloatVector.broadcast(FL, slopes.center());
            final FloatVector zero = FloatVector.zero(FL);
            final FloatVector ok = FloatVector.broadcast(FL, FaultCode.OK);
            // the counts as floats in a plain loop (C2 vectorises it): a lane-wise I2F convert here, and the
            // scalar-operand overloads, were not intrinsified when this method was compiled inside the pulse-train
            // update, and every vector of the row was boxed (216 KB per 128 x 64 update, JFR allocation samples)
            for (int j = 0; j < counts.length; j++) {
                signed[j] = counts[j]; // the padding's zeros too
            }
            for (int j = 0; j < cols; j += FL.length()) {
                final FloatVector n = FloatVector.fromArray(FL, signed, j);
                final VectorMask<Float> up = n.compare(VectorOperators.GT, zero);
                n.abs()
                        .blend(zero, FloatVector.fromArray(FL, fault, j).compare(VectorOperators.NE, ok))
                        .intoArray(count, j);
                FloatVector.fromArray(FL, stepDown, j)
                        .blend(FloatVector.fromArray(FL, stepUp, j), up)
                        .intoArray(dw, j);
                FloatVector.broadcast(FL, slopes.down())
                        .blend(FloatVector.broadcast(FL, slopes.up()), up)
                        .intoArray(gamma, j);
                final FloatVector high = slopes.ownBounds()
                        ? FloatVector.fromArray(FL, gMax, j)
                        : FloatVector.broadcast(FL, slopes.high());
                final FloatVector low = slopes.ownBounds()
                        ? FloatVector.fromArray(FL, gMin, j)
                        : FloatVector.broadcast(FL, slopes.low());
                center.sub(low).blend(high.sub(center), up).intoArray(reach, j);
            }
        }

        /**
         * Lane group j: up to {@code most} pulse steps, each lane stopping after its own count, with the scalar
         * reference's step rule and order of operations. Kept to the fewest vector operations a step needs (and the
         * constant-step case in its own method): C2 stops inlining a compilation unit's Vector API calls past its
         * size budget, and every operation past that point then allocates.
         */
        private void linearGroup(
                final int j, final int most, final float[] noise, final int at, final float std, final float c) {
            final FloatVector n = FloatVector.fromArray(FL, signed, j);
            final FloatVector lo = FloatVector.fromArray(FL, gMin, j);
            final FloatVector hi = FloatVector.fromArray(FL, gMax, j);
            final FloatVector step = FloatVector.fromArray(FL, dw, j);
            final FloatVector slope = FloatVector.fromArray(FL, gamma, j);
            final FloatVector distance = FloatVector.fromArray(FL, reach, j);
            final FloatVector center = FloatVector.broadcast(FL, c);
            final FloatVector left = FloatVector.fromArray(FL, count, j);
            final FloatVector zero = FloatVector.zero(FL);
            final FloatVector one = FloatVector.broadcast(FL, 1.0f);
            final FloatVector sigma = FloatVector.broadcast(FL, std);
            FloatVector value = FloatVector.fromArray(FL, g, j);
            for (int p = 0; p < most; p++) {
                final VectorMask<Float> up = n.compare(VectorOperators.GT, zero);
                // LinearStep.linear: dw (1 - gamma travelled / reach), travelled g - center up, center - g down
                final FloatVector travelled = center.sub(value).blend(value.sub(center), up);
                final FloatVector mean = step.mul(one.sub(slope.mul(travelled).div(distance)));
                final FloatVector noisy =
                        mean.mul(one.add(sigma.mul(FloatVector.fromArray(FL, noise, at + p * FL.length()))));
                final FloatVector moved =
                        value.sub(noisy).blend(value.add(noisy), up).max(lo).min(hi);
                value = value.blend(moved, left.compare(VectorOperators.GT, FloatVector.broadcast(FL, (float) p)));
            }
            value.intoArray(g, j);
        }

        /** As {@link #linearGroup} for constant steps (ConstantStep: the step is dw whatever G is). */
        private void constantGroup(final int j, final int most, final float[] noise, final int at, final float std) {
            final FloatVector n = FloatVector.fromArray(FL, signed, j);
            final FloatVector lo = FloatVector.fromArray(FL, gMin, j);
            final FloatVector hi = FloatVector.fromArray(FL, gMax, j);
            final FloatVector step = FloatVector.fromArray(FL, dw, j);
            final FloatVector left = FloatVector.fromArray(FL, count, j);
            final FloatVector zero = FloatVector.zero(FL);
            final FloatVector one = FloatVector.broadcast(FL, 1.0f);
            final FloatVector sigma = FloatVector.broadcast(FL, std);
            FloatVector value = FloatVector.fromArray(FL, g, j);
            for (int p = 0; p < most; p++) {
                final VectorMask<Float> up = n.compare(VectorOperators.GT, zero);
                final FloatVector noisy =
                        step.mul(one.add(sigma.mul(FloatVector.fromArray(FL, noise, at + p * FL.length()))));
                final FloatVector moved =
                        value.sub(noisy).blend(value.add(noisy), up).max(lo).min(hi);
                value = value.blend(moved, left.compare(VectorOperators.GT, FloatVector.broadcast(FL, (float) p)));
            }
            value.intoArray(g, j);
        }

        /**
         * The step noise of the lane groups [first, end) of the window row whose first device is k0, for pulses 0 .. most
         * - 1 of each group, each group as [pulse x lane] at its {@code noiseAt}: device k draws gaussian(bits(noiseKey,
         * k), p), i.e. stream counter bits(noiseKey, k) + p * GOLDEN_GAMMA; zeros when std is 0.
         */
        private float[] noise(
                final int k0, final int first, final int end, final long noiseKey, final int draws, final float std) {
            final int lanes = L.length();
            final Scratch s = Scratch.get(0, 0, 0, 0);
            final float[] noise = s.pulseNoise(draws);
            if (std == 0.0f) {
                Arrays.fill(noise, 0, draws, 0.0f);
                return noise;
            }
            final long[] bits = s.pulseBits(draws);
            for (int group = first; group < end; group += lanes) {
                final int most = most(group);
                if (most != 0) {
                    for (int l = 0; l < lanes; l++) {
                        s.deviceKeys[l] = RandomStreams.bits(noiseKey, k0 + group + l);
                    }
                    VectorRandom.bits(
                            s.deviceKeys, RandomStreams.GOLDEN_GAMMA, bits, noiseAt[group / lanes], most * lanes);
                }
            }
            VectorRandom.fromBits(bits, 0, noise, 0, draws);
            return noise;
        }
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
        final Scratch s = Scratch.get(0, 0, 0, 0);
        final long[] counters = s.deviceKeys;
        final long[] raw = s.raw;
        int m = 0;
        for (; m <= n - width; m += width) {
            for (int l = 0; l < width; l++) {
                counters[l] = key + ((long) (m + l) * bl) * slot;
            }
            VectorRandom.bits(counters, slot, raw, 0, bl * width);
            // loaded after the call: a vector live across a call that is not inlined is boxed
            final LongVector threshold = LongVector.fromArray(L, trains, m);
            final LongVector shift = LongVector.broadcast(L, 40);
            LongVector bits = LongVector.zero(L);
            for (int t = 0; t < bl; t++) {
                final VectorMask<Long> fire = LongVector.fromArray(L, raw, t * width)
                        .lanewise(VectorOperators.LSHR, shift)
                        .compare(VectorOperators.LT, threshold);
                bits = bits.lanewise(VectorOperators.OR, LongVector.broadcast(L, 1L << t), fire);
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
        final FloatVector zero = FloatVector.zero(FL);
        for (int i = 0; i < rows; i++) {
            final int k0 = i * cols;
            final long rowTrain = rowTrains[i];
            if (rowTrain == 0) {
                Arrays.fill(counts, k0, k0 + cols, 0);
                continue;
            }
            final boolean xPositive = x[i] > 0.0f;
            final LongVector row = LongVector.broadcast(L, rowTrain);
            int j = 0;
            for (; j <= cols - width; j += width) {
                final IntVector n = (IntVector) LongVector.fromArray(L, colTrains, j)
                        .and(row)
                        .lanewise(VectorOperators.BIT_COUNT)
                        .convertShape(VectorOperators.L2I, IL, 0);
                final VectorMask<Integer> dPositive = FloatVector.fromArray(FL, d, j)
                        .compare(VectorOperators.GT, zero)
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
