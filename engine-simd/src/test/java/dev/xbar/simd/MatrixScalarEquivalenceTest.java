package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.kernel.MatrixKernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vector API matrix kernels against the scalar reference on random shapes (widths 1 to 70, the CNN's 4, 8, 9, 10,
 * 15, 60 and 64 among them, ranges of up to 300 rows starting anywhere) and on the CNN's own products over a full
 * slice. Both sum every output in the contract's order, so they agree to the last bit except where the scalar code
 * skips a zero activation (a zero's sign); the tolerance of 2^-22 of the magnitude sum sum |a b| only absorbs that and
 * would still catch any lost, doubled or misplaced term.
 */
class MatrixScalarEquivalenceTest {
    private static final MatrixKernels SCALAR = MatrixKernels.named("scalar");
    private static MatrixKernels simd;

    /** (inputs, outputs) of the CNN's and MLP's products, forward and backward. */
    private static final int[][] LAYER_SHAPES = {
        {9, 15}, {60, 4}, {64, 10}, {15, 9}, {4, 60}, {10, 64}, {64, 54}, {54, 10}
    };

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
        SCALAR.multiply(x, inputs, w, outputs, ys, from, to);
        simd.multiply(x, inputs, w, outputs, yv, from, to);
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
        SCALAR.multiplyTransposed(dy, outputs, w, inputs, dxs, from, to);
        simd.multiplyTransposed(dy, outputs, w, inputs, dxv, from, to);
        for (int r = from; r < to; r++) {
            for (int i = 0; i < inputs; i++) {
                double mag = 0;
                for (int j = 0; j < outputs; j++) {
                    mag += Math.abs((double) dy[r * outputs + j] * w[i * outputs + j]);
                }
                assertEquals(dxs[r * inputs + i], dxv[r * inputs + i], 0x1.0p-22 * mag, shape + " dx " + r + "," + i);
            }
        }
        final float[] gs = new float[inputs * outputs];
        final float[] gv = new float[inputs * outputs];
        SCALAR.weightGradient(x, inputs, dy, outputs, from, to, gs, 0);
        simd.weightGradient(x, inputs, dy, outputs, from, to, gv, 0);
        for (int i = 0; i < inputs; i++) {
            for (int j = 0; j < outputs; j++) {
                double mag = 0;
                for (int r = from; r < to; r++) {
                    mag += Math.abs((double) x[r * inputs + i] * dy[r * outputs + j]);
                }
                assertEquals(gs[i * outputs + j], gv[i * outputs + j], 0x1.0p-22 * mag, shape + " grad " + i + "," + j);
            }
        }
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

    @Test
    void theNetworksProductsAgreeOnFullSlicesAndTails() {
        final SplittableRandom rng = new SplittableRandom(7);
        for (final int[] shape : LAYER_SHAPES) {
            compare(rng, 6400, 6272, 6400, shape[0], shape[1]);
            compare(rng, 300, 0, 128, shape[0], shape[1]);
            compare(rng, 131, 128, 131, shape[0], shape[1]);
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
            SCALAR.copyRuns(src, base, at, atFrom, runs, ds, dstAt, n);
            simd.copyRuns(src, base, at, atFrom, runs, dv, dstAt, n);
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
                () -> simd.copyRuns(new float[8], 0, new int[] {6}, 0, 1, new float[4], 0, 4));
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
            SCALAR.sumRuns(src, base, at, atFrom, terms, ds, dstAt, n, pixels);
            simd.sumRuns(src, base, at, atFrom, terms, dv, dstAt, n, pixels);
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
                () -> simd.sumRuns(new float[8], 0, new int[] {6}, 0, 1, new float[4], 0, 4, 1));
    }
}
