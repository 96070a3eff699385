package dev.xbar.core.kernel;

import java.util.Objects;

/**
 * The three dense products of a software weight layer, W stored [inputs x outputs] row-major and activations [rows x
 * width] row-major, and the two steps that turn activations into a crossbar's row voltages: per-row scaling to the
 * read voltage and the differential-pair drive. Each call covers one range of rows, so a caller can split a mini-batch into fixed row slices and
 * run them on any number of threads: the rows of a range never depend on other ranges, and a weight gradient is
 * written per range for the caller to reduce in range order.
 *
 * <p>Summation order (contract shared by every implementation): every output element sums its terms in ascending index
 * order with one {@code Math.fma} per term, starting from +0; so a result depends only on the operands and the range
 * boundaries, never on the thread count or the vector width. Implementations may skip terms whose activation is
 * exactly zero (the result then differs at most in the sign of a zero, or where a weight is not finite).
 *
 * <p>Implementations check bounds at entry and allocate nothing per call (a per-thread scratch buffer may grow on first
 * use). Chosen once per JVM with the {@link CrossbarKernels} provider ({@link KernelProvider#createMatrixKernels()}).
 */
public interface MatrixKernels {
    /**
     * The implementation's name, as {@code -Dxbar.kernels} names it.
     *
     * @return e.g. "scalar" or "simd"
     */
    String name();

    /**
     * y[r, j] = sum_i x[r, i] w[i, j] for rows r in [from, to), i ascending.
     *
     * @param x inputs, [rows x inputs]
     * @param inputs width of x, rows of w
     * @param w weights, [inputs x outputs]
     * @param outputs width of w and y
     * @param y outputs, [rows x outputs]; rows [from, to) are overwritten
     * @param from first row
     * @param to one past the last row
     */
    void multiply(float[] x, int inputs, float[] w, int outputs, float[] y, int from, int to);

    /**
     * dx[r, i] = sum_j dy[r, j] w[i, j] for rows r in [from, to), j ascending: the error sent back through the layer.
     *
     * @param dy output errors, [rows x outputs]
     * @param outputs width of dy and w
     * @param w weights, [inputs x outputs]
     * @param inputs rows of w, width of dx
     * @param dx input errors, [rows x inputs]; rows [from, to) are overwritten
     * @param from first row
     * @param to one past the last row
     */
    void multiplyTransposed(float[] dy, int outputs, float[] w, int inputs, float[] dx, int from, int to);

    /**
     * grad[at + i * outputs + j] = sum_r x[r, i] dy[r, j] over rows r in [from, to), r ascending: one range's share
     * of the weight gradient.
     *
     * @param x inputs, [rows x inputs]
     * @param inputs width of x
     * @param dy output errors, [rows x outputs]
     * @param outputs width of dy
     * @param from first row
     * @param to one past the last row
     * @param grad output; [inputs x outputs] values from {@code at} are overwritten
     * @param at offset of the range's gradient in {@code grad}
     */
    void weightGradient(float[] x, int inputs, float[] dy, int outputs, int from, int to, float[] grad, int at);

    /**
     * Per-row input scaling to the read voltage: scales[r] = volts / max_i |x[r, i]| for rows r in [from, to), or 1 for
     * a row of zeros. The maximum is exact in any order, so every implementation gives the same bits.
     *
     * @param x activations, [rows x inputs]
     * @param inputs width of x
     * @param volts the voltage the largest input is scaled to
     * @param scales output; values [from, to) are overwritten
     * @param from first row
     * @param to one past the last row
     */
    void scaleRows(float[] x, int inputs, float volts, float[] scales, int from, int to);

    /**
     * The implementation chosen for this JVM, from the same provider as {@link CrossbarKernels#get()}.
     *
     * @return the kernels
     * @throws IllegalStateException if the forced implementation is not available
     */
    static MatrixKernels get() {
        return KernelSelection.selectedMatrix();
    }

    /**
     * A named implementation, for tests and benchmarks that compare them.
     *
     * @param name e.g. "scalar"
     * @return the kernels
     * @throws IllegalStateException if it is not registered or not available
     */
    static MatrixKernels named(final String name) {
        return KernelSelection.provider(name).createMatrixKernels();
    }

    /**
     * Checks the arrays of a call once, at entry, so kernels may index freely.
     *
     * @param a left operand, [rows x aWidth]
     * @param aWidth its width
     * @param b right operand, [rows x bWidth] or [aWidth x bWidth]
     * @param bLength the values of b the call reads
     * @param out the output
     * @param outFrom first output value written
     * @param outLength output values written
     * @param from first row
     * @param to one past the last row
     */
    static void checkCall(
            final float[] a,
            final int aWidth,
            final float[] b,
            final long bLength,
            final float[] out,
            final long outFrom,
            final long outLength,
            final int from,
            final int to) {
        if (aWidth < 0 || from < 0 || to < from) {
            throw new IllegalArgumentException(
                    "width " + aWidth + " and row range [" + from + ", " + to + ") must be non-negative and ordered");
        }
        Objects.checkFromToIndex(0, (long) to * aWidth, a.length);
        Objects.checkFromToIndex(0, bLength, b.length);
        Objects.checkFromIndexSize(outFrom, outLength, out.length);
    }
}
