package dev.xbar.core.kernel;

import java.util.Arrays;

/**
 * The plain reference of {@link MatrixKernels} ({@link MatrixKernelSupport}): one element at a time, {@code Math.fma} in the contract's order, rows
 * outer and the output's contiguous index innermost. Skips zero activations (ReLU outputs are half zeros).
 */
final class ScalarMatrixKernels implements MatrixKernelSupport {
    /** The one instance (stateless: it serves every thread). */
    static final ScalarMatrixKernels INSTANCE = new ScalarMatrixKernels();

    private ScalarMatrixKernels() {}

    @Override
    public String name() {
        return ScalarKernels.NAME;
    }

    @Override
    public void multiply(
            final float[] x,
            final int inputs,
            final float[] w,
            final int outputs,
            final float[] y,
            final int from,
            final int to) {
        for (int r = from; r < to; r++) {
            final int yr = r * outputs;
            Arrays.fill(y, yr, yr + outputs, 0.0f);
            for (int i = 0; i < inputs; i++) {
                final float xi = x[r * inputs + i];
                if (xi == 0.0f) {
                    continue;
                }
                final int wi = i * outputs;
                for (int j = 0; j < outputs; j++) {
                    y[yr + j] = Math.fma(xi, w[wi + j], y[yr + j]);
                }
            }
        }
    }

    @Override
    public void scaleRows(
            final float[] x, final int inputs, final float volts, final float[] scales, final int from, final int to) {
        for (int r = from; r < to; r++) {
            scales[r] = InputScaling.scale(x, r * inputs, inputs, volts);
        }
    }

    /**
     * The rows are the inner loop: a run has a handful of columns, too few for a loop along them to pay its set-up,
     * while a range has hundreds of rows (measured in the models' loop this was taken from: twice as fast).
     */
    @Override
    public void addColumns(
            final float[] src,
            final int srcWidth,
            final int srcColumn,
            final float[] dst,
            final int dstWidth,
            final int dstColumn,
            final int count,
            final int from,
            final int to) {
        for (int k = 0; k < count; k++) {
            final int o = dstColumn + k;
            final int c = srcColumn + k;
            for (int r = from; r < to; r++) {
                dst[r * dstWidth + o] += src[r * srcWidth + c];
            }
        }
    }

    @Override
    public void unscaleRows(
            final float[] y,
            final int width,
            final float[] scales,
            final float unit,
            final float gain,
            final int from,
            final int to) {
        for (int r = from; r < to; r++) {
            final float factor = gain / (scales[r] * unit);
            for (int j = r * width; j < (r + 1) * width; j++) {
                y[j] *= factor;
            }
        }
    }

    @Override
    public void multiplyTransposed(
            final float[] dy,
            final int outputs,
            final float[] w,
            final int inputs,
            final float[] dx,
            final int from,
            final int to) {
        for (int r = from; r < to; r++) {
            for (int i = 0; i < inputs; i++) {
                float sum = 0.0f;
                for (int j = 0; j < outputs; j++) {
                    sum = Math.fma(dy[r * outputs + j], w[i * outputs + j], sum);
                }
                dx[r * inputs + i] = sum;
            }
        }
    }

    @Override
    public void sumProductRuns(
            final float[] dy,
            final int outputs,
            final float[] w,
            final int inputs,
            final int[] rows,
            final int[] elements,
            final int terms,
            final int patchesPerSample,
            final int pixelsPerSample,
            final float[] dst,
            final int n,
            final int from,
            final int to) {
        for (int b = from; b < to; b++) {
            for (int q = 0; q < pixelsPerSample; q++) {
                for (int c = 0; c < n; c++) {
                    float sum = 0.0f;
                    for (int t = q * terms; t < (q + 1) * terms; t++) {
                        if (rows[t] >= 0) {
                            final int r = b * patchesPerSample + rows[t];
                            final int i = elements[t] + c;
                            float patch = 0.0f;
                            for (int j = 0; j < outputs; j++) {
                                patch = Math.fma(dy[r * outputs + j], w[i * outputs + j], patch);
                            }
                            sum += patch;
                        }
                    }
                    dst[(b * pixelsPerSample + q) * n + c] = sum;
                }
            }
        }
    }

    @Override
    public void weightGradient(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final float[] grad,
            final int at) {
        Arrays.fill(grad, at, at + inputs * outputs, 0.0f);
        for (int r = from; r < to; r++) {
            for (int i = 0; i < inputs; i++) {
                final float xi = x[r * inputs + i];
                if (xi == 0.0f) {
                    continue;
                }
                final int gi = at + i * outputs;
                for (int j = 0; j < outputs; j++) {
                    grad[gi + j] = Math.fma(xi, dy[r * outputs + j], grad[gi + j]);
                }
            }
        }
    }

    @Override
    public void copyRuns(
            final float[] src,
            final int srcBase,
            final int[] at,
            final int atFrom,
            final int runs,
            final float[] dst,
            final int dstAt,
            final int n) {
        for (int k = 0; k < runs; k++) {
            final int from = at[atFrom + k];
            for (int c = 0; c < n; c++) {
                dst[dstAt + k * n + c] = from < 0 ? 0.0f : src[srcBase + from + c];
            }
        }
    }

    @Override
    public void sumRuns(
            final float[] src,
            final int srcBase,
            final int[] at,
            final int atFrom,
            final int terms,
            final float[] dst,
            final int dstAt,
            final int n,
            final int pixels) {
        for (int q = 0; q < pixels; q++) {
            final int first = atFrom + q * terms;
            for (int c = 0; c < n; c++) {
                float sum = 0.0f;
                for (int t = first; t < first + terms; t++) {
                    if (at[t] >= 0) {
                        sum += src[srcBase + at[t] + c];
                    }
                }
                dst[dstAt + q * n + c] = sum;
            }
        }
    }

    @Override
    public void maxRuns(
            final float[] src,
            final int srcBase,
            final int[] at,
            final int atFrom,
            final int terms,
            final float[] dst,
            final int[] winners,
            final int dstAt,
            final int n,
            final int pixels) {
        for (int q = 0; q < pixels; q++) {
            final int first = atFrom + q * terms;
            for (int c = 0; c < n; c++) {
                int best = srcBase + at[first] + c;
                for (int t = first + 1; t < first + terms; t++) {
                    final int i = srcBase + at[t] + c;
                    if (src[i] > src[best]) {
                        best = i;
                    }
                }
                dst[dstAt + q * n + c] = src[best];
                winners[dstAt + q * n + c] = best;
            }
        }
    }

    @Override
    public void reluGradient(final float[] in, final float[] dOut, final float[] dIn, final int from, final int to) {
        // half the inputs are positive at random, so a branch would mispredict half the time: the bits are selected
        // with an integer mask instead (a conditional move), which gives dOut[i] or +0 exactly as the branch would
        for (int i = from; i < to; i++) {
            final int keep = in[i] > 0.0f ? -1 : 0;
            dIn[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dOut[i]) & keep);
        }
    }
}
