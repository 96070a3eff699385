package dev.xbar.core.kernel;

import java.util.Objects;

/**
 * The three dense products of a software weight layer, W stored [inputs x outputs] row-major and activations [rows x
 * width] row-major, and the two steps that turn activations into a crossbar's row voltages: per-row scaling to the
 * read voltage and the differential-pair drive, and the pixel copies and sums of im2col and col2im. Each call covers one range of rows, so a caller can split a mini-batch into fixed row slices and
 * run them on any number of threads: the rows of a range never depend on other ranges, and a weight gradient is
 * written per range for the caller to reduce in range order.
 *
 * <p>Summation order (contract shared by every implementation): every output element sums its terms in ascending index
 * order with one {@code Math.fma} per term, starting from +0; so a result depends only on the operands and the range
 * boundaries, never on the thread count or the vector width. Implementations may skip terms whose activation is
 * exactly zero (the result then differs at most in the sign of a zero, or where a weight is not finite).
 *
 * <p>A final front like {@link CrossbarKernels}: each call checks its arrays once and calls one implementation
 * ({@link MatrixKernelSupport}, chosen once per JVM with the chip kernels' provider), which does arithmetic only and
 * allocates nothing per call (a per-thread scratch buffer may grow on first use). Arrays need no slack past the values
 * a call uses.
 */
public final class MatrixKernels {
    private final MatrixKernelSupport impl;
    private final int tailRoom;

    MatrixKernels(final KernelProvider provider) {
        this.impl = Objects.requireNonNull(provider.createMatrixKernels(), "matrix kernels");
        this.tailRoom = provider.tailRoom();
    }

    /**
     * A zeroed buffer for n activations that kernels of this JVM's implementation read or write (layer inputs and
     * outputs, patches, VMM currents), with the room past its end that the implementation asks for ({@link
     * KernelProvider#tailRoom()}): the padding is the kernels' rule, not the caller's.
     *
     * @param n values
     * @return the buffer, at least n long
     */
    public float[] buffer(final int n) {
        return new float[n + tailRoom];
    }

    /**
     * Whether a buffer from {@link #buffer} still fits n values with the room the kernels want.
     *
     * @param buffer the buffer
     * @param n values
     * @return true if it can be reused for n values
     */
    public boolean fits(final float[] buffer, final int n) {
        return buffer.length >= n + tailRoom;
    }

    /**
     * The implementation's name, as {@code -Dxbar.kernels} names it.
     *
     * @return e.g. "scalar" or "simd"
     */
    public String name() {
        return impl.name();
    }

    @Override
    public String toString() {
        return "MatrixKernels[" + impl + "]";
    }

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
    public void multiply(
            final float[] x,
            final int inputs,
            final float[] w,
            final int outputs,
            final float[] y,
            final int from,
            final int to) {
        checkCall(
                x,
                inputs,
                w,
                (long) inputs * outputs,
                y,
                (long) from * outputs,
                (long) (to - from) * outputs,
                from,
                to);
        impl.multiply(x, inputs, w, outputs, y, from, to);
    }

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
    public void multiplyTransposed(
            final float[] dy,
            final int outputs,
            final float[] w,
            final int inputs,
            final float[] dx,
            final int from,
            final int to) {
        checkCall(
                dy,
                outputs,
                w,
                (long) inputs * outputs,
                dx,
                (long) from * inputs,
                (long) (to - from) * inputs,
                from,
                to);
        impl.multiplyTransposed(dy, outputs, w, inputs, dx, from, to);
    }

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
    public void weightGradient(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final float[] grad,
            final int at) {
        checkCall(x, inputs, dy, (long) to * outputs, grad, at, (long) inputs * outputs, from, to);
        impl.weightGradient(x, inputs, dy, outputs, from, to, grad, at);
    }

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
    public void scaleRows(
            final float[] x, final int inputs, final float volts, final float[] scales, final int from, final int to) {
        checkCall(x, inputs, scales, 0, scales, from, to - from, from, to);
        impl.scaleRows(x, inputs, volts, scales, from, to);
    }

