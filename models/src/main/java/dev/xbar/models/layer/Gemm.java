package dev.xbar.models.layer;

import dev.xbar.core.kernel.MatrixKernels;
import java.util.Arrays;

/**
 * The three matrix products of a weight layer, with W stored [inputs x outputs] row-major and activations [rows x
 * width] row-major, run over the fixed row slices of {@link Parallel} by the {@link MatrixKernels} chosen once per JVM
 * (Vector API ones when engine-simd is present). Each output element is summed in one fixed order (the kernels'
 * contract), and the weight gradient is reduced over the fixed slices in slice order, so results do not depend on the
 * thread count.
 */
final class Gemm {
    /** Chosen once: a static final field keeps the call sites monomorphic. */
    private static final MatrixKernels KERNELS = MatrixKernels.get();

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

    /** y[r, j] = sum_i x[r, i] w[i, j] for rows [0, rows). */
    static void multiply(
            final Parallel parallel,
            final float[] x,
            final int rows,
            final int inputs,
            final float[] w,
            final int outputs,
            final float[] y) {
        parallel.run(rows, (slice, from, to) -> KERNELS.multiply(x, inputs, w, outputs, y, from, to));
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
        parallel.run(rows, (slice, from, to) -> KERNELS.multiplyTransposed(dy, outputs, w, inputs, dx, from, to));
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
        parallel.run(
                rows,
                (slice, from, to) -> KERNELS.weightGradient(x, inputs, dy, outputs, from, to, part, slice * size));
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
