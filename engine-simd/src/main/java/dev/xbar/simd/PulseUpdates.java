package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.FL;
import static dev.xbar.simd.Lanes.I;
import static dev.xbar.simd.Lanes.IL;
import static dev.xbar.simd.Lanes.L;
import static dev.xbar.simd.Lanes.N;
import static dev.xbar.simd.Lanes.NATIVE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static jdk.incubator.vector.VectorOperators.ABS;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.DIV;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.MIN;
import static jdk.incubator.vector.VectorOperators.MUL;
import static jdk.incubator.vector.VectorOperators.NEG;
import static jdk.incubator.vector.VectorOperators.SUB;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.kernel.CrossbarKernelSupport;
import dev.xbar.core.random.RandomStreams;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Pulse updates of step devices, pulse by pulse over compacted lists rather than device by device: the devices of a
 * window that take pulses (count not 0, not faulty) are packed, row after row, into a batch of up to {@value
 * Batch#CAPACITY} entries ({@code compress}), and the batch runs level by level: level p draws the step noise {@code
 * gaussian(bits(key, k), p)} of every entry still active in one pass at full width and steps them all (by mask), and
 * once at most half the lanes would still work, the entries that need more pulses are packed to the front. Work is the
 * number of pulses (at least half the lanes of a step hold one), not devices times the busiest device's count, and small
 * windows fill whole vectors across rows. The step shapes with a float closed form (constant, linear, soft bounds) run in lanes with
 * the scalar reference's operations in its order, so results are bit-identical; the shapes without one ({@link
 * StepDevice#linearSlopes()} null: {@code ExpStep}'s double exp, {@code PiecewiseStep}'s table lookup) go to the scalar
 * reference, one device at a time.
 *
 * <p>The lane code uses no scalar-operand overloads ({@code v.mul(2f)}): those broadcast through a virtual call whose
 * profile is shared with the other kernels' species, and once it is polluted C2 falls back to boxed vectors
 * (measured: 270 KB allocated per 128 x 64 update after the VMM kernels had run in the same JVM, 0 B with explicit
 * same-species broadcasts). Each vector loop is its own small method, within C2's inlining budget.
 *
 * <p>Stochastic pulse trains (aihwkit STOCHASTIC_COMPRESSED) are bit-packed: slot t of a train fires when draw t is
 * below its probability, which is exactly the integer test {@code (bits >>> 40) < ceil(p 2^24)}, so trains are built
 * 8 lanes at a time from raw draws, and the coincidences of a row with every column are one AND and one vector bit
 * count per 8 devices; rows whose train is empty are skipped before any device is looked at.
 */
final class PulseUpdates {
    private PulseUpdates() {}

    /**
     * Applies signed pulse counts to a window of step devices.
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
        final int cols = w.cols();
        final Batch batch =
                Batch.get(cols).start(chip, slopes, (float) device.steps().dwMinStd(), noiseKey);
        long pulses = 0;
        for (int i = 0; i < w.rows(); i++) {
            pulses += batch.row(counts, i * cols, i * cols, chip.offset(w.row0() + i, w.col0()), cols);
            batch.flushIfFull();
        }
        batch.flush();
        return pulses;
    }

    /**
     * A stochastic pulse-train update (the SIMD side of {@code CrossbarKernelSupport.pulseTrain}): trains, then each
     * firing row's coincidence counts straight into the batch.
     *
     * @param chip the chip
     * @param w the window
     * @param device the chip's step device
     * @param x row inputs
     * @param d column errors
     * @param bl train length
     * @param scaleX row probability scale
     * @param scaleD column probability scale
     * @param rowKey the PULSE_TRAIN_ROWS key
     * @param colKey the PULSE_TRAIN_COLUMNS key
     * @param noiseKey the STEP_NOISE key
     * @return the number of pulses
     */
    static long train(
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
        final int rows = w.rows();
        final int cols = w.cols();
        final StepDevice.LinearSlopes slopes = device.linearSlopes();
        final Scratch s = Scratch.get(0, slopes == null ? w.size() : 0, rows, cols);
        thresholds(x, scaleX, s.rowTrains, rows);
        thresholds(d, scaleD, s.colTrains, cols);
        trains(rowKey, s.rowTrains, rows, bl);
        trains(colKey, s.colTrains, cols, bl);
        if (slopes == null) {
            for (int i = 0; i < rows; i++) {
                coincidences(s.rowTrains[i], x[i] > 0.0f, s.colTrains, d, s.counts, i * cols, cols);
            }
            return CrossbarKernelSupport.reference().applyPulses(chip, w, device, s.counts, noiseKey);
        }
        final Batch batch =
                Batch.get(cols).start(chip, slopes, (float) device.steps().dwMinStd(), noiseKey);
        final int[] rowCounts = batch.stage(cols);
        long pulses = 0;
        for (int i = 0; i < rows; i++) {
            if (s.rowTrains[i] != 0) {
                final int n = coincidences(s.rowTrains[i], x[i] > 0.0f, s.colTrains, d, rowCounts, 0, cols);
                if (n != 0) {
                    pulses += n;
                    batch.packStaged(i * cols, chip.offset(w.row0() + i, w.col0()), cols);
                    batch.flushIfFull();
                }
            }
        }
        batch.flush();
        return pulses;
    }