    /**
     * Undoes {@link #scaleRows} on an analog product's outputs and turns currents into weights: y[r, j] *= gain /
     * (scales[r] unit) for rows r in [from, to), the factor rounded once per row in that order (a multiply, then a
     * divide) and every output multiplied by it, so every implementation gives the same bits.
     *
     * @param y outputs, [rows x width]; rows [from, to) are scaled in place
     * @param width width of y
     * @param scales the rows' input scales, as {@link #scaleRows} wrote them
     * @param unit the conductance one unit of weight reads as (per unit of input voltage)
     * @param gain a digital gain on every output (1: none)
     * @param from first row
     * @param to one past the last row
     */
    public void unscaleRows(
            final float[] y,
            final int width,
            final float[] scales,
            final float unit,
            final float gain,
            final int from,
            final int to) {
        checkCall(y, width, scales, to, y, (long) from * width, (long) (to - from) * width, from, to);
        impl.unscaleRows(y, width, scales, unit, gain, from, to);
    }

    /**
     * Adds a run of one matrix's columns onto a run of another's, row by row: dst[r, dstColumn + k] += src[r, srcColumn
     * + k] for k in [0, count) and rows r in [from, to); an analog layer sums its tiles' column currents onto its
     * outputs this way (copies of a weight read on several columns, tiles of a folded block). One addition per value,
     * so every implementation gives the same bits.
     *
     * @param src the source, [rows x srcWidth]
     * @param srcWidth its width
     * @param srcColumn the run's first source column
     * @param dst the destination, [rows x dstWidth]; rows [from, to) of the run's columns are added to
     * @param dstWidth its width
     * @param dstColumn the run's first destination column
     * @param count columns in the run
     * @param from first row
     * @param to one past the last row
     */
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
        if (count < 0
                || srcColumn < 0
                || dstColumn < 0
                || srcColumn + count > srcWidth
                || dstColumn + count > dstWidth) {
            throw new IllegalArgumentException("columns [" + srcColumn + ", " + (srcColumn + count) + ") of "
                    + srcWidth + " onto [" + dstColumn + ", " + (dstColumn + count) + ") of " + dstWidth
                    + " must lie inside both widths");
        }
        checkCall(
                src,
                srcWidth,
                dst,
                (long) to * dstWidth,
                dst,
                (long) from * dstWidth,
                (long) (to - from) * dstWidth,
                from,
                to);
        impl.addColumns(src, srcWidth, srcColumn, dst, dstWidth, dstColumn, count, from, to);
    }

    /**
     * dst[dstAt + k n + c] = src[srcBase + at[atFrom + k] + c], or +0 where that entry is below 0, for k in [0, runs)
     * and c in [0, n): the pixels of im2col patches, each run one input pixel's channels (or the zero padding).
     *
     * @param src the image
     * @param srcBase offset of the sample in src
     * @param at per run, the pixel's offset from srcBase, or -1 for padding (the whole table is checked against src)
     * @param atFrom first run in at
     * @param runs runs
     * @param dst the patches
     * @param dstAt first value written
     * @param n values per run (channels)
     */
    public void copyRuns(
            final float[] src,
            final int srcBase,
            final RunTable at,
            final int atFrom,
            final int runs,
            final float[] dst,
            final int dstAt,
            final int n) {
        Objects.checkFromIndexSize(atFrom, runs, at.length());
        Objects.checkFromIndexSize(dstAt, (long) runs * n, dst.length);
        checkRuns(src, srcBase, at, n, true);
        impl.copyRuns(src, srcBase, at.at, atFrom, runs, dst, dstAt, n);
    }

    /**
     * For each of {@code pixels} pixels q: dst[dstAt + q n + c] = +0 + the sum over t ascending of src[srcBase +
     * at[atFrom + q terms + t] + c], skipping entries below 0, for c in [0, n): pixels of a col2im, each the sum of
     * the patch gradients at the kernel positions that cover it. Written as a gather (one store per pixel, no run added over the one before it: adding overlapping runs
     * in place stalls on store forwarding), and one float add per term in t order, so every implementation gives the
     * same sums, and the same as adding the runs one by one in that order.
     *
     * @param src the patch gradients
     * @param srcBase offset of the sample's first patch in src
     * @param at per pixel and term, the term's offset from srcBase, or -1 for a kernel position outside the output
     *     (the whole table is checked against src)
     * @param atFrom the first pixel's first term in at
     * @param terms terms per pixel
     * @param dst the image gradient
     * @param dstAt first value of the first pixel in dst
     * @param n values per pixel (channels)
     * @param pixels pixels, consecutive in dst
     */
    public void sumRuns(
            final float[] src,
            final int srcBase,
            final RunTable at,
            final int atFrom,
            final int terms,
            final float[] dst,
            final int dstAt,
            final int n,
            final int pixels) {
        Objects.checkFromIndexSize(atFrom, (long) terms * pixels, at.length());
        Objects.checkFromIndexSize(dstAt, (long) n * pixels, dst.length);
        checkRuns(src, srcBase, at, n, true);
        impl.sumRuns(src, srcBase, at.at, atFrom, terms, dst, dstAt, n, pixels);
    }

    /**
     * The col2im of {@link #multiplyTransposed} without its patch gradients written out: for samples b in [from, to)
     * and each of their pixels q, dst[(b P + q) n + c] = +0 + the sum over terms t ascending with r = rows[q terms +
     * t] at least 0 of (+0 + the sum over j ascending of dy[(b R + r) outputs + j] w[(elements[q terms + t] + c)
     * outputs + j], one fused multiply-add each), for c in [0, n) (P pixels and R patch rows per sample). Bit for bit
     * {@link #multiplyTransposed} into the patch gradients followed by {@link #sumRuns} over them (same sums, same
     * order), without writing and reading back a patch matrix (conv2 of the paper CNN: 1.5 MB per mini-batch).
     *
     * @param dy output errors, [samples x patchesPerSample x outputs]
     * @param outputs width of dy and w
     * @param w weights, [inputs x outputs]
     * @param inputs rows of w: the patch size
     * @param rows per pixel and term of a sample, the patch row (within the sample) that covers the pixel, or below 0
     *     where none does
     * @param elements per pixel and term, the patch element of the pixel's first value in that row (its n values
     *     follow)
     * @param terms terms per pixel
     * @param patchesPerSample patch rows per sample (R)
     * @param pixelsPerSample pixels per sample (P); rows and elements hold P x terms entries
     * @param dst the image gradient, [samples x pixelsPerSample x n]; samples [from, to) are overwritten
     * @param n values (channels) per pixel
     * @param from first sample
     * @param to one past the last sample
     */
    public void sumProductRuns(
            final float[] dy,
            final int outputs,
            final float[] w,
            final int inputs,
            final RunTable rows,
            final RunTable elements,
            final int terms,
            final int patchesPerSample,
            final int pixelsPerSample,
            final float[] dst,
            final int n,
            final int from,
            final int to) {
        if (outputs < 0 || inputs < 0 || terms < 0 || n < 0 || patchesPerSample < 0 || pixelsPerSample < 0) {
            throw new IllegalArgumentException("outputs " + outputs + ", inputs " + inputs + ", terms " + terms
                    + ", n " + n + ", patch rows " + patchesPerSample + " and pixels " + pixelsPerSample
                    + " must be non-negative");
        }
        if (rows.length() != (long) pixelsPerSample * terms || elements.length() != rows.length()) {
            throw new IllegalArgumentException("rows (" + rows.length() + ") and elements (" + elements.length()
                    + ") must hold pixels x terms = " + (long) pixelsPerSample * terms + " entries");
        }
        if (rows.max >= patchesPerSample || elements.min < 0) {
            throw new IndexOutOfBoundsException("rows must be below " + patchesPerSample + " (largest " + rows.max
                    + ") and elements at least 0 (smallest " + elements.min + ")");
        }
        Objects.checkFromToIndex(0, (long) elements.max + n, inputs);
        checkCall(
                dy,
                outputs,
                w,
                (long) inputs * outputs,
                dst,
                (long) from * pixelsPerSample * n,
                (long) (to - from) * pixelsPerSample * n,
                from * patchesPerSample,
                to * patchesPerSample);
        impl.sumProductRuns(
                dy,
                outputs,
                w,
                inputs,
                rows.at,
                elements.at,
                terms,
                patchesPerSample,
                pixelsPerSample,
                dst,
                n,
                from,
                to);
    }

    /**
     * For each of {@code pixels} pixels q: dst[dstAt + q n + c] = the first maximum over t ascending of src[srcBase +
     * at[atFrom + q terms + t] + c] (a later term wins only where it is greater, so a NaN never wins and a leading NaN
     * stays), and winners[dstAt + q n + c] = its index in src, for c in [0, n): max-pooling, each term one input
     * pixel's channels. Comparisons only, so every implementation gives the same values and winners.
     *
     * @param src the image
     * @param srcBase offset of the sample in src
     * @param at per pixel and term, the term's offset from srcBase, at least 0 (the whole table is checked)
     * @param atFrom the first pixel's first term in at
     * @param terms terms per pixel, at least 1
     * @param dst the pooled image
     * @param winners per value of dst, the index in src of its maximum
     * @param dstAt first value of the first pixel in dst and winners
     * @param n values per pixel (channels)
     * @param pixels pixels, consecutive in dst
     */
    public void maxRuns(
            final float[] src,
            final int srcBase,
            final RunTable at,
            final int atFrom,
            final int terms,
            final float[] dst,
            final int[] winners,
            final int dstAt,
            final int n,
            final int pixels) {
        if (terms < 1) {
            throw new IllegalArgumentException("maxRuns: terms = " + terms + " must be at least 1");
        }
        Objects.checkFromIndexSize(atFrom, (long) terms * pixels, at.length());
        Objects.checkFromIndexSize(dstAt, (long) n * pixels, dst.length);
        Objects.checkFromIndexSize(dstAt, (long) n * pixels, winners.length);
        checkRuns(src, srcBase, at, n, false);
        impl.maxRuns(src, srcBase, at.at, atFrom, terms, dst, winners, dstAt, n, pixels);
    }

    /**
     * dIn[i] = dOut[i] where in[i] &gt; 0, else +0, for i in [from, to): the gradient through a ReLU (taken as 0 at
     * exactly 0, and for a NaN input). A selection of bits, so every implementation gives the same bits.
     *
     * @param in the ReLU's inputs
     * @param dOut the gradient of its outputs
     * @param dIn the gradient of its inputs; values [from, to) are overwritten
     * @param from first value
     * @param to one past the last value
     */
    public void reluGradient(final float[] in, final float[] dOut, final float[] dIn, final int from, final int to) {
        Objects.checkFromToIndex(from, to, in.length);
        Objects.checkFromToIndex(from, to, dOut.length);
        Objects.checkFromToIndex(from, to, dIn.length);
        impl.reluGradient(in, dOut, dIn, from, to);
    }

    /**
     * Every run of n values at srcBase + an entry of the table (entries below 0 skipped, where padding is allowed;
     * refused otherwise) lies inside src: the table's largest entry against src, in constant time ({@link RunTable}).
     */
    private static void checkRuns(
            final float[] src, final int srcBase, final RunTable at, final int n, final boolean padding) {
        if (!padding && at.min < 0) {
            for (int e = 0; e < at.length(); e++) {
                if (at.get(e) < 0) {
                    throw new IllegalArgumentException("at[" + e + "] = " + at.get(e) + " must be at least 0 here");
                }
            }
        }
        if (at.max >= 0) {
            Objects.checkFromIndexSize(srcBase, (long) at.max + n, src.length);
        }
    }

    /**
     * The implementation chosen for this JVM, from the same provider as {@link CrossbarKernels#get()}.
     *
     * @return the kernels
     * @throws IllegalStateException if the forced implementation is not available
     */
    public static MatrixKernels get() {
        return KernelSelection.selectedMatrix();
    }

    /**
     * A named implementation, for tests and benchmarks that compare them.
     *
     * @param name e.g. "scalar"
     * @return the kernels
     * @throws IllegalStateException if it is not registered or not available
     */
    public static MatrixKernels named(final String name) {
        return new MatrixKernels(KernelSelection.provider(name));
    }

    /**
     * Checks the arrays of a call once, at entry, so implementations may index freely.
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
    private static void checkCall(
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
