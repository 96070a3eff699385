package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.CrossbarKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forward VMM with lanes over batch rows ({@link NarrowVmm}) at its edges: every width up to and just past
 * {@link NarrowVmm#MAX_COLS}, batches with every tail length of a block and of a chunk, chunks shorter than {@link
 * NarrowVmm#MIN_ROWS}, row ranges starting off block boundaries, inputs whose last row ends the array (the padded
 * copy), and the in-place tile transposition stage by stage.
 *
 * <p>On this path every sum is taken in the scalar order (currents, sum V^2 and sum (V G)^2, one fused multiply-add
 * per term, i ascending) and the noise uses the same formula and draws, so even a noisy VMM must equal the scalar
 * reference bit for bit; windows of few inputs that take it although they are wider than MAX_COLS keep the sums of
 * V^2 of the column-vector kernels, which their rows taken one at a time must reproduce.
 */
class NarrowVmmTest {
    private static final CrossbarKernels SCALAR = CrossbarKernels.named("scalar");
    private static CrossbarKernels simd;

    /** Float lanes (read only once the vector module is known to be there). */
    private static int lanes;

    @BeforeAll
    static void needsTheVectorModule() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "runs with --add-modules=jdk.incubator.vector");
        simd = CrossbarKernels.named(SimdKernelProvider.NAME);
        lanes = Lanes.N;
    }

    /** The paper chip with every read-path term: 2 uS absolute and the given relative read noise, 0.5 uA output. */
    private static ChipSpec noisy(final double relative) {
        return ChipSpec.preset("nmi2019")
                .with("variability.readNoiseMicroSiemens", 2.0)
                .with("variability.readNoiseRelative", relative)
                .with("peripherals.outputNoiseMicroAmps", 0.5);
    }

    /** Random conductances in [0, 100) uS from a test-local generator, the same on both chips. */
    private static void conductances(final Chip a, final Chip b, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < a.rows(); r++) {
            for (int c = 0; c < a.cols(); c++) {
                final float g = (float) (random.nextDouble() * 100);
                a.set(Plane.CONDUCTANCE, r, c, g);
                b.set(Plane.CONDUCTANCE, r, c, g);
            }
        }
    }

    /** Inputs mostly inside the +-0.2 V DAC range, some beyond it (saturated by the DAC). */
    private static float[] volts(final SplittableRandom random, final int n) {
        final float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-0.25, 0.25);
        }
        return v;
    }

    /** Batches with every tail of a block, the chunk-size edges and several chunks with a tail. */
    private static int[] batches() {
        return new int[] {
            1,
            2,
            NarrowVmm.MIN_ROWS - 1,
            NarrowVmm.MIN_ROWS,
            lanes - 1,
            lanes,
            lanes + 1,
            lanes + NarrowVmm.MIN_ROWS - 1,
            3 * lanes + 5,
            NarrowVmm.ROWS - 1,
            NarrowVmm.ROWS,
            NarrowVmm.ROWS + 1,
            2 * NarrowVmm.ROWS + lanes / 2 + 3,
            100
        };
    }

    /**
     * Runs scalar and SIMD on identical chips over window widths 1 .. maxCols and the given input counts; exact
     * comparison.
     */
    private static void compare(final ChipSpec spec, final int maxCols, final int[] inputs, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        int cases = 0;
        try (Chip a = Chip.fabricate(spec, seed, 0);
                Chip b = Chip.fabricate(spec, seed, 0)) {
            conductances(a, b, seed + 1);
            for (int cols = 1; cols <= maxCols; cols++) {
                for (final int rows : inputs) {
                    final int batch = batches()[cases % batches().length];
                    final Window w = new Window(
                            random.nextInt(a.rows() - rows + 1), random.nextInt(a.cols() - cols + 1), rows, cols);
                    // exactly batch rows long: the last row ends the array, so the padded copy runs
                    final float[] v = volts(random, batch * rows);
                    final float[] expected = new float[batch * cols];
                    final float[] actual = new float[batch * cols];
                    SCALAR.vmm(a, w, v, expected, batch);
                    simd.vmm(b, w, v, actual, batch);
                    assertArrayEquals(expected, actual, w + " batch " + batch);
                    cases++;
                }
            }
            assertEquals(a.eventCounter(), b.eventCounter());
        }
        assertTrue(cases >= maxCols * inputs.length, cases + " cases");
    }

    /** Input counts around the lane count (padded tiles), the CNN's 36 and 120, and the whole chip. */
    private static int[] inputs() {
        return new int[] {1, 3, lanes - 1, lanes, lanes + 1, 36, 120, 128};
    }

    @Test
    void noisyNarrowWindowsAreBitIdenticalToTheScalarReference() {
        compare(noisy(0.0), NarrowVmm.MAX_COLS, inputs(), 40);
    }

    @Test
    void relativeReadNoiseOnNarrowWindowsIsBitIdenticalToo() {
        compare(noisy(0.05), NarrowVmm.MAX_COLS, inputs(), 41);
    }

    @Test
    void noiselessWindowsAroundTheThresholdAreBitIdentical() {
        // past MAX_COLS the lanes go over columns again; the currents stay exact either way
        compare(ChipSpec.preset("ideal"), NarrowVmm.MAX_COLS + 3, new int[] {5, lanes + 3, 120}, 42);
    }

    @Test
    void rowRangesStartingAnywhereGiveTheSameBitsAsOneCall() {
        // ranges shorter than MIN_ROWS, one of exactly MIN_ROWS, a partial chunk, whole chunks; first rows off the
        // block boundaries; run out of order with one event
        final int[] ranges = {
            1, NarrowVmm.MIN_ROWS - 1, NarrowVmm.MIN_ROWS, 2, NarrowVmm.ROWS + lanes + 3, lanes - 1, 33
        };
        int batch = 0;
        for (final int r : ranges) {
            batch += r;
        }
        for (final double relative : new double[] {0.0, 0.05}) {
            for (final int cols : new int[] {1, 3, NarrowVmm.MAX_COLS, NarrowVmm.MAX_COLS + 1}) {
                final float[][] results = new float[2][];
                for (int run = 0; run < 2; run++) {
                    try (Chip chip = Chip.fabricate(noisy(relative), 43, 0)) {
                        conductances(chip, chip, 44); // one chip: set twice, the same values
                        final Window w = new Window(2, 64 - cols, 37, cols);
                        final float[] v = volts(new SplittableRandom(45), batch * w.rows());
                        final float[] out = new float[batch * cols];
                        if (run == 0) {
                            simd.vmm(chip, w, v, out, batch);
                        } else {
                            final long event = chip.nextEvent();
                            int end = batch;
                            for (int k = ranges.length - 1; k >= 0; k--) {
                                end -= ranges[k];
                                simd.vmm(chip, w, v, out, end, ranges[k], event);
                            }
                        }
                        results[run] = out;
                    }
                }
                assertArrayEquals(results[0], results[1], "cols " + cols + ", readNoiseRelative " + relative);
            }
        }
    }

    @Test
    void windowsOfFewInputsTakeTheLanesOverRowsWithTheColumnKernelsBits() {
        // at most one vector of inputs and of columns but wider than MAX_COLS (the CNN's conv1): whole chunks take the
        // lanes over batch rows, rows run one at a time (fewer than MIN_ROWS) the column-vector kernels, and the sums
        // of V^2, hence the read noise, must come out the same (both in the inputs' order). Strong read noise and a
        // fine ADC, so that a sum taken in another order (a last-bit difference) shows in the outputs
        final int batch = 2 * NarrowVmm.ROWS + lanes + 3;
        for (final double relative : new double[] {0.0, 0.05}) {
            for (final int rows : new int[] {1, 3, lanes - 1, lanes}) {
                for (final int cols : new int[] {NarrowVmm.MAX_COLS + 1, lanes - 1, lanes}) {
                    final float[][] results = new float[2][];
                    for (int run = 0; run < 2; run++) {
                        try (Chip chip = Chip.fabricate(
                                noisy(relative)
                                        .with("variability.readNoiseMicroSiemens", 100.0)
                                        .with("peripherals.adcBits", 24)
                                        .with("peripherals.adcRangeVolts", 10.0),
                                46,
                                0)) {
                            conductances(chip, chip, 47);
                            final Window w = new Window(5, 64 - cols, rows, cols);
                            final float[] v = volts(new SplittableRandom(48), batch * rows);
                            final float[] out = new float[batch * cols];
                            if (run == 0) {
                                simd.vmm(chip, w, v, out, batch);
                            } else {
                                final long event = chip.nextEvent();
                                for (int r = 0; r < batch; r++) {
                                    simd.vmm(chip, w, v, out, r, 1, event);
                                }
                            }
                            results[run] = out;
                        }
                    }
                    assertArrayEquals(results[0], results[1], rows + " x " + cols + ", relative " + relative);
                }
            }
        }
    }

    /** A tile element's value: where it started, vector a and lane p of tile (t, b). */
    private static float code(final int t, final int b, final int a, final int p) {
        return ((t * NarrowVmm.ROWS + b) * lanes + a) * lanes + p;
    }

    private static float[] tiles(final int tiles) {
        final float[] q = new float[tiles * lanes * NarrowVmm.STRIDE];
        for (int t = 0; t < tiles; t++) {
            for (int b = 0; b < NarrowVmm.ROWS; b += lanes) {
                for (int a = 0; a < lanes; a++) {
                    for (int p = 0; p < lanes; p++) {
                        q[(t * lanes + a) * NarrowVmm.STRIDE + b + p] = code(t, b, a, p);
                    }
                }
            }
        }
        return q;
    }

    private static void assertTransposed(final float[] q, final int tiles, final String how) {
        for (int t = 0; t < tiles; t++) {
            for (int b = 0; b < NarrowVmm.ROWS; b += lanes) {
                for (int a = 0; a < lanes; a++) {
                    for (int p = 0; p < lanes; p++) {
                        assertEquals(
                                code(t, b, p, a),
                                q[(t * lanes + a) * NarrowVmm.STRIDE + b + p],
                                how + ": tile " + t + ", block " + b + ", vector " + a + ", lane " + p);
                    }
                }
            }
        }
    }

    @Test
    void singleStagesInAnyOrderTransposeEveryTile() {
        // the single-stage pass only runs when the lane count is an odd power of two: checked here on any machine
        final int stages = Integer.numberOfTrailingZeros(lanes);
        final float[] up = tiles(3);
        for (int s = 0; s < stages; s++) {
            NarrowVmm.swapBlocks(up, 3, lanes, NarrowVmm.ROWS, s, 0);
        }
        assertTransposed(up, 3, "stages ascending");
        final float[] down = tiles(3);
        for (int s = stages - 1; s >= 0; s--) {
            NarrowVmm.swapBlocks(down, 3, lanes, NarrowVmm.ROWS, s, 0);
        }
        assertTransposed(down, 3, "stages descending");
    }

    @Test
    void aDoubleStagePassEqualsItsTwoSingleStages() {
        for (int s = 1; s < Integer.numberOfTrailingZeros(lanes); s++) {
            final float[] twice = tiles(2);
            NarrowVmm.swapBlocks(twice, 2, lanes, NarrowVmm.ROWS, s, 0);
            NarrowVmm.swapBlocks(twice, 2, lanes, NarrowVmm.ROWS, s - 1, 0);
            final float[] once = tiles(2);
            NarrowVmm.swapBlocks2(once, 2, lanes, NarrowVmm.ROWS, s, 0);
            assertArrayEquals(twice, once, "stages " + s + " and " + (s - 1));
        }
    }
}
