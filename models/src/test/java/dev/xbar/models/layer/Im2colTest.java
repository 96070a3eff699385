package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Im2colTest {
    @Test
    void samePaddingPadsOddKernelsEvenlyAndEvenKernelsOneMoreAfter() {
        final Im2col three = Im2col.same(new Shape(8, 8, 1), 3, 3);
        assertEquals(1, three.padTop());
        assertEquals(1, three.padBottom());
        final Im2col two = Im2col.same(new Shape(8, 8, 15), 2, 2);
        assertEquals(0, two.padTop());
        assertEquals(1, two.padBottom());
        assertEquals(0, two.padLeft());
        assertEquals(1, two.padRight());
        assertEquals(8, two.outHeight());
        assertEquals(60, two.patchSize());
    }

    @Test
    void im2colConvolutionEqualsDirectConvolution() {
        final Shape in = new Shape(6, 5, 3);
        final int kh = 3;
        final int kw = 2;
        final int outC = 4;
        final Im2col g = new Im2col(in, kh, kw, 1, 2, 0, 1);
        final int batch = 2;
        final float[] x = GradientCheck.randomWeights(batch * in.size(), 31);
        // kernel[o][c][dy][dx], the textbook layout, turned into the documented patch-row order
        final float[][][][] kernel = new float[outC][in.channels()][kh][kw];
        final float[] w = new float[g.patchSize() * outC];
        final float[] draws = GradientCheck.randomWeights(w.length, 32);
        int n = 0;
        for (int o = 0; o < outC; o++) {
            for (int c = 0; c < in.channels(); c++) {
                for (int dy = 0; dy < kh; dy++) {
                    for (int dx = 0; dx < kw; dx++) {
                        kernel[o][c][dy][dx] = draws[n++];
                        w[((dy * kw + dx) * in.channels() + c) * outC + o] = kernel[o][c][dy][dx];
                    }
                }
            }
        }
        final Conv2d conv = new Conv2d(g, new FloatMatrix(g.patchSize(), outC, w));
        final float[] out = new float[batch * conv.outputShape().size()];
        Passes.forward(conv, x, out, batch);
        assertEquals(6 + 1 + 2 - kh + 1, g.outHeight());
        assertEquals(5 + 0 + 1 - kw + 1, g.outWidth());
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    for (int o = 0; o < outC; o++) {
                        double sum = 0;
                        for (int c = 0; c < in.channels(); c++) {
                            for (int dy = 0; dy < kh; dy++) {
                                for (int dx = 0; dx < kw; dx++) {
                                    final int y = oy + dy - 1;
                                    final int xx = ox + dx;
                                    if (y >= 0 && y < in.height() && xx < in.width()) {
                                        sum += kernel[o][c][dy][dx]
                                                * x[((b * in.height() + y) * in.width() + xx) * in.channels() + c];
                                    }
                                }
                            }
                        }
                        final int at = ((b * g.outHeight() + oy) * g.outWidth() + ox) * outC + o;
                        assertEquals(sum, out[at], 1e-5, "output " + at);
                    }
                }
            }
        }
    }

    @Test
    void scatterOverAnyRowSplitEqualsASequentialScatterBitForBit() {
        final Shape in = new Shape(5, 6, 3);
        final int kh = 3;
        final int kw = 2;
        final Im2col g = new Im2col(in, kh, kw, 1, 2, 1, 0);
        final int batch = 3;
        final int rows = batch * g.patchesPerSample();
        final float[] dPatches = GradientCheck.randomWeights(rows * g.patchSize(), 33);
        // the definition: every patch element, in patch order, added onto the pixel it was gathered from
        final float[] expected = new float[batch * in.size()];
        for (int row = 0; row < rows; row++) {
            final int b = row / g.patchesPerSample();
            final int oy = row % g.patchesPerSample() / g.outWidth();
            final int ox = row % g.outWidth();
            for (int dy = 0; dy < kh; dy++) {
                for (int dx = 0; dx < kw; dx++) {
                    for (int c = 0; c < in.channels(); c++) {
                        final int y = oy + dy - 1;
                        final int x = ox + dx - 1;
                        if (y >= 0 && y < in.height() && x >= 0 && x < in.width()) {
                            expected[((b * in.height() + y) * in.width() + x) * in.channels() + c] +=
                                    dPatches[row * g.patchSize() + (dy * kw + dx) * in.channels() + c];
                        }
                    }
                }
            }
        }
        final int inputRows = batch * in.height();
        for (int split = 0; split <= inputRows; split++) {
            final float[] actual = new float[expected.length];
            Arrays.fill(actual, Float.NaN);
            g.scatter(dPatches, actual, split, inputRows);
            g.scatter(dPatches, actual, 0, split);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(
                        Float.floatToIntBits(expected[i]),
                        Float.floatToIntBits(actual[i]),
                        "split " + split + ", value " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    @Test
    void scatterProductEqualsTheTransposedProductScatteredBitForBit() {
        // the geometry's col2im tables (Patches.coveringRows and coveringElements) against its run offsets: odd and
        // even kernels, 'same' and uneven pads, one channel and conv2's 2 x 2 x 15 into 4 outputs (the kernels' fast
        // path), over a sample range that starts inside the batch
        final Im2col[] geometries = {
            new Im2col(new Shape(5, 6, 3), 3, 2, 1, 2, 1, 0),
            Im2col.same(new Shape(8, 8, 1), 3, 3),
            Im2col.same(new Shape(8, 8, 15), 2, 2)
        };
        for (final Im2col g : geometries) {
            final int outputs = g.input().channels() == 15 ? 4 : 5;
            final int batch = 3;
            final int rows = batch * g.patchesPerSample();
            final float[] dy = GradientCheck.randomWeights(rows * outputs, 41);
            final float[] w = GradientCheck.randomWeights(g.patchSize() * outputs, 42);
            final float[] dPatches = new float[rows * g.patchSize()];
            Gemm.multiplyTransposed(dy, outputs, w, g.patchSize(), dPatches, 0, rows);
            final float[] expected = new float[batch * g.input().size()];
            g.scatter(dPatches, batch, expected);
            final float[] actual = new float[expected.length];
            Arrays.fill(actual, Float.NaN);
            g.scatterProduct(dy, outputs, w, actual, 1, batch);
            g.scatterProduct(dy, outputs, w, actual, 0, 1);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(
                        Float.floatToIntBits(expected[i]),
                        Float.floatToIntBits(actual[i]),
                        g.input() + ", value " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    @Test
    void gatherEqualsTheDefinitionForShortAndLongKernelRowsOverAnySplit() {
        // kernel rows of 6 values (copied through the source table) and of 27 (copied as runs)
        final Im2col[] geometries = {
            new Im2col(new Shape(5, 6, 3), 3, 2, 1, 2, 1, 0), new Im2col(new Shape(4, 5, 9), 2, 3, 0, 1, 1, 1)
        };
        for (final Im2col g : geometries) {
            final Shape in = g.input();
            final int batch = 3;
            final int rows = batch * g.patchesPerSample();
            final float[] x = GradientCheck.randomWeights(batch * in.size(), 34);
            final float[] expected = new float[rows * g.patchSize()];
            for (int row = 0; row < rows; row++) {
                final int b = row / g.patchesPerSample();
                final int oy = row % g.patchesPerSample() / g.outWidth();
                final int ox = row % g.outWidth();
                for (int dy = 0; dy < g.kernelHeight(); dy++) {
                    for (int dx = 0; dx < g.kernelWidth(); dx++) {
                        for (int c = 0; c < in.channels(); c++) {
                            final int y = oy + dy - g.padTop();
                            final int xx = ox + dx - g.padLeft();
                            final boolean inside = y >= 0 && y < in.height() && xx >= 0 && xx < in.width();
                            expected[row * g.patchSize() + (dy * g.kernelWidth() + dx) * in.channels() + c] =
                                    inside ? x[((b * in.height() + y) * in.width() + xx) * in.channels() + c] : 0.0f;
                        }
                    }
                }
            }
            // the same rows as the chip kernels read them in place
            final float[] row = new float[g.patchSize()];
            for (int r = 0; r < rows; r++) {
                g.patches().row(x, r, row, 0);
                assertArrayEquals(
                        Arrays.copyOfRange(expected, r * g.patchSize(), (r + 1) * g.patchSize()),
                        row,
                        "Patches.row " + r);
            }
            for (int split = 0; split <= rows; split += 7) {
                final float[] actual = new float[expected.length];
                Arrays.fill(actual, Float.NaN);
                g.gather(x, actual, split, rows);
                g.gather(x, actual, 0, split);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(
                            expected[i],
                            actual[i],
                            "kernel row of " + g.kernelWidth() * in.channels() + ", split " + split + ", value " + i);
                }
            }
        }
    }
}