    /**
     * The devices that take pulses, packed (one entry per device, row after row), and the level-by-level pulse loop
     * over them. Counts stay ints (exact at any size; their masks are cast to the float species, which has as many
     * lanes). Entry arrays are padded by a vector: a packed store writes a whole vector past the last entry. One per
     * thread. It keeps the last chip's plane segments between calls: clearing them after each call (so that a closed
     * chip is not referenced) made both kernels about 40% slower in JMH (25 -> 35 us and 51 -> 74 us on a 128 x 64
     * chip; the cause was not pinned down).
     */
    private static final class Batch {
        /**
         * Entries per batch: a level's state and noise (about 40 bytes an entry) stay in L2, and small windows fill many
         * vectors. Each batch ends in levels that only its few longest counts still take, most lanes idle; with 4,096
         * instead of 1,024 a 128 x 64 pulse-train update has two batches instead of five or six and took 7% less time
         * ({@code PulseBenchmark}: 42.2 against 45.3 us, the CNN's blocks level or faster; 8,192 was slower on 86 x 30).
         */
        static final int CAPACITY = 4096;

        private static final ThreadLocal<Batch> PER_THREAD = ThreadLocal.withInitial(Batch::new);

        /** 0, 1, .. N - 1: lane numbers, for device indices. */
        private static final int[] IOTA = iota();

        // one window row, padded to whole vectors (padding lanes have count 0 and are never packed)
        private int[] counts = new int[0];

        /** The planes of a row whose whole vectors would end past the chip's planes: G, fault, bounds, steps. */
        private final MemorySegment[] spill = new MemorySegment[6];

        // the packed entries: state of level p at [0, active), in the order of the packing
        private float[] value = new float[0];
        private float[] lo = new float[0];
        private float[] hi = new float[0];
        private float[] step = new float[0];
        private int[] count = new int[0];
        private int[] at = new int[0];
        private long[] keys = new long[0];

        /** Per entry as packed: the window index of the device (its noise stream). */
        private int[] device = new int[0];

        // per level: raw draws and Gaussians; entries that have taken all their pulses
        private long[] raw = new long[0];
        private float[] noise = new float[0];
        private float[] doneValue = new float[0];
        private int[] doneAt = new int[0];

        private MemorySegment conductance;
        private MemorySegment faults;
        private MemorySegment gMin;
        private MemorySegment gMax;
        private MemorySegment stepUp;
        private MemorySegment stepDown;
        private StepDevice.LinearSlopes slopes;
        private float std;
        private long noiseKey;
        private int entries;

        static Batch get(final int cols) {
            final Batch b = PER_THREAD.get();
            final int padded = (cols + N - 1) / N * N;
            if (b.counts.length < padded) {
                b.grow(padded);
            }
            return b;
        }

        private static int[] iota() {
            final int[] lanes = new int[N];
            Arrays.setAll(lanes, l -> l);
            return lanes;
        }

        private void grow(final int padded) {
            counts = new int[padded];
            for (int plane = 0; plane < spill.length; plane++) {
                spill[plane] = Arena.ofAuto().allocate((long) padded * Float.BYTES, Lanes.N_BYTES);
            }
            final int n = CAPACITY + padded + N;
            value = new float[n];
            lo = new float[n];
            hi = new float[n];
            step = new float[n];
            count = new int[n];
            at = new int[n];
            device = new int[n];
            keys = new long[n];
            raw = new long[n];
            noise = new float[n];
            doneValue = new float[n];
            doneAt = new int[n];
        }

