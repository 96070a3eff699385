package dev.xbar.models;

import java.util.Arrays;

/**
 * The three matrix products of a weight layer, with W stored [inputs x outputs] row-major and activations [rows x
 * width] row-major. Each output element is summed in one fixed order, and the weight gradient is reduced over fixed
 * row slices in slice order (see {@link Parallel}), so results do not depend on the thread count.
 */
final class Gemm {
    private Gemm() {}

    /** y[r, j] = sum_i x[r, i] w[i, j] for rows [0, rows). */
    static void multiply(
            final Parallel parallel,
            final float[] x,
            final int rows,
            final int inputs,
            final float[] w,
            final int outputs,
            final float[] y) {
        parallel.run(rows, (slice, from, to) -> {
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
        });
    }

    /** dx[r, i] = sum_j dy[r, j] w[i, j] for rows [0, rows). */
    static void multiplyTransposed(
            final Parallel parallel,
            final float[] dy,
            final int rows,
            final int outputs,
            final float[] w,
            final int inputs,
            final float[] dx) {
        parallel.run(rows, (slice, from, to) -> {
            for (int r = from; r < to; r++) {
                for (int i = 0; i < inputs; i++) {
                    float sum = 0.0f;
                    for (int j = 0; j < outputs; j++) {
                        sum = Math.fma(dy[r * outputs + j], w[i * outputs + j], sum);
                    }
                    dx[r * inputs + i] = sum;
                }
            }
        });
    }

    /**
     * grad[i, j] = sum_r x[r, i] dy[r, j], summed per slice into {@code partials} and then over slices in order.
     *
     * @return the partials buffer, grown if it was too small
     */
    static float[] weightGradient(
            final Parallel parallel,
            final float[] x,
            final float[] dy,
            final int rows,
            final int inputs,
            final int outputs,
            final float[] grad,
            final float[] partials) {
        final int size = inputs * outputs;
        final int slices = Parallel.slices(rows);
        final float[] part = partials.length >= slices * size ? partials : new float[slices * size];
        parallel.run(rows, (slice, from, to) -> {
            final int base = slice * size;
            Arrays.fill(part, base, base + size, 0.0f);
            for (int r = from; r < to; r++) {
                for (int i = 0; i < inputs; i++) {
                    final float xi = x[r * inputs + i];
                    if (xi == 0.0f) {
                        continue;
                    }
                    final int gi = base + i * outputs;
                    for (int j = 0; j < outputs; j++) {
                        part[gi + j] = Math.fma(xi, dy[r * outputs + j], part[gi + j]);
                    }
                }
            }
        });
        Arrays.fill(grad, 0, size, 0.0f);
        for (int s = 0; s < slices; s++) {
            final int base = s * size;
            for (int k = 0; k < size; k++) {
                grad[k] += part[base + k];
            }
        }
        return part;
    }
}
