package dev.xbar.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@link MatrixKernels} contract, for any implementation: each product against a direct double-precision sum on
 * awkward shapes (widths 1 to 67, around 8 and 16 lanes, the CNN's 4, 9, 10, 15, 60 and 64), row ranges that start
 * and end inside the arrays, arrays sized exactly (so a vector load at the end must stay inside) and with slack, and
 * values outside the written region left untouched. Float sums of n terms in any order lie within n * 2^-24 of the
 * magnitude sum sum |a b| of the exact value, so the tolerance is 4 * (n + 1) * 2^-24 * sum |a b|.
 */
public abstract class MatrixKernelsContract {
    /** Widths around the 8- and 16-float lane counts and the CNN's layer widths. */
    static final int[] WIDTHS = {1, 2, 3, 4, 7, 8, 9, 10, 15, 16, 17, 31, 33, 60, 64, 67};

    private static final float GUARD = 12345.0f;

    /**
     * The implementation under test.
     *
     * @return the kernels
     */
    protected abstract MatrixKernels kernels();

    private static float[] random(final SplittableRandom rng, final int n, final int slack) {
        final float[] a = new float[n + slack];
        for (int i = 0; i < a.length; i++) {
            // a quarter exact zeros, as after a ReLU
            a[i] = rng.nextInt(4) == 0 ? 0.0f : (float) rng.nextDouble(-2.0, 2.0);
        }
        return a;
    }

    private static void assertClose(
            final double exact, final double magnitude, final int terms, final float actual, final String what) {
        assertEquals(exact, actual, 4.0 * (terms + 1) * 0x1.0p-24 * magnitude + 1e-30, what);
    }

    @Test
    void multiplyMatchesTheDirectSum() {
        final SplittableRandom rng = new SplittableRandom(11);
        for (final int inputs : WIDTHS) {
            for (final int outputs : WIDTHS) {
                final int rows = 1 + rng.nextInt(9);
                final int from = rng.nextInt(rows);
                final int to = from + 1 + rng.nextInt(rows - from);
                final int slack = rng.nextInt(2) * 5;
                final float[] x = random(rng, rows * inputs, slack);
                final float[] w = random(rng, inputs * outputs, slack);
                final float[] y = new float[rows * outputs + slack];
                Arrays.fill(y, GUARD);
                kernels().multiply(x, inputs, w, outputs, y, from, to);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < outputs; j++) {
                        final String what =
                                inputs + "x" + outputs + " rows [" + from + "," + to + ") y[" + r + "," + j + "]";
                        if (r < from || r >= to) {
                            assertEquals(GUARD, y[r * outputs + j], what + " untouched");
                            continue;
                        }
                        double exact = 0;
                        double magnitude = 0;
                        for (int i = 0; i < inputs; i++) {
                            exact += (double) x[r * inputs + i] * w[i * outputs + j];
                            magnitude += Math.abs((double) x[r * inputs + i] * w[i * outputs + j]);
                        }
                        assertClose(exact, magnitude, inputs, y[r * outputs + j], what);
                    }
                }
                for (int k = rows * outputs; k < y.length; k++) {
                    assertEquals(GUARD, y[k], "slack untouched");
                }
            }
        }
    }

    @Test
    void multiplyTransposedMatchesTheDirectSum() {
        final SplittableRandom rng = new SplittableRandom(12);
        for (final int inputs : WIDTHS) {
            for (final int outputs : WIDTHS) {
                final int rows = 1 + rng.nextInt(9);
                final int from = rng.nextInt(rows);
                final int to = from + 1 + rng.nextInt(rows - from);
                final int slack = rng.nextInt(2) * 5;
                final float[] dy = random(rng, rows * outputs, slack);
                final float[] w = random(rng, inputs * outputs, slack);
                final float[] dx = new float[rows * inputs + slack];
                Arrays.fill(dx, GUARD);
                kernels().multiplyTransposed(dy, outputs, w, inputs, dx, from, to);
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < inputs; i++) {
                        final String what =
                                inputs + "x" + outputs + " rows [" + from + "," + to + ") dx[" + r + "," + i + "]";
                        if (r < from || r >= to) {
                            assertEquals(GUARD, dx[r * inputs + i], what + " untouched");
                            continue;
                        }
                        double exact = 0;
                        double magnitude = 0;
                        for (int j = 0; j < outputs; j++) {
                            exact += (double) dy[r * outputs + j] * w[i * outputs + j];
                            magnitude += Math.abs((double) dy[r * outputs + j] * w[i * outputs + j]);
                        }
                        assertClose(exact, magnitude, outputs, dx[r * inputs + i], what);
                    }
                }
                for (int k = rows * inputs; k < dx.length; k++) {
                    assertEquals(GUARD, dx[k], "slack untouched");
                }
            }
        }
    }

    @Test
    void weightGradientMatchesTheDirectSum() {
        final SplittableRandom rng = new SplittableRandom(13);
        for (final int inputs : WIDTHS) {
            for (final int outputs : WIDTHS) {
                final int rows = 1 + rng.nextInt(140);
                final int from = rng.nextInt(rows);
                final int to = from + 1 + rng.nextInt(rows - from);
                final int slack = rng.nextInt(2) * 5;
                final float[] x = random(rng, rows * inputs, slack);
                final float[] dy = random(rng, rows * outputs, slack);
                final int at = rng.nextInt(3) * 7;
                final float[] grad = new float[at + inputs * outputs + slack];
                Arrays.fill(grad, GUARD);
                kernels().weightGradient(x, inputs, dy, outputs, from, to, grad, at);
                for (int k = 0; k < grad.length; k++) {
                    if (k < at || k >= at + inputs * outputs) {
                        assertEquals(GUARD, grad[k], "outside the gradient untouched");
                    }
                }
                for (int i = 0; i < inputs; i++) {
                    for (int j = 0; j < outputs; j++) {
                        double exact = 0;
                        double magnitude = 0;
                        for (int r = from; r < to; r++) {
                            exact += (double) x[r * inputs + i] * dy[r * outputs + j];
                            magnitude += Math.abs((double) x[r * inputs + i] * dy[r * outputs + j]);
                        }
                        assertClose(
                                exact,
                                magnitude,
                                to - from,
                                grad[at + i * outputs + j],
                                inputs + "x" + outputs + " rows [" + from + "," + to + ") grad[" + i + "," + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void emptyRangesWriteNothingButTheZeroGradient() {
        final float[] x = {1, 2, 3, 4};
        final float[] w = {1, 2, 3, 4};
        final float[] y = {GUARD, GUARD, GUARD, GUARD};
        kernels().multiply(x, 2, w, 2, y, 1, 1);
        kernels().multiplyTransposed(x, 2, w, 2, y, 2, 2);
        assertEquals(GUARD, y[0] + y[1] + y[2] + y[3] - 3 * GUARD);
        final float[] grad = {GUARD, GUARD, GUARD, GUARD};
        kernels().weightGradient(x, 2, w, 2, 1, 1, grad, 0);
        assertEquals(0.0f, Math.abs(grad[0]) + Math.abs(grad[1]) + Math.abs(grad[2]) + Math.abs(grad[3]));
    }

    @Test
    void shortArraysAreRefusedBeforeAnyWork() {
        final float[] x = new float[6];
        final float[] w = new float[6];
        final float[] y = new float[3];
        assertThrows(IndexOutOfBoundsException.class, () -> kernels().multiply(x, 3, w, 2, y, 0, 2));
        assertThrows(
                IndexOutOfBoundsException.class, () -> kernels().weightGradient(x, 3, w, 2, 0, 4, new float[6], 0));
    }

    @Test
    void aRunOutsideTheSourceIsRefusedBeforeAnyWork() {
        final float[] src = new float[10];
        final float[] dst = {GUARD, GUARD, GUARD, GUARD, GUARD, GUARD};
        // runs of 2 from offset 4: entry 4 reaches src[9], entry 5 would read src[10]
        final RunTable fits = RunTable.of(-1, 0, 4);
        final RunTable past = RunTable.of(-1, 0, 5);
        kernels().copyRuns(src, 4, fits, 0, 3, dst, 0, 2);
        kernels().sumRuns(src, 4, fits, 0, 3, dst, 0, 2, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> kernels().copyRuns(src, 4, past, 0, 3, dst, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> kernels().sumRuns(src, 4, past, 0, 3, dst, 0, 2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> kernels().copyRuns(src, -1, fits, 1, 1, dst, 0, 2));
        final float[] untouched = {GUARD, GUARD};
        assertThrows(IndexOutOfBoundsException.class, () -> kernels().copyRuns(src, 4, past, 2, 1, untouched, 0, 2));
        assertEquals(GUARD, untouched[0], "nothing written before the refusal");
        // the table is checked whole, in constant time: an entry past the source is refused even outside the call's
        // runs
        assertThrows(IndexOutOfBoundsException.class, () -> kernels().copyRuns(src, 4, past, 0, 2, untouched, 0, 2));
        // and it is the table's own copy that is checked and read
        final int[] entries = {0, 4};
        final RunTable copied = RunTable.of(entries);
        entries[1] = 1_000;
        kernels().copyRuns(src, 4, copied, 0, 2, dst, 0, 2);
    }

    /**
     * Random col2im tables of a sample: per pixel and term a patch row (or -1) and an element, with elements the same
     * for every pixel's term t when {@code uniform} (a stride-1 convolution's), else random.
     */
    private static RunTable[] productTables(
            final SplittableRandom rng,
            final int pixels,
            final int terms,
            final int patchRows,
            final int maxElement,
            final boolean uniform) {
        final int[] rows = new int[pixels * terms];
        final int[] elements = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = patchRows == 0 || rng.nextInt(5) == 0 ? -1 : rng.nextInt(patchRows);
            elements[k] = uniform && k >= terms ? elements[k % terms] : rng.nextInt(maxElement + 1);
        }
        return new RunTable[] {RunTable.of(rows), RunTable.of(elements)};
    }

    @Test
    void sumProductRunsIsTheTransposedProductSummedByRunsBitForBit() {
        // the fused kernel against its two steps on this implementation, which the other tests hold to the reference:
        // shapes around the lane counts, 2 x 2 kernels into 4 outputs (conv2's) with elements the same for every
        // pixel or not, and a sample range that starts inside the batch
        final SplittableRandom rng = new SplittableRandom(29);
        for (int trial = 0; trial < 400; trial++) {
            final boolean conv2 = trial % 2 == 0;
            final int terms = conv2 ? 4 : rng.nextInt(10);
            final int outputs = conv2 ? 4 : 1 + rng.nextInt(9);
            final int n = conv2 ? 1 + rng.nextInt(18) : 1 + rng.nextInt(40);
            final int inputs = n + rng.nextInt(3 * n + 5);
            final int patchRows = rng.nextInt(7);
            final int pixels = rng.nextInt(6);
            final int samples = 1 + rng.nextInt(4);
            final int from = rng.nextInt(samples);
            final int to = from + rng.nextInt(samples - from + 1);
            final RunTable[] tables = productTables(rng, pixels, terms, patchRows, inputs - n, rng.nextBoolean());
            final float[] dy = random(rng, samples * patchRows * outputs, rng.nextInt(2) * 3);
            final float[] w = random(rng, inputs * outputs, rng.nextInt(2) * 3);
            final float[] fused = new float[samples * pixels * n + rng.nextInt(2) * 7];
            Arrays.fill(fused, GUARD);
            kernels()
                    .sumProductRuns(
                            dy, outputs, w, inputs, tables[0], tables[1], terms, patchRows, pixels, fused, n, from, to);
            final float[] patches = new float[samples * patchRows * inputs];
            kernels().multiplyTransposed(dy, outputs, w, inputs, patches, from * patchRows, to * patchRows);
            final int[] at = new int[tables[0].length()];
            for (int k = 0; k < at.length; k++) {
                at[k] = tables[0].get(k) < 0 ? -1 : tables[0].get(k) * inputs + tables[1].get(k);
            }
            final float[] twoSteps = new float[fused.length];
            Arrays.fill(twoSteps, GUARD);
            for (int b = from; b < to; b++) {
                kernels()
                        .sumRuns(
                                patches,
                                b * patchRows * inputs,
                                RunTable.of(at),
                                0,
                                terms,
                                twoSteps,
                                b * pixels * n,
                                n,
                                pixels);
            }
            for (int k = 0; k < fused.length; k++) {
                assertEquals(
                        Float.floatToRawIntBits(twoSteps[k]),
                        Float.floatToRawIntBits(fused[k]),
                        "trial " + trial + ": " + terms + " terms, " + outputs + " outputs, n " + n + ", inputs "
                                + inputs + ", samples [" + from + ", " + to + "), value " + k);
            }
        }
    }

    @Test
    void sumProductRunsRefusesTablesOutsideItsArraysBeforeAnyWork() {
        final float[] dy = new float[2 * 3 * 4];
        final float[] w = new float[10 * 4];
        final float[] dst = new float[2 * 2 * 5];
        final RunTable rows = RunTable.of(0, 2, -1, 1);
        final RunTable elements = RunTable.of(0, 5, 5, 0);
        kernels().sumProductRuns(dy, 4, w, 10, rows, elements, 2, 3, 2, dst, 5, 0, 2);
        Arrays.fill(dst, GUARD);
        // a row past the sample's 3 patch rows, an element whose 5 values pass the 10 inputs, a table of the wrong
        // length, a destination too short for the samples
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> kernels()
                        .sumProductRuns(dy, 4, w, 10, RunTable.of(0, 3, -1, 1), elements, 2, 3, 2, dst, 5, 0, 2));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> kernels().sumProductRuns(dy, 4, w, 10, rows, RunTable.of(0, 6, 5, 0), 2, 3, 2, dst, 5, 0, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> kernels().sumProductRuns(dy, 4, w, 10, rows, RunTable.of(0, 5, 5), 2, 3, 2, dst, 5, 0, 2));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> kernels().sumProductRuns(dy, 4, w, 10, rows, elements, 2, 3, 2, new float[19], 5, 0, 2));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> kernels().sumProductRuns(new float[23], 4, w, 10, rows, elements, 2, 3, 2, dst, 5, 0, 2));
        for (final float v : dst) {
            assertEquals(GUARD, v, "nothing written before a refusal");
        }
    }

    @Test
    void scaleRowsScalesTheLargestMagnitudeToTheVoltage() {
        final SplittableRandom rng = new SplittableRandom(46);
        for (final int inputs : WIDTHS) {
            final int rows = 6;
            final float[] x = random(rng, rows * inputs, 0);
            Arrays.fill(x, 2 * inputs, 3 * inputs, 0.0f);
            x[4 * inputs + inputs - 1] = -3.5f;
            final float[] scales = new float[rows + 1];
            Arrays.fill(scales, GUARD);
            kernels().scaleRows(x, inputs, 0.2f, scales, 1, rows);
            assertEquals(GUARD, scales[0], "row 0 is outside the range");
            assertEquals(GUARD, scales[rows], "past the range");
            for (int r = 1; r < rows; r++) {
                float max = 0.0f;
                for (int i = 0; i < inputs; i++) {
                    max = Math.max(max, Math.abs(x[r * inputs + i]));
                }
                final float expected = r == 2 ? 1.0f : 0.2f / max;
                assertEquals(expected, scales[r], "inputs " + inputs + ", row " + r);
            }
            assertEquals(0.2f / 3.5f, scales[4], "the last input of a row counts, negative too");
        }
    }

    @Test
    void unscaleRowsMultipliesEachRowOfTheRangeByGainOverItsScaledUnit() {
        final SplittableRandom rng = new SplittableRandom(49);
        for (final int width : WIDTHS) {
            final int rows = 7;
            final float[] y = random(rng, rows * width, 0);
            final float[] before = y.clone();
            final float[] scales = new float[rows];
            for (int r = 0; r < rows; r++) {
                scales[r] = 0.05f + (float) rng.nextDouble();
            }
            kernels().unscaleRows(y, width, scales, 200.0f, 1.25f, 2, 6);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < width; j++) {
                    final int k = r * width + j;
                    final float expected = r < 2 || r >= 6 ? before[k] : before[k] * (1.25f / (scales[r] * 200.0f));
                    assertEquals(expected, y[k], "width " + width + ", row " + r + ", output " + j);
                }
            }
        }
        final float[] y = {1, 2, 3, 4, 5, 6};
        assertThrows(IndexOutOfBoundsException.class, () -> kernels().unscaleRows(y, 3, new float[1], 1, 1, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> kernels().unscaleRows(y, 3, new float[3], 1, 1, 1, 3));
        assertEquals(1.0f, y[0], "nothing written before the refusal");
    }

    @Test
    void addColumnsAddsTheRunOfEachRowOfTheRangeAndNothingElse() {
        final SplittableRandom rng = new SplittableRandom(50);
        for (final int dstWidth : WIDTHS) {
            for (final int srcWidth : new int[] {dstWidth, 2 * dstWidth, dstWidth + 3}) {
                final int rows = 9;
                final int count = 1 + rng.nextInt(dstWidth);
                final int dstColumn = rng.nextInt(dstWidth - count + 1);
                final int srcColumn = rng.nextInt(srcWidth - count + 1);
                final float[] src = random(rng, rows * srcWidth, 0);
                final float[] dst = random(rng, rows * dstWidth, 0);
                final float[] before = dst.clone();
                kernels().addColumns(src, srcWidth, srcColumn, dst, dstWidth, dstColumn, count, 2, 7);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < dstWidth; j++) {
                        final int k = r * dstWidth + j;
                        final boolean added = r >= 2 && r < 7 && j >= dstColumn && j < dstColumn + count;
                        final float expected =
                                added ? before[k] + src[r * srcWidth + srcColumn + j - dstColumn] : before[k];
                        assertEquals(expected, dst[k], srcWidth + " onto " + dstWidth + ", row " + r + ", column " + j);
                    }
                }
            }
        }
        final float[] dst = {1, 2, 3, 4, 5, 6};
        assertThrows(
                IllegalArgumentException.class, () -> kernels().addColumns(new float[8], 4, 2, dst, 3, 0, 3, 0, 2));
        assertThrows(
                IllegalArgumentException.class, () -> kernels().addColumns(new float[8], 4, 0, dst, 3, 1, 3, 0, 2));
        assertThrows(
                IndexOutOfBoundsException.class, () -> kernels().addColumns(new float[7], 4, 0, dst, 3, 0, 3, 0, 2));
        assertThrows(
                IndexOutOfBoundsException.class, () -> kernels().addColumns(new float[12], 4, 0, dst, 3, 0, 3, 0, 3));
        assertEquals(1.0f, dst[0], "nothing written before the refusal");
    }

    @Test
    void maxRunsTakesEachChannelsFirstMaximumAndItsIndex() {
        final SplittableRandom rng = new SplittableRandom(48);
        for (final int n : WIDTHS) {
            final int terms = 1 + rng.nextInt(5);
            final int pixels = 1 + rng.nextInt(4);
            final int base = rng.nextInt(3);
            final int srcPixels = 6;
            // few distinct values, so that ties are common: the first of equal maxima wins
            final float[] src = new float[base + srcPixels * n];
            for (int i = 0; i < src.length; i++) {
                src[i] = rng.nextInt(3) - 1.0f;
            }
            final int[] at = new int[1 + terms * pixels];
            for (int k = 1; k < at.length; k++) {
                at[k] = rng.nextInt(srcPixels) * n;
            }
            final float[] dst = new float[2 + pixels * n];
            final int[] winners = new int[dst.length];
            Arrays.fill(dst, GUARD);
            Arrays.fill(winners, -7);
            kernels().maxRuns(src, base, RunTable.of(at), 1, terms, dst, winners, 1, n, pixels);
            assertEquals(GUARD, dst[0], "before the range");
            assertEquals(GUARD, dst[dst.length - 1], "past the range");
            assertEquals(-7, winners[0]);
            for (int q = 0; q < pixels; q++) {
                for (int c = 0; c < n; c++) {
                    int best = base + at[1 + q * terms] + c;
                    for (int t = 1; t < terms; t++) {
                        final int i = base + at[1 + q * terms + t] + c;
                        if (src[i] > src[best]) {
                            best = i;
                        }
                    }
                    final String what = "n " + n + ", terms " + terms + ", pixel " + q + ", channel " + c;
                    assertEquals(best, winners[1 + q * n + c], what);
                    assertEquals(src[best], dst[1 + q * n + c], what);
                }
            }
        }
    }

    @Test
    void maxRunsKeepsALeadingNanAndNeverPicksALaterOne() {
        final float[] src = {Float.NaN, 1.0f, 2.0f, Float.NaN};
        final RunTable at = RunTable.of(0, 1, 2, 3);
        final float[] dst = new float[2];
        final int[] winners = new int[2];
        kernels().maxRuns(src, 0, at, 0, 2, dst, winners, 0, 1, 2);
        assertEquals(0, winners[0], "a NaN first stays: no value is greater than it");
        assertEquals(2, winners[1], "a NaN later never wins");
        assertEquals(2.0f, dst[1]);
        assertThrows(
                IllegalArgumentException.class,
                () -> kernels().maxRuns(src, 0, RunTable.of(0, -1), 0, 2, dst, winners, 0, 1, 1));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> kernels().maxRuns(src, 0, RunTable.of(0, 3), 0, 2, dst, winners, 0, 2, 1));
    }

    @Test
    void reluGradientPassesThePositiveInputsGradientAndZeroElsewhere() {
        final SplittableRandom rng = new SplittableRandom(50);
        for (final int n : WIDTHS) {
            final float[] in = random(rng, n + 4, 0);
            in[rng.nextInt(in.length)] = -0.0f;
            in[rng.nextInt(in.length)] = Float.NaN;
            final float[] dOut = random(rng, n + 4, 0);
            dOut[rng.nextInt(dOut.length)] = -0.0f;
            final float[] dIn = new float[n + 4];
            Arrays.fill(dIn, GUARD);
            kernels().reluGradient(in, dOut, dIn, 2, 2 + n);
            for (int i = 0; i < dIn.length; i++) {
                final float expected = i < 2 || i >= 2 + n ? GUARD : in[i] > 0.0f ? dOut[i] : 0.0f;
                assertEquals(
                        Float.floatToRawIntBits(expected),
                        Float.floatToRawIntBits(dIn[i]),
                        "n " + n + ", value " + i + " (input " + in[i] + ")");
            }
        }
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> kernels().reluGradient(new float[3], new float[4], new float[4], 0, 4));
    }
}