        /**
         * The staging buffer, for a caller that writes each row's counts into [0, cols) itself and then calls {@link
         * #packStaged}: its padding lanes are zeroed here, once.
         */
        int[] stage(final int cols) {
            Arrays.fill(counts, cols, counts.length, 0);
            return counts;
        }

        Batch start(final Chip chip, final StepDevice.LinearSlopes slopes, final float std, final long noiseKey) {
            this.conductance = chip.conductance();
            this.faults = chip.faults();
            this.gMin = chip.plane(Plane.G_MIN);
            this.gMax = chip.plane(Plane.G_MAX);
            this.stepUp = chip.plane(Plane.STEP_UP);
            this.stepDown = chip.plane(Plane.STEP_DOWN);
            this.slopes = slopes;
            this.std = std;
            this.noiseKey = noiseKey;
            this.entries = 0;
            return this;
        }

        /**
         * Packs the devices of one window row that take pulses, counts src[off .. off + cols), into the batch. The
         * caller runs the batch ({@link #flushIfFull}) between rows: a flush inlined here made one compilation unit too
         * big for C2, and its packing fell back to boxed vectors (300 KB per 128 x 64 update).
         *
         * @param src signed counts
         * @param off the row's first count
         * @param k0 the window index of the row's first device (its noise streams)
         * @param offset the byte offset of the row's first device in the chip's planes
         * @param cols the row's length
         * @return the row's pulses, sum |n|, faulty devices included
         */
        long row(final int[] src, final int off, final int k0, final long offset, final int cols) {
            System.arraycopy(src, off, stage(cols), 0, cols);
            final long pulses = pulses(counts.length);
            if (pulses != 0) {
                packStaged(k0, offset, cols);
            }
            return pulses;
        }

        /**
         * Packs the devices of the row staged in the buffer of {@link #stage} that take pulses into the batch.
         *
         * @param k0 the window index of the row's first device (its noise streams)
         * @param offset the byte offset of the row's first device in the chip's planes
         * @param cols the row's length
         */
        void packStaged(final int k0, final long offset, final int cols) {
            final int at0 = Math.toIntExact(offset / Float.BYTES);
            if (offset + (long) counts.length * Float.BYTES <= conductance.byteSize()) {
                entries = pack(conductance, faults, gMin, gMax, stepUp, stepDown, offset, k0, at0);
            } else {
                // whole vectors would read past the planes' end (the last chip row): that row goes through copies
                MemorySegment.copy(conductance, offset, spill[0], 0, (long) cols * Float.BYTES);
                MemorySegment.copy(faults, offset, spill[1], 0, (long) cols * Float.BYTES);
                MemorySegment.copy(gMin, offset, spill[2], 0, (long) cols * Float.BYTES);
                MemorySegment.copy(gMax, offset, spill[3], 0, (long) cols * Float.BYTES);
                MemorySegment.copy(stepUp, offset, spill[4], 0, (long) cols * Float.BYTES);
                MemorySegment.copy(stepDown, offset, spill[5], 0, (long) cols * Float.BYTES);
                entries = pack(spill[0], spill[1], spill[2], spill[3], spill[4], spill[5], 0, k0, at0);
            }
        }

        /**
         * The staged row's pulses, sum |n| (exact: in longs, |Integer.MIN_VALUE| included). A plain loop: the lane-wise
         * long abs and int-to-long convert it had are not intrinsified without AVX-512 (with {@code -XX:UseAVX=2} every
         * vector was boxed, 260 KB per 128 x 64 update).
         */
        private long pulses(final int padded) {
            long sum = 0;
            for (int j = 0; j < padded; j++) {
                sum += Math.abs((long) counts[j]);
            }
            return sum;
        }

