package dev.xbar.core.kernel;

/**
 * The service-provider side of {@link MatrixKernels}: arithmetic only, on arguments the front has already checked.
 * Each method is the operation of the same name on the front, whose Javadoc is the contract (summation order, zero
 * skipping). Implementations: {@code ScalarMatrixKernels} here and the Vector API kernels of engine-simd.
 *
 * <p>Tail rule: arrays may be exactly as long as the contract needs, and an implementation never touches an element
 * outside them (the Vector API kernels finish a row with masked loads and stores, see {@link CrossbarKernelSupport}).
 * Callers never pad.
 */
public interface MatrixKernelSupport {
    /**
     * The scalar reference, for an implementation to hand it the rare cases it does not vectorise (the answer is then
     * the reference's by definition).
     *
     * @return the reference implementation
     */
    static MatrixKernelSupport reference() {
        return ScalarMatrixKernels.INSTANCE;
    }

    /**
     * The implementation's name, as {@code -Dxbar.kernels} names it.
     *
     * @return e.g. "scalar" or "simd"
     */
    String name();

    /**
     * {@link MatrixKernels#multiply} on checked arguments.
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
     * {@link MatrixKernels#multiplyTransposed} on checked arguments.
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
     * {@link MatrixKernels#weightGradient} on checked arguments.
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
     * {@link MatrixKernels#scaleRows} on checked arguments.
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
     * {@link MatrixKernels#unscaleRows} on checked arguments.
     *
     * @param y outputs, [rows x width]; rows [from, to) are scaled in place
     * @param width width of y
     * @param scales the rows' input scales
     * @param unit the conductance one unit of weight reads as
     * @param gain the digital gain on every output
     * @param from first row
     * @param to one past the last row
     */
    void unscaleRows(float[] y, int width, float[] scales, float unit, float gain, int from, int to);

    /**
     * {@link MatrixKernels#addColumns} on checked arguments.
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
    void addColumns(
            float[] src,
            int srcWidth,
            int srcColumn,
            float[] dst,
            int dstWidth,
            int dstColumn,
            int count,
            int from,
            int to);

    /**
     * {@link MatrixKernels#copyRuns} on checked arguments.
     *
     * @param src the image
     * @param srcBase offset of the sample in src
     * @param at per run, the pixel's offset from srcBase, or -1 for padding
     * @param atFrom first run in at
     * @param runs runs
     * @param dst the patches
     * @param dstAt first value written
     * @param n values per run
     */
    void copyRuns(float[] src, int srcBase, int[] at, int atFrom, int runs, float[] dst, int dstAt, int n);

    /**
     * {@link MatrixKernels#sumRuns} on checked arguments.
     *
     * @param src the patch gradients
     * @param srcBase offset of the sample's first patch in src
     * @param at per pixel and term, its offset from srcBase, or -1 to skip
     * @param atFrom the first pixel's first term in at
     * @param terms terms per pixel
     * @param dst the image gradient
     * @param dstAt first value of the first pixel in dst
     * @param n values per pixel
     * @param pixels pixels
     */
    void sumRuns(float[] src, int srcBase, int[] at, int atFrom, int terms, float[] dst, int dstAt, int n, int pixels);

    /**
     * {@link MatrixKernels#sumProductRuns} on checked arguments.
     *
     * @param dy output errors, [samples x patchesPerSample x outputs]
     * @param outputs width of dy and w
     * @param w weights, [inputs x outputs]
     * @param inputs rows of w (the patch size)
     * @param rows per pixel and term of a sample, its patch row in the sample, or -1 to skip
     * @param elements per pixel and term, the first patch element it takes
     * @param terms terms per pixel
     * @param patchesPerSample patch rows per sample
     * @param pixelsPerSample pixels per sample
     * @param dst the image gradient, [samples x pixelsPerSample x n]
     * @param n values per pixel
     * @param from first sample
     * @param to one past the last sample
     */
    void sumProductRuns(
            float[] dy,
            int outputs,
            float[] w,
            int inputs,
            int[] rows,
            int[] elements,
            int terms,
            int patchesPerSample,
            int pixelsPerSample,
            float[] dst,
            int n,
            int from,
            int to);

    /**
     * {@link MatrixKernels#maxRuns} on checked arguments.
     *
     * @param src the image
     * @param srcBase offset of the sample in src
     * @param at per pixel and term, the term's offset from srcBase
     * @param atFrom the first pixel's first term in at
     * @param terms terms per pixel
     * @param dst the pooled image
     * @param winners per value of dst, the index in src of its maximum
     * @param dstAt first value of the first pixel in dst and winners
     * @param n values per pixel
     * @param pixels pixels
     */
    void maxRuns(
            float[] src,
            int srcBase,
            int[] at,
            int atFrom,
            int terms,
            float[] dst,
            int[] winners,
            int dstAt,
            int n,
            int pixels);

    /**
     * {@link MatrixKernels#reluGradient} on checked arguments.
     *
     * @param in the ReLU's inputs
     * @param dOut the gradient of its outputs
     * @param dIn the gradient of its inputs
     * @param from first value
     * @param to one past the last value
     */
    void reluGradient(float[] in, float[] dOut, float[] dIn, int from, int to);
}
