package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.kernel.MatrixKernels;
import dev.xbar.core.kernel.RunTable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vector API matrix kernels against the scalar reference on random shapes (widths 1 to 70, the CNN's 4, 8, 9, 10,
 * 15, 60 and 64 among them, ranges of up to 300 rows starting anywhere) and on the CNN's own products over a full
 * slice. Both sum every output in the contract's order, so they agree to the last bit except where the scalar code
 * skips a zero activation (a zero's sign); the tolerance of 2^-22 of the magnitude sum sum |a b| of the products only
 * absorbs that and would still catch any lost, doubled or misplaced term. The weight gradient is compared bit for bit
 * (its sums start from +0 and, without underflow, a skipped zero term changes nothing), through the front and through
 * each of the two Panama layouts directly, since which one the front takes depends on the width.
 */
class MatrixScalarEquivalenceTest {
    /** Floats that a max over bits could get wrong: see {@link #scaleRowsAgreesBitForBitOnRandomWidths}. */
    private static final float[] SPECIAL = {
        -0.0f,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.intBitsToFloat(0x7FC00001),
        Float.intBitsToFloat(0xFFC00002),
        Float.intBitsToFloat(0x7FFFFFFF)
    };

    private static final MatrixKernels SCALAR = MatrixKernels.named("scalar");
    private static MatrixKernels simd;

    /**
     * (inputs, outputs) of the CNN's, MLP's and ConvLSTM's products (its row: a 3 x 3 input patch and a 2 x 2 x 5 state
     * patch, 4 gates of 5 units), forward and backward.
     */
    private static final int[][] LAYER_SHAPES = {
        {9, 15}, {60, 4}, {64, 10}, {15, 9}, {4, 60}, {10, 64}, {64, 54}, {54, 10}, {29, 20}, {20, 29}
    };

    /** What the gradient's neighbours hold before a call; no kernel may change them. */
    private static final float GUARD = -7.25f;

    @BeforeAll
    static void needsTheVectorModule() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "runs with --add-modules=jdk.incubator.vector");
        simd = MatrixKernels.named(SimdKernelProvider.NAME);
    }

    private static float[] random(final SplittableRandom rng, final int n) {
        final float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(3) == 0 ? 0.0f : (float) rng.nextGaussian();
        }
        return a;
    }

    private static void compare(
            final SplittableRandom rng,
            final int rows,
            final int from,
            final int to,
            final int inputs,
            final int outputs) {
        final String shape = rows + " rows [" + from + "," + to + ") " + inputs + " x " + outputs;
        final float[] x = random(rng, rows * inputs);
        final float[] w = random(rng, inputs * outputs);
        final float[] dy = random(rng, rows * outputs);
        final float[] ys = new float[rows * outputs];
        final float[] yv = new float[rows * outputs];
        Arrays.fill(yv, GUARD);
        SCALAR.multiply(x, inputs, w, outputs, ys, from, to);
        simd.multiply(x, inputs, w, outputs, yv, from, to);
        rowsOutsideKeptTheGuard(yv, outputs, from, to, shape + " y");
        for (int r = from; r < to; r++) {
            for (int j = 0; j < outputs; j++) {
                double mag = 0;
                for (int i = 0; i < inputs; i++) {
                    mag += Math.abs((double) x[r * inputs + i] * w[i * outputs + j]);
                }
                assertEquals(ys[r * outputs + j], yv[r * outputs + j], 0x1.0p-22 * mag, shape + " y " + r + "," + j);
            }
        }
        final float[] dxs = new float[rows * inputs];
        final float[] dxv = new float[rows * inputs];
        Arrays.fill(dxv, GUARD);
        SCALAR.multiplyTransposed(dy, outputs, w, inputs, dxs, from, to);
        simd.multiplyTransposed(dy, outputs, w, inputs, dxv, from, to);
        rowsOutsideKeptTheGuard(dxv, inputs, from, to, shape + " dx");
        for (int r = from; r < to; r++) {
            for (int i = 0; i < inputs; i++) {
                double mag = 0;
                for (int j = 0; j < outputs; j++) {
                    mag += Math.abs((double) dy[r * outputs + j] * w[i * outputs + j]);
                }
                assertEquals(dxs[r * inputs + i], dxv[r * inputs + i], 0x1.0p-22 * mag, shape + " dx " + r + "," + i);
            }
        }
        gradientsAgree(rng, x, inputs, dy, outputs, from, to, shape);
    }

    /**
     * A product writes its rows [from, to) only: another thread may be writing the rows next to them (the SIMD kernel
     * stores whole vectors past a row's end where later rows of the call overwrite them).
     */
    private static void rowsOutsideKeptTheGuard(
            final float[] y, final int width, final int from, final int to, final String what) {
        for (int k = 0; k < y.length; k++) {
            if (k < from * width || k >= to * width) {
                assertEquals(GUARD, y[k], what + ": value " + k + " outside rows [" + from + "," + to + ")");
            }
        }
    }

    /**
     * The weight gradient of the front and of both Panama layouts against the scalar reference, bit for bit, at a
     * random offset into a larger array whose other values must stay as they were.
     */
    private static void gradientsAgree(
            final SplittableRandom rng,
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final String shape) {
        final int at = rng.nextInt(1 + 2 * Lanes.N);
        final int size = at + inputs * outputs + rng.nextInt(1 + 2 * Lanes.N);
        final float[] expected = guarded(size);
        SCALAR.weightGradient(x, inputs, dy, outputs, from, to, expected, at);
        final float[] front = guarded(size);
        simd.weightGradient(x, inputs, dy, outputs, from, to, front, at);
        final float[] inputLanes = guarded(size);
        PanamaMatrixKernels.inputLanes(x, inputs, dy, outputs, from, to, inputLanes, at);
        final float[] outputLanes = guarded(size);
        PanamaMatrixKernels.outputLanes(x, inputs, dy, outputs, from, to, outputLanes, at);
        for (int k = 0; k < size; k++) {
            final boolean inside = k >= at && k < at + inputs * outputs;
            final String what = shape + " at " + at
                    + (inside
                            ? " grad " + (k - at) / outputs + "," + (k - at) % outputs
                            : " value " + k + " outside the gradient");
            final int bits = Float.floatToRawIntBits(inside ? expected[k] : GUARD);
            assertEquals(bits, Float.floatToRawIntBits(expected[k]), "scalar, " + what);
            assertEquals(bits, Float.floatToRawIntBits(front[k]), "simd, " + what);
            assertEquals(bits, Float.floatToRawIntBits(inputLanes[k]), "inputs in the lanes, " + what);
            assertEquals(bits, Float.floatToRawIntBits(outputLanes[k]), "outputs in the lanes, " + what);
        }
    }

    private static float[] guarded(final int size) {
        final float[] a = new float[size];
        Arrays.fill(a, GUARD);
        return a;
    }

    /** ReLU outputs: about half exact zeros (some of them -0), the rest positive. */
    private static float[] relu(final SplittableRandom rng, final int n) {
        final float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            final float v = (float) rng.nextGaussian();
            a[i] = v > 0 ? v : rng.nextInt(8) == 0 ? -0.0f : 0.0f;
        }
        return a;
    }

    @Test
    void randomShapesAgree() {
        final SplittableRandom rng = new SplittableRandom(2026);
        for (int trial = 0; trial < 300; trial++) {
            final int rows = 1 + rng.nextInt(300);
            final int from = rng.nextInt(rows);
            final int to = from + 1 + rng.nextInt(rows - from);
            compare(rng, rows, from, to, 1 + rng.nextInt(70), 1 + rng.nextInt(70));
        }
    }

    /**
     * The SIMD products are one fused multiply-add per term from +0, in the terms' order, whatever path a shape takes
     * (the scalar reference skips zero inputs, hence the tolerance above). Checked exactly where few terms meet four
     * vectors of outputs, whose path pads the terms with exact -0 products: signed zeros, products that round to -0,
     * infinities and NaNs, at every term count up to 4 and output counts around the lane multiples.
     */
    @Test
    void fewTermProductsAreFusedMultiplyAddsInOrderBitForBit() {
        final SplittableRandom rng = new SplittableRandom(61);
        final int lanes = Lanes.N;
        for (int k = 1; k <= 4; k++) {
            for (final int n : new int[] {1, lanes, 3 * lanes - 1, 3 * lanes + 1, 4 * lanes - 1, 4 * lanes, 60, 61}) {
                assertFusedInOrder(rng, 37, 3, 34, k, n);
            }
        }
    }

    /**
     * The same exactly where the rows go in the lanes (4 outputs, 16 lanes: conv2's forward product): term counts
     * around multiples of the lane count, row ranges around whole blocks of rows at odd offsets, and a ending at the
     * range's last row, so that the last blocks, whose tiles would leave it, take the general loop.
     */
    @Test
    void fourOutputProductsAreFusedMultiplyAddsInOrderBitForBit() {
        final SplittableRandom rng = new SplittableRandom(62);
        final int lanes = Lanes.N;
        for (final int k : new int[] {1, 3, lanes - 1, lanes, lanes + 1, 2 * lanes + 5, 60, 64, 70}) {
            for (final int[] range : new int[][] {{0, 16}, {0, 17}, {3, 3 + 2 * lanes}, {5, 6 + 3 * lanes}, {1, 9}}) {
                assertFusedInOrder(rng, range[1], range[0], range[1], k, 4);
                assertFusedInOrder(rng, range[1] + 2, range[0], range[1], k, 4);
            }
        }
    }

    /** simd.multiply of random a (rows x k, with special values) and b (k x n) over [from, to) against Math.fma. */
    private static void assertFusedInOrder(
            final SplittableRandom rng, final int rows, final int from, final int to, final int k, final int n) {
        final float[] special = {0.0f, -0.0f, 1e-30f, -1e-30f, Float.POSITIVE_INFINITY, Float.NaN, 1.5f, -2.25f};
        final float[] a = new float[rows * k];
        final float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextInt(3) == 0 ? special[rng.nextInt(special.length)] : (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextInt(3) == 0 ? special[rng.nextInt(special.length)] : (float) rng.nextGaussian();
        }
        final float[] c = new float[rows * n];
        Arrays.fill(c, GUARD);
        final String shape = rows + " rows [" + from + "," + to + "), " + k + " terms x " + n + " outputs";
        simd.multiply(a, k, b, n, c, from, to);
        rowsOutsideKeptTheGuard(c, n, from, to, shape);
        for (int r = from; r < to; r++) {
            for (int j = 0; j < n; j++) {
                float expected = 0.0f;
                for (int i = 0; i < k; i++) {
                    expected = Math.fma(a[r * k + i], b[i * n + j], expected);
                }
                assertEquals(
                        Float.floatToRawIntBits(expected),
                        Float.floatToRawIntBits(c[r * n + j]),
                        shape + ", row " + r + ", output " + j);
            }
        }
    }

    @Test
    void theNetworksProductsAgreeOnFullSlicesAndTails() {
        final SplittableRandom rng = new SplittableRandom(7);
        for (final int[] shape : LAYER_SHAPES) {
            compare(rng, 6400, 6272, 6400, shape[0], shape[1]);
            compare(rng, 300, 0, 128, shape[0], shape[1]);
            compare(rng, 131, 128, 131, shape[0], shape[1]);
        }
    }

    /**
     * Widths around multiples of the lane count (every block of both layouts, full and partial, at this run's width),
     * over the arrays' last rows, whose last vectors would leave x or dy and must load under masks; x is ReLU output.
     */
    @Test
    void weightGradientAgreesBitForBitAroundLaneMultiplesAndOnTheLastRows() {
        final SplittableRandom rng = new SplittableRandom(50);
        final int n = Lanes.N;
        // 1 to 9, and k N - 1, k N, k N + 1 for k = 1 to 8 (whole and partial vectors, every count of blocks)
        final int[] widths = IntStream.concat(
                        IntStream.rangeClosed(1, 9),
                        IntStream.rangeClosed(1, 8).flatMap(k -> IntStream.of(k * n - 1, k * n, k * n + 1)))
                .distinct()
                .toArray();
        for (final int inputs : widths) {
            for (final int outputs : widths) {
                final int rows = 1 + rng.nextInt(9);
                final int from = rng.nextInt(rows);
                final float[] x = relu(rng, rows * inputs);
                final float[] dy = random(rng, rows * outputs);
                gradientsAgree(
                        rng,
                        x,
                        inputs,
                        dy,
                        outputs,
                        from,
                        rows,
                        rows + " rows from " + from + " " + inputs + " x " + outputs);
                gradientsAgree(rng, x, inputs, dy, outputs, rows, rows, "no rows " + inputs + " x " + outputs);
            }
        }
    }

    /** The layers' own gradients over the first slice of 128 rows and the last (short or whole), x ReLU output. */
    @Test
    void weightGradientAgreesBitForBitOnTheLayersShapes() {
        final SplittableRandom rng = new SplittableRandom(51);
        for (final int[] shape : LAYER_SHAPES) {
            final int inputs = shape[0];
            final int outputs = shape[1];
            for (final int rows : new int[] {6400, 300, 131, 5}) {
                final float[] x = relu(rng, rows * inputs);
                final float[] dy = random(rng, rows * outputs);
                final int from = (rows - 1) / 128 * 128;
                gradientsAgree(
                        rng,
                        x,
                        inputs,
                        dy,
                        outputs,
                        from,
                        rows,
                        rows + " rows from " + from + " " + inputs + " x " + outputs);
                gradientsAgree(
                        rng,
                        x,
                        inputs,
                        dy,
                        outputs,
                        0,
                        Math.min(rows, 128),
                        rows + " rows from 0 " + inputs + " x " + outputs);
            }
        }
    }

    @Test
    void scaleRowsAgreesBitForBitOnRandomWidths() {
        final SplittableRandom rng = new SplittableRandom(47);
        for (int trial = 0; trial < 300; trial++) {
            final int inputs = 1 + rng.nextInt(3 * Lanes.N + 2);
            final int rows = 1 + rng.nextInt(40);
            final int from = rng.nextInt(rows);
            final int to = from + rng.nextInt(rows - from + 1);
            final float[] x = random(rng, rows * inputs);
            if (rng.nextBoolean()) {
                Arrays.fill(x, from * inputs, Math.min(rows, from + 1) * inputs, 0.0f);
            }
            // values whose bits order differently from their values, or that end the max: signed zeros and
            // infinities, the extremes, and NaNs of several payloads (the reference keeps a row's first)
            for (int k = rng.nextInt(4) == 0 ? 1 + rng.nextInt(4) : 0; k > 0; k--) {
                x[rng.nextInt(x.length)] = SPECIAL[rng.nextInt(SPECIAL.length)];
            }
            final float[] ss = new float[rows];
            final float[] sv = new float[rows];
            SCALAR.scaleRows(x, inputs, 0.2f, ss, from, to);
            simd.scaleRows(x, inputs, 0.2f, sv, from, to);
            for (int r = 0; r < rows; r++) {
                assertEquals(
                        Float.floatToRawIntBits(ss[r]),
                        Float.floatToRawIntBits(sv[r]),
                        "inputs " + inputs + " rows [" + from + "," + to + ") row " + r);
            }
        }
    }

    /**
     * Every value bit for bit, except that two NaNs match whatever their payloads: a product or sum of two NaNs may
     * carry either one, as Java leaves it to the machine and C2 may commute the operands (the reference's own loop
     * differs there between the interpreter and C2).
     */
    private static void sameBitsButNanPayloads(final float[] expected, final float[] actual, final String what) {
        for (int k = 0; k < expected.length; k++) {
            if (!(Float.isNaN(expected[k]) && Float.isNaN(actual[k]))) {
                assertEquals(
                        Float.floatToRawIntBits(expected[k]), Float.floatToRawIntBits(actual[k]), what + " value " + k);
            }
        }
    }

    @Test
    void unscaleRowsAgreesBitForBitOnRandomWidthsAndRanges() {
        final SplittableRandom rng = new SplittableRandom(61);
        for (int trial = 0; trial < 300; trial++) {
            // rows wider than the lane-selection path takes (a row at a time) too, a tenth of them very wide
            final int width = trial % 10 == 0 ? 1000 + rng.nextInt(40) : 1 + rng.nextInt(3 * Lanes.N + 2);
            final int rows = 1 + rng.nextInt(trial % 10 == 0 ? 4 : 300);
            final int from = rng.nextInt(rows);
            final int to = from + rng.nextInt(rows - from + 1);
            final float[] y = random(rng, rows * width + rng.nextInt(3));
            final float[] scales = new float[rows];
            for (int r = 0; r < rows; r++) {
                scales[r] =
                        rng.nextInt(20) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextDouble(0.01, 5);
            }
            for (int k = rng.nextInt(4) == 0 ? 1 + rng.nextInt(4) : 0; k > 0; k--) {
                y[rng.nextInt(y.length)] = SPECIAL[rng.nextInt(SPECIAL.length)];
            }
            final float unit = (float) rng.nextDouble(1, 300);
            final float gain = rng.nextBoolean() ? 1.0f : (float) rng.nextDouble(0.5, 2);
            final float[] ys = y.clone();
            final float[] yv = y.clone();
            SCALAR.unscaleRows(ys, width, scales, unit, gain, from, to);
            simd.unscaleRows(yv, width, scales, unit, gain, from, to);
            sameBitsButNanPayloads(ys, yv, "width " + width + " rows [" + from + "," + to + ")");
        }
    }

    @Test
    void addColumnsAgreesBitForBitOnRandomRunsAndWidths() {
        final SplittableRandom rng = new SplittableRandom(67);
        for (int trial = 0; trial < 400; trial++) {
            // half of the trials in the lane-selection path's shapes (the destination width divides N and N / width
            // source rows fit two vectors), the others anywhere
            final int dstWidth;
            final int srcWidth;
            if (trial % 2 == 0) {
                dstWidth = 1 << rng.nextInt(Integer.numberOfTrailingZeros(Lanes.N) + 1);
                srcWidth = 1 + rng.nextInt(2 * Lanes.N / (Lanes.N / dstWidth));
            } else {
                dstWidth = 1 + rng.nextInt(3 * Lanes.N);
                srcWidth = 1 + rng.nextInt(3 * Lanes.N);
            }
            final int count = rng.nextInt(Math.min(dstWidth, srcWidth) + 1);
            final int dstColumn = rng.nextInt(dstWidth - count + 1);
            final int srcColumn = rng.nextInt(srcWidth - count + 1);
            final int rows = 1 + rng.nextInt(70);
            final int from = rng.nextInt(rows);
            final int to = from + rng.nextInt(rows - from + 1);
            // sources exactly as long as their rows (the last loads masked at the array's end) or longer
            final float[] src = random(rng, rows * srcWidth + (rng.nextBoolean() ? 0 : rng.nextInt(2 * Lanes.N)));
            final float[] dst = random(rng, rows * dstWidth + (rng.nextBoolean() ? 0 : rng.nextInt(3)));
            for (int k = rng.nextInt(4) == 0 ? 1 + rng.nextInt(4) : 0; k > 0; k--) {
                src[rng.nextInt(src.length)] = SPECIAL[rng.nextInt(SPECIAL.length)];
            }
            final float[] ds = dst.clone();
            final float[] dv = dst.clone();
            SCALAR.addColumns(src, srcWidth, srcColumn, ds, dstWidth, dstColumn, count, from, to);
            simd.addColumns(src, srcWidth, srcColumn, dv, dstWidth, dstColumn, count, from, to);
            sameBitsButNanPayloads(
                    ds,
                    dv,
                    "columns [" + srcColumn + "+" + count + ") of " + srcWidth + " onto " + dstColumn + " of "
                            + dstWidth + ", rows [" + from + "," + to + ")");
        }
    }

    @Test
    void maxRunsAgreesBitForBitOnRandomPixelsAndWidths() {
        final SplittableRandom rng = new SplittableRandom(53);
        for (int trial = 0; trial < 300; trial++) {
            final int n = 1 + rng.nextInt(3 * Lanes.N + 2);
            final int terms = 1 + rng.nextInt(9);
            final int pixels = rng.nextInt(6);
            final int base = rng.nextInt(5);
            final int srcPixels = 1 + rng.nextInt(8);
            final float[] src = new float[base + srcPixels * n + rng.nextInt(3)];
            for (int i = 0; i < src.length; i++) {
                // ties, signed zeros and NaNs: the winner is the first maximum, whatever the lanes do
                src[i] = switch (rng.nextInt(8)) {
                    case 0 -> SPECIAL[rng.nextInt(SPECIAL.length)];
                    case 1, 2 -> rng.nextInt(3) - 1.0f;
                    default -> (float) rng.nextGaussian();
                };
            }
            final int atFrom = rng.nextInt(3);
            final int[] at = new int[atFrom + terms * pixels + rng.nextInt(3)];
            for (int k = 0; k < at.length; k++) {
                at[k] = rng.nextInt(srcPixels) * n + (rng.nextInt(4) == 0 ? rng.nextInt(src.length - base - n + 1) : 0);
                at[k] = Math.min(at[k], src.length - base - n);
            }
            final int dstAt = rng.nextInt(4);
            final float[] ds = random(rng, dstAt + pixels * n + rng.nextInt(3));
            final float[] dv = ds.clone();
            final int[] ws = new int[ds.length];
            final int[] wv = new int[ds.length];
            SCALAR.maxRuns(src, base, RunTable.of(at), atFrom, terms, ds, ws, dstAt, n, pixels);
            simd.maxRuns(src, base, RunTable.of(at), atFrom, terms, dv, wv, dstAt, n, pixels);
            final String what = "n " + n + ", terms " + terms + ", pixels " + pixels;
            assertArrayEquals(ws, wv, what);
            for (int k = 0; k < ds.length; k++) {
                assertEquals(Float.floatToRawIntBits(ds[k]), Float.floatToRawIntBits(dv[k]), what + ", value " + k);
            }
        }
    }

    @Test
    void reluGradientAgreesBitForBitOnRandomRanges() {
        final SplittableRandom rng = new SplittableRandom(55);
        for (int trial = 0; trial < 300; trial++) {
            final int length = 1 + rng.nextInt(5 * Lanes.N);
            final int from = rng.nextInt(length);
            final int to = from + rng.nextInt(length - from + 1);
            final float[] in = random(rng, length);
            final float[] dOut = random(rng, length);
            for (int k = rng.nextInt(4); k > 0; k--) {
                in[rng.nextInt(length)] = SPECIAL[rng.nextInt(SPECIAL.length)];
                dOut[rng.nextInt(length)] = SPECIAL[rng.nextInt(SPECIAL.length)];
            }
            final float[] ds = random(rng, length);
            final float[] dv = ds.clone();
            SCALAR.reluGradient(in, dOut, ds, from, to);
            simd.reluGradient(in, dOut, dv, from, to);
            for (int k = 0; k < length; k++) {
                assertEquals(
                        Float.floatToRawIntBits(ds[k]),
                        Float.floatToRawIntBits(dv[k]),
                        "length " + length + " [" + from + "," + to + ") value " + k);
            }
        }
    }

    @Test
    void copyRunsAgreesBitForBitOnRandomRunsAndWidths() {
        final SplittableRandom rng = new SplittableRandom(49);
        for (int trial = 0; trial < 300; trial++) {
            final int n = rng.nextInt(3 * Lanes.N + 3);
            final int runs = rng.nextInt(12);
            final int base = rng.nextInt(5);
            final float[] src = random(rng, base + 10 * (n + 1) + rng.nextInt(3));
            final int atFrom = rng.nextInt(3);
            final int[] at = new int[atFrom + runs + rng.nextInt(3)];
            for (int k = 0; k < at.length; k++) {
                at[k] = rng.nextInt(4) == 0 ? -1 : rng.nextInt(10 * (n + 1) - n + 1);
            }
            final int dstAt = rng.nextInt(5);
            final float[] start = random(rng, dstAt + n * runs + rng.nextInt(3));
            final float[] ds = start.clone();
            final float[] dv = start.clone();
            SCALAR.copyRuns(src, base, RunTable.of(at), atFrom, runs, ds, dstAt, n);
            simd.copyRuns(src, base, RunTable.of(at), atFrom, runs, dv, dstAt, n);
            for (int k = 0; k < start.length; k++) {
                float expected = start[k];
                if (k >= dstAt && k < dstAt + n * runs) {
                    final int from = at[atFrom + (k - dstAt) / n];
                    expected = from < 0 ? 0.0f : src[base + from + (k - dstAt) % n];
                }
                final String what = "n " + n + ", " + runs + " runs, value " + k;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(ds[k]), "scalar, " + what);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dv[k]), "simd, " + what);
            }
        }
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> simd.copyRuns(new float[8], 0, RunTable.of(6), 0, 1, new float[4], 0, 4));
    }

    /**
     * A table of padding only checks nothing against the source, which may then be shorter than a run (or empty): the
     * runs are zeros, and no kernel may load a vector from it (the one-vector loop's masked runs once did, and threw).
     */
    @Test
    void paddingRunsOfAShortSourceAreZeros() {
        final SplittableRandom rng = new SplittableRandom(57);
        for (final int n : new int[] {4, 7, Lanes.N - 1, Lanes.N, Lanes.N + 3, 2 * Lanes.N + 1}) {
            for (final int length : new int[] {0, n - 1}) {
                for (final int runs : new int[] {1, 2, 5}) {
                    final float[] src = random(rng, length);
                    final int[] at = new int[runs];
                    Arrays.fill(at, -1);
                    final float[] start = random(rng, n * runs + 2);
                    final float[] ds = start.clone();
                    final float[] dv = start.clone();
                    SCALAR.copyRuns(src, 0, RunTable.of(at), 0, runs, ds, 1, n);
                    simd.copyRuns(src, 0, RunTable.of(at), 0, runs, dv, 1, n);
                    for (int k = 0; k < start.length; k++) {
                        final float expected = k >= 1 && k < 1 + n * runs ? 0.0f : start[k];
                        final String what = "n " + n + ", source of " + length + ", " + runs + " runs, value " + k;
                        assertEquals(
                                Float.floatToRawIntBits(expected), Float.floatToRawIntBits(ds[k]), "scalar, " + what);
                        assertEquals(
                                Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dv[k]), "simd, " + what);
                    }
                }
            }
        }
    }

    /**
     * Single-channel runs (conv1's im2col) have their own loop: long runs, a sample at offset 0 whose padding entries
     * (-1) would point before the array, -0 pixels, and the values past the runs left alone.
     */
    @Test
    void singleChannelRunsAgreeBitForBit() {
        final SplittableRandom rng = new SplittableRandom(53);
        final int n = Lanes.N;
        for (final int runs : new int[] {n - 1, n, n + 1, 3 * n + 5, 576}) {
            for (final int base : new int[] {0, 3}) {
                final float[] src = random(rng, base + 100);
                src[base] = -0.0f;
                final int atFrom = rng.nextInt(3);
                final int[] at = new int[atFrom + runs + rng.nextInt(3)];
                for (int k = 0; k < at.length; k++) {
                    at[k] = k == atFrom || rng.nextInt(4) == 0 ? -1 : rng.nextInt(100);
                }
                at[atFrom + runs - 1] = 0;
                final int dstAt = rng.nextInt(5);
                final float[] start = random(rng, dstAt + runs + 2);
                final float[] ds = start.clone();
                final float[] dv = start.clone();
                SCALAR.copyRuns(src, base, RunTable.of(at), atFrom, runs, ds, dstAt, 1);
                simd.copyRuns(src, base, RunTable.of(at), atFrom, runs, dv, dstAt, 1);
                for (int k = 0; k < start.length; k++) {
                    float expected = start[k];
                    if (k >= dstAt && k < dstAt + runs) {
                        final int from = at[atFrom + k - dstAt];
                        expected = from < 0 ? 0.0f : src[base + from];
                    }
                    final String what = runs + " runs from base " + base + ", value " + k;
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(ds[k]), "scalar, " + what);
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dv[k]), "simd, " + what);
                }
            }
        }
    }

    @Test
    void sumRunsAgreesBitForBitOnRandomTermsAndWidths() {
        final SplittableRandom rng = new SplittableRandom(48);
        for (int trial = 0; trial < 300; trial++) {
            final int n = rng.nextInt(3 * Lanes.N + 3);
            final int terms = rng.nextInt(10);
            final int base = rng.nextInt(5);
            final float[] src = random(rng, base + 10 * (n + 1) + rng.nextInt(3));
            final int pixels = rng.nextInt(4);
            final int atFrom = rng.nextInt(3);
            final int[] at = new int[atFrom + terms * pixels + rng.nextInt(3)];
            for (int t = 0; t < at.length; t++) {
                at[t] = rng.nextInt(4) == 0 ? -1 : rng.nextInt(10 * (n + 1) - n + 1);
            }
            final int dstAt = rng.nextInt(5);
            final float[] start = random(rng, dstAt + n * pixels + rng.nextInt(3));
            final float[] ds = start.clone();
            final float[] dv = start.clone();
            SCALAR.sumRuns(src, base, RunTable.of(at), atFrom, terms, ds, dstAt, n, pixels);
            simd.sumRuns(src, base, RunTable.of(at), atFrom, terms, dv, dstAt, n, pixels);
            for (int k = 0; k < start.length; k++) {
                float expected = start[k];
                if (k >= dstAt && k < dstAt + n * pixels) {
                    final int first = atFrom + (k - dstAt) / Math.max(1, n) * terms;
                    expected = 0.0f;
                    for (int t = first; t < first + terms; t++) {
                        if (at[t] >= 0) {
                            expected += src[base + at[t] + (k - dstAt) % n];
                        }
                    }
                }
                final String what = "n " + n + ", " + terms + " terms, " + pixels + " pixels, value " + k;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(ds[k]), "scalar, " + what);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dv[k]), "simd, " + what);
            }
        }
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> simd.sumRuns(new float[8], 0, RunTable.of(6), 0, 1, new float[4], 0, 4, 1));
    }
}