        /**
         * Packs the devices of the staged row's counts that take pulses after the batch's entries, reading their planes
         * in whole vectors from byte offset o0 (lanes past the row read other devices, whose counts are 0, so they are
         * never taken); returns the new entry count.
         */
        private int pack(
                final MemorySegment gSeg,
                final MemorySegment faultSeg,
                final MemorySegment minSeg,
                final MemorySegment maxSeg,
                final MemorySegment upSeg,
                final MemorySegment downSeg,
                final long o0,
                final int k0,
                final int at0) {
            final IntVector none = IntVector.zero(I);
            final FloatVector ok = FloatVector.broadcast(F, FaultCode.OK);
            final IntVector lanes = IntVector.fromArray(I, IOTA, 0);
            final int padded = counts.length;
            int e = entries;
            for (int j = 0; j < padded; j += N) {
                final IntVector n = IntVector.fromArray(I, counts, j);
                final long o = o0 + (long) j * Float.BYTES;
                final VectorMask<Integer> take = n.compare(VectorOperators.NE, none)
                        .and(FloatVector.fromMemorySegment(F, faultSeg, o, NATIVE)
                                .compare(VectorOperators.EQ, ok)
                                .cast(I));
                if (!take.anyTrue()) {
                    continue;
                }
                final VectorMask<Float> takeF = take.cast(F);
                final VectorMask<Float> up = n.compare(VectorOperators.GT, none).cast(F);
                FloatVector.fromMemorySegment(F, gSeg, o, NATIVE)
                        .compress(takeF)
                        .intoArray(value, e);
                FloatVector.fromMemorySegment(F, minSeg, o, NATIVE)
                        .compress(takeF)
                        .intoArray(lo, e);
                FloatVector.fromMemorySegment(F, maxSeg, o, NATIVE)
                        .compress(takeF)
                        .intoArray(hi, e);
                FloatVector.fromMemorySegment(F, downSeg, o, NATIVE)
                        .blend(FloatVector.fromMemorySegment(F, upSeg, o, NATIVE), up)
                        .compress(takeF)
                        .intoArray(step, e);
                n.compress(take).intoArray(count, e);
                lanes.lanewise(ADD, IntVector.broadcast(I, at0 + j))
                        .compress(take)
                        .intoArray(at, e);
                lanes.lanewise(ADD, IntVector.broadcast(I, k0 + j))
                        .compress(take)
                        .intoArray(device, e);
                e += take.trueCount();
            }
            return e;
        }

        /** Runs the batch when it holds {@value #CAPACITY} entries or more. */
        void flushIfFull() {
            if (entries >= CAPACITY) {
                flush();
            }
        }

        /** Runs the packed entries to the end of their pulses and writes their conductances back. */
        void flush() {
            final int n = entries;
            if (n == 0) {
                return;
            }
            Arrays.fill(count, n, padded(n), 0);
            final boolean noisy = std != 0.0f;
            if (noisy) {
                deviceKeys(padded(n));
            }
            final boolean linear = !slopes.constant();
            int done = 0;
            int active = n;
            for (int p = 0; active > 0; p++) {
                levelNoise(p, active, noisy);
                final int more = linear ? linearLevel(p, active) : constantLevel(p, active);
                if (more == 0) {
                    done = finish(active, done);
                    active = 0;
                } else if (2 * more <= active) {
                    // pack only when at most half the lanes would still work: each packing moves six arrays
                    final long split = partition(p, active, done);
                    done = (int) (split >>> 32);
                    active = (int) split;
                    Arrays.fill(count, active, padded(active), 0);
                }
            }
            for (int e = 0; e < done; e++) {
                conductance.setAtIndex(JAVA_FLOAT, doneAt[e], doneValue[e]);
            }
            entries = 0;
        }

        /** Appends every entry of [0, active) to the finished ones (all have taken their pulses). */
        private int finish(final int active, final int done) {
            System.arraycopy(value, 0, doneValue, done, active);
            System.arraycopy(at, 0, doneAt, done, active);
            return done + active;
        }

        private static int padded(final int n) {
            return (n + N - 1) / N * N;
        }

        /** keys[e] = bits(noiseKey, device[e]): each entry's step-noise stream, for e &lt; n (a multiple of N). */
        private void deviceKeys(final int n) {
            final LongVector gamma = LongVector.broadcast(L, RandomStreams.GOLDEN_GAMMA);
            final LongVector key = LongVector.broadcast(L, noiseKey);
            for (int e = 0; e < n; e += L.length()) {
                ((LongVector) IntVector.fromArray(IL, device, e).convertShape(VectorOperators.I2L, L, 0))
                        .lanewise(MUL, gamma)
                        .lanewise(ADD, key)
                        .intoArray(keys, e);
            }
            VectorRandom.mixed(keys, 0, 0L, keys, 0, n);
        }

        /** noise[e] = gaussian(keys[e], p) for the active entries (zeros without step noise). */
        private void levelNoise(final int p, final int active, final boolean noisy) {
            final int n = padded(active);
            if (!noisy) {
                Arrays.fill(noise, 0, n, 0.0f);
                return;
            }
            VectorRandom.mixed(keys, 0, p * RandomStreams.GOLDEN_GAMMA, raw, 0, n);
            VectorRandom.fromBits(raw, 0, noise, 0, n);
        }

