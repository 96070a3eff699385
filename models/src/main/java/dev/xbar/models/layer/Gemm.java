package dev.xbar.models.layer;

import dev.xbar.core.kernel.MatrixKernels;
import java.util.Arrays;

/**
 * The three matrix products of a weight layer, with W stored [inputs x outputs] row-major and activations [rows x
 * width] row-major, by the {@link MatrixKernels} chosen once per JVM (Vector API ones when engine-simd is present). The
 * forward and input-gradient products run over the row range a sample range owns; each output element is summed in one
 * fixed order (the kernels' contract). The weight gradient, a sum over all rows, is taken in fixed row slices and
 * reduced in slice order, so results do not depend on the thread count.
 */
final class Gemm {
    /** Chosen once: a static final field keeps the call sites monomorphic. */
    private static final MatrixKernels KERNELS = MatrixKernels.get();

    /** Rows per weight-gradient slice. */
    static final int GRADIENT_SLICE_ROWS = 128;

    private Gemm() {}

    /**
     * A buffer for n activations the kernels read or write, with the room past its end their implementation wants
     * ({@link MatrixKernels#buffer}).
     *
     * @param n values
     * @return the buffer
     */
    static float[] buffer(final int n) {
        return KERNELS.buffer(n);
    }

    /**
     * The buffer itself if it still holds n activations with that room, else a new one.
     *
     * @param buffer a buffer from {@link #buffer}
     * @param n values
     * @return a buffer for n values
     */
    static float[] ensure(final float[] buffer, final int n) {
        return KERNELS.fits(buffer, n) ? buffer : KERNELS.buffer(n);
    }

    /**
     * A partials buffer of at least n values: the buffer itself if it is large enough, else a new one.
     *
     * @param buffer the current buffer
     * @param n values
     * @return a buffer of at least n values
     */
    static float[] grow(final float[] buffer, final int n) {
        return buffer.length >= n ? buffer : new float[n];
    }

    /** y[r, j] = sum_i x[r, i] w[i, j] for rows [from, to). */
    static void multiply(
            final float[] x,
            final int inputs,
            final float[] w,
            final int outputs,
            final float[] y,
            final int from,
            final int to) {
        KERNELS.multiply(x, inputs, w, outputs, y, from, to);
    }

    /** dx[r, i] = sum_j dy[r, j] w[i, j] for rows [from, to). */
    static void multiplyTransposed(
            final float[] dy,
            final int outputs,
            final float[] w,
            final int inputs,
            final float[] dx,
            final int from,
            final int to) {
        KERNELS.multiplyTransposed(dy, outputs, w, inputs, dx, from, to);
    }

    /**
     * The weight-gradient slices of a product of {@code rows} rows: fixed slices of {@link #GRADIENT_SLICE_ROWS} rows,
     * whatever the thread count.
     *
     * @param rows rows
     * @return slices
     */
    static int gradientSlices(final int rows) {
        return Parallel.slices(rows, GRADIENT_SLICE_ROWS);
    }

    /**
     * partials[slice] = sum over the slice's rows r of x[r, i] dy[r, j], at {@code slice * inputs * outputs}.
     *
     * @param partials at least {@code gradientSlices(rows) * inputs * outputs} values
     */
    static void gradientSlice(
            final float[] x,
            final float[] dy,
            final int rows,
            final int inputs,
            final int outputs,
            final int slice,
            final float[] partials) {
        final int from = slice * GRADIENT_SLICE_ROWS;
        final int to = Math.min(rows, from + GRADIENT_SLICE_ROWS);
        KERNELS.weightGradient(x, inputs, dy, outputs, from, to, partials, slice * inputs * outputs);
    }

    /**
     * grad = the sum of the slices' partials, in slice order (so the sum does not depend on which thread took which
     * slice).
     *
     * @param partials the partials of {@link #gradientSlice}
     * @param slices slices
     * @param grad the gradient, [size]
     */
    static void reduce(final float[] partials, final int slices, final float[] grad) {
        final int size = grad.length;
        Arrays.fill(grad, 0.0f);
        for (int s = 0; s < slices; s++) {
            final int base = s * size;
            for (int k = 0; k < size; k++) {
                grad[k] += partials[base + k];
            }
        }
    }
}
