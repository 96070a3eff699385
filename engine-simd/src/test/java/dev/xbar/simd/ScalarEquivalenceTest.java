package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.chip.Ageing;
import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.FaultModel;
import dev.xbar.core.chip.Peripherals;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Variability;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.DeviceModel;
import dev.xbar.core.device.ExpStep;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.LinearStep;
import dev.xbar.core.device.PiecewiseStep;
import dev.xbar.core.device.SoftBounds;
import dev.xbar.core.device.StepParameters;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.PulseTrain;
import dev.xbar.core.kernel.RowDrive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIMD against the scalar reference on awkward shapes: 1 to 300 rows and columns (primes, the vector length plus and
 * minus one), windows at odd offsets, batches 1 to 257. Two chips fabricated from the same spec, seed and index are
 * identical, so each kernel runs once on each and the results are compared.
 *
 * <p>Exactness expected: random draws, programming, pulses and read-back are bit-identical; the forward VMM's
 * currents too (each lane sums its column in the scalar order), so a noiseless forward VMM, plain or driven, is
 * bit-identical, and so is a noisy one, plain or driven, since every path sums V^2 in the inputs' order as the
 * reference does. Sums that the SIMD code reassociates (the transposed VMM's dot products and sums of V^2) may move a
 * value across an ADC code boundary: there the tolerance is one ADC step plus 1e-6 of the magnitude sum |V_i G_ij|.
 */
class ScalarEquivalenceTest {
    private static final CrossbarKernels SCALAR = CrossbarKernels.named("scalar");
    private static CrossbarKernels simd;

    /** Sizes around the 16-float and 8-long lane counts, and primes. */
    private static final int[] SIZES = {
        1, 2, 3, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 37, 61, 63, 64, 65, 67, 97, 127, 128, 129, 131, 211, 251, 257,
        293, 300
    };

    private static final int[] BATCHES = {1, 2, 3, 4, 5, 7, 8, 15, 63, 64, 65, 100, 257};

    @BeforeAll
    static void needsTheVectorModule() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "runs with --add-modules=jdk.incubator.vector");
        simd = CrossbarKernels.named(SimdKernelProvider.NAME);
    }

    /** A 300 x 300 gate chip with every read-path noise term, stuck devices and a dead column. */
    private static ChipSpec noisyGateChip() {
        return new ChipSpec(
                300,
                300,
                GateControlledDevice.nmi2019(),
                new Variability(0.1, 2, 0.05, 0, 0, 1.0, 0.05, 0, 0, 1),
                new FaultModel(0.01, 0.01, 0.03, List.of(), List.of(5), 0, ""),
                new Peripherals(12, 0.2, 0.2, 10_000, 16, 5, 0.3));
    }

    private static ChipSpec noiselessGateChip() {
        return new ChipSpec(
                300, 300, GateControlledDevice.ideal(), Variability.none(), FaultModel.none(), Peripherals.dpe2018());
    }

    /** Random conductances in [0, 10) uS from a test-local generator, the same on both chips. */
    private static void randomConductances(final Chip a, final Chip b, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < a.rows(); r++) {
            for (int c = 0; c < a.cols(); c++) {
                final float g = (float) (random.nextDouble() * 10);
                a.set(Plane.CONDUCTANCE, r, c, g);
                b.set(Plane.CONDUCTANCE, r, c, g);
            }
        }
    }

    private static float[] volts(final SplittableRandom random, final int n) {
        final float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // mostly inside the +-0.2 V DAC range, some beyond it (saturated by the DAC)
            v[i] = (float) random.nextDouble(-0.25, 0.25);
        }
        return v;
    }

    private static Window randomWindow(final SplittableRandom random, final Chip chip, final int rows, final int cols) {
        final int row0 = random.nextInt(chip.rows() - rows + 1);
        final int col0 = random.nextInt(chip.cols() - cols + 1);
        return new Window(row0, col0, rows, cols);
    }

    /** Runs a VMM on both chips and checks every output; exact when no sum is reassociated and the chip is silent. */
    private static void compareVmm(
            final ChipSpec spec, final boolean transposed, final boolean exact, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        try (Chip a = Chip.fabricate(spec, seed, 0);
                Chip b = Chip.fabricate(spec, seed, 0)) {
            randomConductances(a, b, seed + 1);
            final double lsb = spec.peripherals().adcStepMicroAmps();
            int cases = 0;
            for (final int rows : SIZES) {
                for (final int cols : SIZES) {
                    if (rows > a.rows() || cols > a.cols() || (random.nextInt(6) != 0 && rows != cols)) {
                        continue; // every square and a sixth of the rest keeps the run short
                    }
                    final int batch = BATCHES[random.nextInt(BATCHES.length)];
                    final Window w = randomWindow(random, a, rows, cols);
                    final int in = transposed ? cols : rows;
                    final int out = transposed ? rows : cols;
                    final float[] v = volts(random, batch * in);
                    final float[] expected = new float[batch * out];
                    final float[] actual = new float[batch * out];
                    if (transposed) {
                        SCALAR.vmmTransposed(a, w, v, expected, batch);
                        simd.vmmTransposed(b, w, v, actual, batch);
                    } else {
                        SCALAR.vmm(a, w, v, expected, batch);
                        simd.vmm(b, w, v, actual, batch);
                    }
                    final String where = w + " batch " + batch;
                    if (exact) {
                        assertArrayEquals(expected, actual, where);
                    } else {
                        for (int k = 0; k < expected.length; k++) {
                            final double tolerance = lsb * 1.0001 + 1e-6 * magnitude(a, w, v, k, transposed);
                            assertEquals(expected[k], actual[k], tolerance, where + " output " + k);
                        }
                    }
                    cases++;
                }
            }
            assertTrue(cases > 20, "only " + cases + " shapes");
            assertEquals(a.stats(), b.stats());
            assertEquals(a.eventCounter(), b.eventCounter());
        }
    }

    /** sum |DAC(V_i) G_ij| of output k, in double (inputs beyond the DAC range count at full scale). */
    private static double magnitude(
            final Chip chip, final Window w, final float[] v, final int k, final boolean transposed) {
        final int in = transposed ? w.cols() : w.rows();
        final int out = transposed ? w.rows() : w.cols();
        final int b = k / out;
        final int o = k % out;
        double sum = 0;
        for (int i = 0; i < in; i++) {
            final double g = transposed
                    ? chip.get(Plane.CONDUCTANCE, w.row0() + o, w.col0() + i)
                    : chip.get(Plane.CONDUCTANCE, w.row0() + i, w.col0() + o);
            sum += Math.min(Math.abs(v[b * in + i]), 0.2) * g;
        }
        return sum;
    }

    @Test
    void noiselessForwardVmmIsBitIdentical() {
        compareVmm(noiselessGateChip(), false, true, 100);
    }

    @Test
    void noisyForwardVmmIsBitIdentical() {
        compareVmm(noisyGateChip(), false, true, 101);
    }

    @Test
    void noiselessTransposedVmmAgreesWithinAnAdcStep() {
        compareVmm(noiselessGateChip(), true, false, 102);
    }

    @Test
    void noisyTransposedVmmAgreesWithinAnAdcStep() {
        compareVmm(noisyGateChip(), true, false, 103);
    }

    @Test
    void forwardVmmWithOnlyAbsoluteReadNoiseIsBitIdentical() {
        // the paper chip's noise: no relative term, so the fast register-blocked path runs with draws in its epilogue,
        // and its sums of V^2 in the inputs' order (summed along the lanes and then pairwise, they put an output one
        // ADC step off now and then: 57 of about 12,000 conv1 products in one epoch of the default run)
        compareVmm(ChipSpec.preset("nmi2019").with("peripherals.outputNoiseMicroAmps", 0.2), false, true, 104);
    }

    /** Window widths of the driven VMM: around the narrow path's limit and the lane counts, up to a tile's 64. */
    private static final int[] DRIVEN_COLS = {1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 37, 61, 63, 64};

    /**
     * A random drive of at most maxRows rows: the inputs from a first one (0 to 7, mostly not 0) over a span of 1 to
     * 150 (less on a chip with fewer rows), each on 1 to 4 rows (fewer where the span is long, so that it fits) with
     * random signs, an eighth of those inside the span on none; up to 3 undriven rows (sign 0); rows grouped per input
     * in ascending order or shuffled. Returns {rowInput, rowSign}.
     */
    private static int[][] randomLayout(final SplittableRandom random, final int maxRows) {
        final int first = random.nextInt(8);
        final int span = 1 + random.nextInt(Math.min(150, maxRows - 3));
        final int perInput = Math.max(1, Math.min(4, (maxRows - 3) / span));
        final List<int[]> rows = new ArrayList<>();
        for (int u = 0; u < span; u++) {
            final boolean inside = u > 0 && u < span - 1;
            final int n = inside && random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(perInput);
            for (int k = 0; k < n; k++) {
                rows.add(new int[] {first + u, random.nextBoolean() ? 1 : -1});
            }
        }
        for (int k = random.nextInt(4); k > 0; k--) {
            rows.add(new int[] {-1, 0});
        }
        if (random.nextBoolean()) {
            for (int i = rows.size() - 1; i > 0; i--) {
                Collections.swap(rows, i, random.nextInt(i + 1));
            }
        }
        final int[][] layout = new int[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            layout[0][i] = rows.get(i)[0];
            layout[1][i] = rows.get(i)[1];
        }
        return layout;
    }

    /**
     * Runs driven VMMs on both chips over random layouts, batches and row ranges (one event each, the same on both)
     * and checks every output, including those outside the range (left as they were); exact or within an ADC step
     * plus 1e-6 of sum |V G| over the driven rows.
     */
    private static void compareDriven(final ChipSpec spec, final boolean exact, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        try (Chip a = Chip.fabricate(spec, seed, 0);
                Chip b = Chip.fabricate(spec, seed, 0)) {
            randomConductances(a, b, seed + 1);
            final double lsb = spec.peripherals().adcStepMicroAmps();
            int cases = 0;
            for (final int cols : DRIVEN_COLS) {
                for (int repeat = 0; repeat < 3; repeat++) {
                    final int[][] layout = randomLayout(random, a.rows());
                    final RowDrive drive = new RowDrive(layout[0], layout[1]);
                    final int inputs = drive.maxInput() + 1 + random.nextInt(6);
                    final int batch = BATCHES[random.nextInt(BATCHES.length)];
                    final int firstRow = random.nextBoolean() ? 0 : random.nextInt(batch);
                    final int rowCount = random.nextBoolean() ? batch - firstRow : random.nextInt(batch - firstRow + 1);
                    final Window w = randomWindow(random, a, layout[0].length, cols);
                    final float[] x = volts(random, batch * inputs);
                    final float[] scales = new float[batch];
                    for (int r = 0; r < batch; r++) {
                        scales[r] = random.nextInt(16) == 0 ? 0.0f : (float) random.nextDouble(0.5, 1.5);
                    }
                    final float[] expected = new float[batch * cols];
                    Arrays.fill(expected, -1234.5f);
                    final float[] actual = expected.clone();
                    SCALAR.vmmDriven(a, w, drive, x, inputs, scales, expected, firstRow, rowCount, a.nextEvent());
                    simd.vmmDriven(b, w, drive, x, inputs, scales, actual, firstRow, rowCount, b.nextEvent());
                    final String where = w + " " + drive + " batch " + batch + " rows " + firstRow + " + " + rowCount;
                    if (exact) {
                        assertArrayEquals(expected, actual, where);
                    } else {
                        for (int k = 0; k < expected.length; k++) {
                            final double magnitude = drivenMagnitude(a, w, layout[0], x, inputs, scales, k);
                            assertEquals(
                                    expected[k], actual[k], lsb * 1.0001 + 1e-6 * magnitude, where + " output " + k);
                        }
                    }
                    cases++;
                }
            }
            assertTrue(cases > 50, "only " + cases + " cases");
            assertEquals(a.stats(), b.stats());
            assertEquals(a.eventCounter(), b.eventCounter());
        }
    }

    /** sum over the driven rows i of |DAC(s_b x_b,input_i)| G_ij for output k = b * cols + j, in double. */
    private static double drivenMagnitude(
            final Chip chip,
            final Window w,
            final int[] rowInput,
            final float[] x,
            final int inputs,
            final float[] scales,
            final int k) {
        final int b = k / w.cols();
        final int j = k % w.cols();
        double sum = 0;
        for (int i = 0; i < w.rows(); i++) {
            if (rowInput[i] >= 0) {
                final double v = Math.min(Math.abs(scales[b] * x[b * inputs + rowInput[i]]), 0.2);
                sum += v * chip.get(Plane.CONDUCTANCE, w.row0() + i, w.col0() + j);
            }
        }
        return sum;
    }

    /**
     * A network's forward pass: one event per window, split into row ranges that take the windows in turns (the SIMD
     * kernel builds each window's effective conductances once per event and keeps eight); then the chip's
     * conductances drift and its events are rewound ({@link Ageing#at}), so the same events come again on other
     * conductances. Every range must be what the reference gives for the whole batch at that age. With 6 windows the
     * kept ones serve the later ranges; with 11 every window has given way by its next range.
     */
    @Test
    void drivenRangesSharingAnEventFollowTheConductancesAcrossWindowsAndRewinds() {
        drivenRangesAcrossAges(6);
        drivenRangesAcrossAges(11);
    }

    private static void drivenRangesAcrossAges(final int windows) {
        final ChipSpec spec =
                noiselessGateChip().with("variability.driftNu", 0.2).with("variability.driftT0Seconds", 1.0);
        final SplittableRandom random = new SplittableRandom(113);
        try (Chip a = Chip.fabricate(spec, 113, 0);
                Chip b = Chip.fabricate(spec, 113, 0)) {
            randomConductances(a, b, 114);
            final Ageing ageingA = Ageing.of(a);
            final Ageing ageingB = Ageing.of(b);
            final RowDrive[] drives = new RowDrive[windows];
            final Window[] ws = new Window[windows];
            final int[] inputs = new int[windows];
            final float[][] x = new float[windows][];
            final int batch = 40;
            final float[] scales = new float[batch];
            Arrays.fill(scales, 1.0f);
            for (int t = 0; t < windows; t++) {
                final int[][] layout = randomLayout(random, 60);
                drives[t] = new RowDrive(layout[0], layout[1]);
                inputs[t] = drives[t].maxInput() + 1;
                ws[t] = randomWindow(random, a, layout[0].length, DRIVEN_COLS[random.nextInt(DRIVEN_COLS.length)]);
                x[t] = volts(random, batch * inputs[t]);
            }
            float[] first = null;
            for (final double age : new double[] {0, 1e6, 1e12}) {
                ageingA.at(age);
                ageingB.at(age);
                final long[] eventsA = new long[windows];
                final long[] eventsB = new long[windows];
                final float[][] expected = new float[windows][];
                final float[][] actual = new float[windows][];
                for (int t = 0; t < windows; t++) {
                    eventsA[t] = a.nextEvent();
                    eventsB[t] = b.nextEvent();
                    expected[t] = new float[batch * ws[t].cols()];
                    actual[t] = new float[expected[t].length];
                    SCALAR.vmmDriven(a, ws[t], drives[t], x[t], inputs[t], scales, expected[t], 0, batch, eventsA[t]);
                }
                for (int from = 0; from < batch; from += 8) {
                    for (int t = 0; t < windows; t++) {
                        simd.vmmDriven(b, ws[t], drives[t], x[t], inputs[t], scales, actual[t], from, 8, eventsB[t]);
                    }
                }
                for (int t = 0; t < windows; t++) {
                    assertArrayEquals(expected[t], actual[t], "age " + age + " s, " + ws[t] + " " + drives[t]);
                }
                if (first == null) {
                    first = actual[0].clone();
                } else {
                    assertFalse(Arrays.equals(first, actual[0]), "the drift changed the currents at " + age + " s");
                }
            }
        }
    }

    @Test
    void noiselessDrivenVmmIsBitIdentical() {
        // every lane sums its output over the inputs in ascending order with one fused multiply-add each, as the
        // scalar reference does, on the narrow path (lanes over batch rows) and the wide one (lanes over columns)
        compareDriven(noiselessGateChip(), true, 110);
    }

    @Test
    void noisyDrivenVmmWithRelativeReadNoiseIsBitIdentical() {
        // relative read noise: the SIMD kernels run the scalar reference
        compareDriven(noisyGateChip(), true, 111);
    }

    @Test
    void drivenVmmWithOnlyAbsoluteReadNoiseIsBitIdentical() {
        // the paper chip's noise: the fast paths run, narrow and wide, each with its sums of V^2 in the inputs' order
        compareDriven(ChipSpec.preset("nmi2019").with("peripherals.outputNoiseMicroAmps", 0.2), true, 112);
    }

    /** Runs an operation on two identical chips, scalar on one and SIMD on the other; checks every plane. */
    private static void compareStates(final ChipSpec spec, final long seed, final int rounds, final Op op) {
        final SplittableRandom random = new SplittableRandom(seed);
        try (Chip a = Chip.fabricate(spec, seed, 3);
                Chip b = Chip.fabricate(spec, seed, 3)) {
            for (int round = 0; round < rounds; round++) {
                final int rows = SIZES[random.nextInt(SIZES.length)] % a.rows() + 1;
                final int cols = SIZES[random.nextInt(SIZES.length)] % a.cols() + 1;
                final Window w = randomWindow(random, a, Math.min(rows, a.rows()), Math.min(cols, a.cols()));
                final long opSeed = random.nextLong();
                op.apply(SCALAR, a, w, new SplittableRandom(opSeed));
                op.apply(simd, b, w, new SplittableRandom(opSeed));
                assertSamePlanes(a, b, "after round " + round + " on " + w);
                assertEquals(a.stats(), b.stats(), "after round " + round);
            }
            assertEquals(a.eventCounter(), b.eventCounter());
        }
    }

    /** Every device's conductance and gate voltage bit for bit. */
    private static void assertSamePlanes(final Chip a, final Chip b, final String when) {
        for (final Plane plane : List.of(Plane.CONDUCTANCE, Plane.GATE_VOLTAGE)) {
            for (int r = 0; r < a.rows(); r++) {
                for (int c = 0; c < a.cols(); c++) {
                    assertEquals(
                            Float.floatToIntBits(a.get(plane, r, c)),
                            Float.floatToIntBits(b.get(plane, r, c)),
                            plane + " (" + r + ", " + c + ") " + when + ": " + a.get(plane, r, c) + " vs "
                                    + b.get(plane, r, c));
                }
            }
        }
    }

    /** One kernel call on a window, with inputs from the given generator. */
    @FunctionalInterface
    private interface Op {
        void apply(CrossbarKernels kernels, Chip chip, Window w, SplittableRandom random);
    }

    @Test
    void readBackIsBitIdentical() {
        final SplittableRandom random = new SplittableRandom(5);
        try (Chip a = Chip.fabricate(noisyGateChip(), 5, 0);
                Chip b = Chip.fabricate(noisyGateChip(), 5, 0)) {
            randomConductances(a, b, 6);
            for (int round = 0; round < 20; round++) {
                final Window w = randomWindow(
                        random, a, SIZES[random.nextInt(SIZES.length)], SIZES[random.nextInt(SIZES.length)]);
                final float[] expected = new float[w.size()];
                final float[] actual = new float[w.size()];
                SCALAR.readConductances(a, w, expected);
                simd.readConductances(b, w, actual);
                assertArrayEquals(expected, actual, w.toString());
            }
            assertEquals(a.stats(), b.stats());
        }
    }

    private static final Op PROGRAM = (kernels, chip, w, random) -> {
        switch (random.nextInt(4)) {
            case 0 -> kernels.resetAll(chip, w);
            case 1 -> kernels.setAll(chip, w, (float) random.nextDouble(0, 3));
            default -> {
                final float[] delta = new float[w.size()];
                for (int k = 0; k < delta.length; k++) {
                    // a third unchanged, the rest SET or RESET-then-SET, some beyond the gate range
                    delta[k] = random.nextInt(3) == 0 ? 0.0f : (float) random.nextDouble(-1.2, 1.2);
                }
                kernels.programGate(chip, w, delta);
            }
        }
    };

    /**
     * Windows taller than one bulk-noise chunk of the programming and read-back kernels ({@link ReadBack#chunkRows}:
     * 2048 devices), so that chunk boundaries fall inside them, at several widths.
     */
    @Test
    void tallNarrowWindowsAreBitIdenticalAcrossNoiseChunks() {
        final ChipSpec tall = new ChipSpec(
                2100,
                9,
                GateControlledDevice.nmi2019(),
                new Variability(0.1, 2, 0.05, 0, 0, 1.0, 0.05, 0, 0, 1),
                new FaultModel(0.01, 0.01, 0.03, List.of(), List.of(5), 0, ""),
                new Peripherals(12, 0.2, 0.2, 10_000, 16, 5, 0.3));
        final SplittableRandom random = new SplittableRandom(11);
        try (Chip a = Chip.fabricate(tall, 11, 3);
                Chip b = Chip.fabricate(tall, 11, 3)) {
            for (final int cols : new int[] {1, 2, 3, 4, 7, 9}) {
                final Window w = new Window(2100 - 2048 / cols - 40, 9 - cols, 2048 / cols + 40, cols);
                for (int round = 0; round < 4; round++) {
                    final long opSeed = random.nextLong();
                    PROGRAM.apply(SCALAR, a, w, new SplittableRandom(opSeed));
                    PROGRAM.apply(simd, b, w, new SplittableRandom(opSeed));
                    assertSamePlanes(a, b, "after round " + round + " on " + w);
                }
                final float[] expected = new float[w.size()];
                final float[] actual = new float[w.size()];
                SCALAR.readConductances(a, w, expected);
                simd.readConductances(b, w, actual);
                assertArrayEquals(expected, actual, w.toString());
            }
            assertEquals(a.stats(), b.stats());
        }
    }

    @Test
    void twoPulseProgrammingIsBitIdenticalWithNoiseAndFaults() {
        compareStates(noisyGateChip(), 7, 30, PROGRAM);
    }

    @Test
    void twoPulseProgrammingIsBitIdenticalWithoutNoise() {
        compareStates(noiselessGateChip(), 8, 12, PROGRAM);
    }

    private static ChipSpec stepChip(final DeviceModel device) {
        return stepChip(device, 131, 67);
    }

    private static ChipSpec stepChip(final DeviceModel device, final int rows, final int cols) {
        return new ChipSpec(
                rows,
                cols,
                device,
                new Variability(0, 0, 0.1, 0.3, 0.1, 0, 0, 0, 0, 1),
                new FaultModel(0.02, 0.02, 0.02, List.of(3), List.of(), 0, ""),
                Peripherals.dpe2018());
    }

    private static List<DeviceModel> stepDevices() {
        final StepParameters p = new StepParameters(0.5, 0.1, 0.3, 0, 120);
        return List.of(
                new ConstantStep(p),
                new LinearStep(p, 0.5, 0.2),
                new SoftBounds(p),
                ExpStep.defaults(p),
                new PiecewiseStep(p, new float[] {1, 0.6f, 0.2f}, new float[] {0.1f, 0.7f, 1.2f}),
                new ConstantStep(new StepParameters(0.5, 0, 0, 0, 120)));
    }

    /** Moves every device to a random state first (same on both chips), then applies the operation. */
    private static void compareStepDevices(final long seed, final Op op) {
        for (final DeviceModel device : stepDevices()) {
            compareStates(stepChip(device), seed, 5, (kernels, chip, w, random) -> {
                if (random.nextInt(3) == 0) {
                    final int[] warm = new int[chip.rows() * chip.cols()];
                    for (int k = 0; k < warm.length; k++) {
                        warm[k] = random.nextInt(-40, 80);
                    }
                    kernels.applyPulses(chip, Window.of(chip), warm);
                }
                op.apply(kernels, chip, w, random);
            });
        }
    }

    @Test
    void aChainOfCallsOnThePaperChipFollowsTheReferenceDrawForDraw() {
        // one chip pair through programming, both VMMs, read-back and pulses: a different random draw anywhere would
        // move a result by about one noise sigma (1-8 uS, 0.5 uA), far beyond the VMM tolerance, which only allows
        // float reassociation in sums and the ADC step it can flip
        final ChipSpec spec = ChipSpec.preset("nmi2019")
                .with("peripherals.outputNoiseMicroAmps", 0.5)
                .with("variability.readNoiseRelative", 0.02);
        final double lsb = spec.peripherals().adcStepMicroAmps();
        final SplittableRandom random = new SplittableRandom(31);
        try (Chip a = Chip.fabricate(spec, 31, 1);
                Chip b = Chip.fabricate(spec, 31, 1)) {
            final Window w = new Window(2, 3, 120, 57);
            final float[] delta = volts(random, w.size());
            for (final Chip chip : new Chip[] {a, b}) {
                final CrossbarKernels k = chip == a ? SCALAR : simd;
                k.resetAll(chip, w);
                k.setAll(chip, w, 1.6f);
                k.programGate(chip, w, delta);
            }
            assertSamePlanes(a, b, "after programming");
            final int batch = 5;
            final float[] v = volts(random, batch * w.rows());
            final float[] expected = new float[batch * w.cols()];
            final float[] actual = new float[expected.length];
            SCALAR.vmm(a, w, v, expected, batch);
            simd.vmm(b, w, v, actual, batch);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual[k], 2 * lsb + 1e-3, "vmm output " + k);
            }
            final float[] vt = volts(random, batch * w.cols());
            final float[] expectedT = new float[batch * w.rows()];
            final float[] actualT = new float[expectedT.length];
            SCALAR.vmmTransposed(a, w, vt, expectedT, batch);
            simd.vmmTransposed(b, w, vt, actualT, batch);
            for (int k = 0; k < expectedT.length; k++) {
                assertEquals(expectedT[k], actualT[k], 2 * lsb + 1e-3, "transposed vmm output " + k);
            }
            final float[] expectedG = new float[w.size()];
            final float[] actualG = new float[w.size()];
            SCALAR.readConductances(a, w, expectedG);
            simd.readConductances(b, w, actualG);
            assertArrayEquals(expectedG, actualG, "read-back");
            assertEquals(a.stats(), b.stats());
            assertEquals(a.eventCounter(), b.eventCounter());
        }
        final ChipSpec steps = stepChip(new SoftBounds(new StepParameters(0.5, 0.1, 0.3, 0, 100)));
        try (Chip a = Chip.fabricate(steps, 35, 0);
                Chip b = Chip.fabricate(steps, 35, 0)) {
            final Window w = new Window(0, 1, 128, 63);
            final int[] counts = new int[w.size()];
            for (int k = 0; k < counts.length; k++) {
                counts[k] = k % 9 - 2;
            }
            final float[] x = volts(random, w.rows());
            final float[] d = volts(random, w.cols());
            for (final Chip chip : new Chip[] {a, b}) {
                final CrossbarKernels k = chip == a ? SCALAR : simd;
                k.applyPulses(chip, w, counts);
                k.pulseTrainUpdate(chip, w, x, d, 31, 5.0f);
            }
            assertSamePlanes(a, b, "after pulses");
            assertEquals(a.stats(), b.stats());
        }
    }

    @Test
    void pulseCountsAreBitIdenticalForEveryStepDevice() {
        compareStepDevices(9, (kernels, chip, w, random) -> {
            final int[] n = new int[w.size()];
            for (int k = 0; k < n.length; k++) {
                n[k] = random.nextBoolean() ? 0 : random.nextInt(-6, 7);
            }
            kernels.applyPulses(chip, w, n);
        });
    }

    @Test
    void pulseTrainUpdatesAreBitIdenticalForEveryStepDeviceAndTrainLength() {
        final int[] lengths = {1, 7, 31, 64};
        compareStepDevices(10, (kernels, chip, w, random) -> {
            final float[] x = new float[w.rows()];
            final float[] d = new float[w.cols()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextInt(4) == 0 ? 0.0f : (float) random.nextGaussian();
            }
            for (int j = 0; j < d.length; j++) {
                d[j] = random.nextInt(4) == 0 ? 0.0f : (float) random.nextGaussian();
            }
            final float lr = random.nextInt(5) == 0 ? 0.0f : (float) random.nextDouble(0.01, 2);
            kernels.pulseTrainUpdate(chip, w, x, d, lengths[random.nextInt(lengths.length)], lr);
        });
    }

    /** Runs op on every window in turn, on two identical chips per step device; compares every plane after each. */
    private static void compareOnWindows(
            final int rows, final int cols, final long seed, final List<Window> windows, final Op op) {
        for (final DeviceModel device : stepDevices()) {
            final ChipSpec spec = stepChip(device, rows, cols);
            final SplittableRandom random = new SplittableRandom(seed);
            try (Chip a = Chip.fabricate(spec, seed, 0);
                    Chip b = Chip.fabricate(spec, seed, 0)) {
                for (final Window w : windows) {
                    final long opSeed = random.nextLong();
                    op.apply(SCALAR, a, w, new SplittableRandom(opSeed));
                    op.apply(simd, b, w, new SplittableRandom(opSeed));
                    assertSamePlanes(a, b, "after " + w + " of " + device);
                    assertEquals(a.stats(), b.stats(), "after " + w + " of " + device);
                }
            }
        }
    }

    /** Gaussian x and d with some zeros, the CNN's learning-rate range, a random train length. */
    private static final Op TRAIN = (kernels, chip, w, random) -> {
        final float[] x = new float[w.rows()];
        final float[] d = new float[w.cols()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(3) == 0 ? 0.0f : (float) random.nextGaussian();
        }
        for (int j = 0; j < d.length; j++) {
            d[j] = random.nextInt(5) == 0 ? 0.0f : (float) random.nextGaussian();
        }
        kernels.pulseTrainUpdate(chip, w, x, d, 1 + random.nextInt(64), (float) random.nextDouble(0.05, 3));
    };

    @Test
    void pulsesOnTheCnnBlocksAreBitIdentical() {
        // the paper CNN's blocks on a 128 x 64 chip (36 x 15, 120 x 8, 86 x 30): rows narrower than a vector or with a
        // tail, many rows per batch of packed devices, and batches that end mid-window
        final List<Window> blocks = List.of(
                new Window(0, 0, 36, 15),
                new Window(0, 15, 120, 8),
                new Window(0, 23, 86, 30),
                new Window(41, 49, 86, 15),
                new Window(3, 56, 120, 8),
                new Window(0, 0, 128, 64));
        final List<Window> windows = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            windows.addAll(blocks);
        }
        compareOnWindows(128, 64, 21, windows, (kernels, chip, w, random) -> {
            if (random.nextBoolean()) {
                TRAIN.apply(kernels, chip, w, random);
            } else {
                final int[] n = new int[w.size()];
                for (int k = 0; k < n.length; k++) {
                    n[k] = random.nextInt(3) == 0 ? 0 : random.nextInt(-9, 10);
                }
                kernels.applyPulses(chip, w, n);
            }
        });
    }

    @Test
    void pulsesAtTheLastRowAndColumnsOfTheChipAreBitIdentical() {
        // whole vectors from the last columns of the last row would read past the planes: that row is copied first
        for (final int[] shape : new int[][] {{40, 64}, {131, 67}}) {
            final int rows = shape[0];
            final int cols = shape[1];
            final List<Window> corners = List.of(
                    new Window(rows - 1, cols - 1, 1, 1),
                    new Window(rows - 2, cols - 5, 2, 5),
                    new Window(rows - 3, cols - 17, 3, 17),
                    new Window(rows - 7, cols - 33, 7, 33),
                    new Window(0, 0, rows, cols));
            compareOnWindows(rows, cols, 22, corners, (kernels, chip, w, random) -> {
                final int[] n = new int[w.size()];
                for (int k = 0; k < n.length; k++) {
                    n[k] = random.nextInt(-4, 5);
                }
                kernels.applyPulses(chip, w, n);
                TRAIN.apply(kernels, chip, w, random);
            });
        }
    }

    @Test
    void extremePulseCountsAreBitIdentical() {
        // rows without pulses, single pulses, hundreds of pulses (every device ends clamped at a bound, the packing
        // runs hundreds of levels) and Integer.MIN_VALUE, whose magnitude is negative: the reference gives it no pulse
        final List<Window> windows =
                List.of(new Window(3, 5, 20, 37), new Window(0, 0, 131, 67), new Window(7, 1, 9, 3));
        compareOnWindows(131, 67, 23, windows, (kernels, chip, w, random) -> {
            final int[] n = new int[w.size()];
            for (int i = 0; i < w.rows(); i++) {
                final int kind = random.nextInt(4);
                for (int j = 0; j < w.cols(); j++) {
                    n[i * w.cols() + j] = switch (kind) {
                        case 0 -> 0;
                        case 1 -> random.nextBoolean() ? 1 : -1;
                        case 2 -> random.nextInt(-300, 301);
                        default -> random.nextInt(8) == 0 ? Integer.MIN_VALUE : random.nextInt(-2, 3);
                    };
                }
            }
            kernels.applyPulses(chip, w, n);
        });
    }

    @Test
    void pulseTrainsWithSilentRowsAndClippedProbabilitiesAreBitIdentical() {
        // most rows silent (their train is empty and they are skipped), then probabilities clipped at 1 (every slot of
        // every firing row and column fires: counts equal the train length)
        final List<Window> windows =
                List.of(new Window(0, 0, 131, 67), new Window(10, 3, 57, 29), new Window(5, 60, 40, 7));
        compareOnWindows(131, 67, 24, windows, (kernels, chip, w, random) -> {
            final float[] x = new float[w.rows()];
            final float[] d = new float[w.cols()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextInt(10) == 0 ? (float) random.nextGaussian() : 0.0f;
            }
            for (int j = 0; j < d.length; j++) {
                d[j] = (float) random.nextGaussian();
            }
            kernels.pulseTrainUpdate(chip, w, x, d, 31, 0.02f);
            final PulseTrain plain = new PulseTrain(1 + random.nextInt(64), false, false);
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextBoolean() ? 0.0f : 1.0f + (float) random.nextDouble();
            }
            kernels.pulseTrainUpdate(chip, w, x, d, plain, 1000.0f);
        });
    }
}