        /**
         * Pulse p of every entry that takes one (|n| &gt; p; the others keep their value), by the linear rule:
         * LinearStep.linear's operations in its order, then the noise factor and the clip of StepDevice.afterPulses.
         *
         * @return the entries that take a pulse after this one
         */
        private int linearLevel(final int p, final int active) {
            final StepDevice.LinearSlopes s = slopes;
            final boolean own = s.ownBounds();
            final FloatVector center = FloatVector.broadcast(F, s.center());
            final FloatVector gammaUp = FloatVector.broadcast(F, s.up());
            final FloatVector gammaDown = FloatVector.broadcast(F, s.down());
            final FloatVector low = FloatVector.broadcast(F, s.low());
            final FloatVector high = FloatVector.broadcast(F, s.high());
            final FloatVector one = FloatVector.broadcast(F, 1.0f);
            final FloatVector sigma = FloatVector.broadcast(F, std);
            final IntVector none = IntVector.zero(I);
            final IntVector pulse = IntVector.broadcast(I, p);
            final IntVector next = IntVector.broadcast(I, p + 1);
            int more = 0;
            for (int e = 0; e < active; e += N) {
                final IntVector n = IntVector.fromArray(I, count, e);
                final IntVector left = n.lanewise(ABS);
                final VectorMask<Float> up = n.compare(VectorOperators.GT, none).cast(F);
                final FloatVector v = FloatVector.fromArray(F, value, e);
                final FloatVector min = FloatVector.fromArray(F, lo, e);
                final FloatVector max = FloatVector.fromArray(F, hi, e);
                final FloatVector travelled = center.lanewise(SUB, v).blend(v.lanewise(SUB, center), up);
                final FloatVector reach = own
                        ? center.lanewise(SUB, min).blend(max.lanewise(SUB, center), up)
                        : center.lanewise(SUB, low).blend(high.lanewise(SUB, center), up);
                final FloatVector mean = FloatVector.fromArray(F, step, e)
                        .lanewise(
                                MUL,
                                one.lanewise(
                                        SUB,
                                        gammaDown
                                                .blend(gammaUp, up)
                                                .lanewise(MUL, travelled)
                                                .lanewise(DIV, reach)));
                final FloatVector noisy =
                        mean.lanewise(MUL, one.lanewise(ADD, sigma.lanewise(MUL, FloatVector.fromArray(F, noise, e))));
                v.blend(
                                v.lanewise(SUB, noisy)
                                        .blend(v.lanewise(ADD, noisy), up)
                                        .lanewise(MAX, min)
                                        .lanewise(MIN, max),
                                left.compare(VectorOperators.GT, pulse).cast(F))
                        .intoArray(value, e);
                more += left.compare(VectorOperators.GT, next).trueCount();
            }
            return more;
        }

        /** As {@link #linearLevel} for constant steps (ConstantStep: the step is dw whatever G is). */
        private int constantLevel(final int p, final int active) {
            final FloatVector one = FloatVector.broadcast(F, 1.0f);
            final FloatVector sigma = FloatVector.broadcast(F, std);
            final IntVector none = IntVector.zero(I);
            final IntVector pulse = IntVector.broadcast(I, p);
            final IntVector next = IntVector.broadcast(I, p + 1);
            int more = 0;
            for (int e = 0; e < active; e += N) {
                final IntVector n = IntVector.fromArray(I, count, e);
                final IntVector left = n.lanewise(ABS);
                final VectorMask<Float> up = n.compare(VectorOperators.GT, none).cast(F);
                final FloatVector v = FloatVector.fromArray(F, value, e);
                final FloatVector noisy = FloatVector.fromArray(F, step, e)
                        .lanewise(MUL, one.lanewise(ADD, sigma.lanewise(MUL, FloatVector.fromArray(F, noise, e))));
                v.blend(
                                v.lanewise(SUB, noisy)
                                        .blend(v.lanewise(ADD, noisy), up)
                                        .lanewise(MAX, FloatVector.fromArray(F, lo, e))
                                        .lanewise(MIN, FloatVector.fromArray(F, hi, e)),
                                left.compare(VectorOperators.GT, pulse).cast(F))
                        .intoArray(value, e);
                more += left.compare(VectorOperators.GT, next).trueCount();
            }
            return more;
        }

        /**
         * After pulse p: appends the entries that have taken all their pulses (|n| &lt;= p + 1; zero counts are only
         * the padding) to the finished ones, and packs those that need more to the front (in place: an entry only moves
         * down). One method over both (more than C2's 325-byte inlining limit, so it is compiled alone and never swells
         * its caller's unit).
         *
         * @return the finished entries in the high half, the remaining active ones in the low half
         */
        private long partition(final int p, final int active, final int done) {
            final IntVector next = IntVector.broadcast(I, p + 1);
            final IntVector none = IntVector.zero(I);
            int d = done;
            int kept = 0;
            for (int e = 0; e < active; e += N) {
                final IntVector n = IntVector.fromArray(I, count, e);
                final FloatVector v = FloatVector.fromArray(F, value, e);
                final VectorMask<Integer> more = n.lanewise(ABS).compare(VectorOperators.GT, next);
                final VectorMask<Integer> end = more.not().and(n.compare(VectorOperators.NE, none));
                final IntVector where = IntVector.fromArray(I, at, e);
                if (end.anyTrue()) {
                    v.compress(end.cast(F)).intoArray(doneValue, d);
                    where.compress(end).intoArray(doneAt, d);
                    d += end.trueCount();
                }
                if (more.anyTrue()) {
                    final VectorMask<Float> moreF = more.cast(F);
                    v.compress(moreF).intoArray(value, kept);
                    FloatVector.fromArray(F, lo, e).compress(moreF).intoArray(lo, kept);
                    FloatVector.fromArray(F, hi, e).compress(moreF).intoArray(hi, kept);
                    FloatVector.fromArray(F, step, e).compress(moreF).intoArray(step, kept);
                    n.compress(more).intoArray(count, kept);
                    where.compress(more).intoArray(at, kept);
                    // the keys, in long lanes: the mask's two halves
                    final long bits = more.toLong();
                    final int lanes = L.length();
                    final LongVector low = LongVector.fromArray(L, keys, e);
                    final LongVector high = LongVector.fromArray(L, keys, e + lanes);
                    low.compress(VectorMask.fromLong(L, bits)).intoArray(keys, kept);
                    high.compress(VectorMask.fromLong(L, bits >>> lanes))
                            .intoArray(keys, kept + Long.bitCount(bits & ((1L << lanes) - 1)));
                    kept += more.trueCount();
                }
            }
            return (long) d << 32 | kept;
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
     * Signed coincidence counts of one row's devices: n = bitCount(rowTrain &amp; colTrain_j), positive when sign(x_i)
     * equals sign(d_j).
     *
     * @param rowTrain the row's train
     * @param xPositive whether the row's input is positive
     * @param colTrains the column trains
     * @param d the column errors (for the sign)
     * @param out output, cols counts from off
     * @param off the first count written
     * @param cols columns
     * @return the row's pulses, sum |n|
     */
    static int coincidences(
            final long rowTrain,
            final boolean xPositive,
            final long[] colTrains,
            final float[] d,
            final int[] out,
            final int off,
            final int cols) {
        if (rowTrain == 0) {
            Arrays.fill(out, off, off + cols, 0);
            return 0;
        }
        final int width = L.length();
        final FloatVector zero = FloatVector.zero(FL);
        final LongVector row = LongVector.broadcast(L, rowTrain);
        IntVector sum = IntVector.zero(IL);
        int j = 0;
        for (; j <= cols - width; j += width) {
            final IntVector n = (IntVector) LongVector.fromArray(L, colTrains, j)
                    .lanewise(AND, row)
                    .lanewise(VectorOperators.BIT_COUNT)
                    .convertShape(VectorOperators.L2I, IL, 0);
            final VectorMask<Integer> dPositive = FloatVector.fromArray(FL, d, j)
                    .compare(VectorOperators.GT, zero)
                    .cast(IL);
            final VectorMask<Integer> down = xPositive ? dPositive.not() : dPositive;
            n.blend(n.lanewise(NEG), down).intoArray(out, off + j);
            sum = sum.lanewise(ADD, n);
        }
        // integer lanes: any order of the sum is exact
        int pulses = sum.reduceLanes(VectorOperators.ADD);
        for (; j < cols; j++) {
            final int n = Long.bitCount(rowTrain & colTrains[j]);
            out[off + j] = xPositive == (d[j] > 0.0f) ? n : -n;
            pulses += n;
        }
        return pulses;
    }
}
