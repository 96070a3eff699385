package dev.xbar.models.layer;

import dev.xbar.core.kernel.MatrixKernels;
import dev.xbar.core.kernel.Patches;
import dev.xbar.core.kernel.RunTable;

/**
 * The dense ("im2col") mapping of a stride-1 convolution: every output pixel's receptive field is unrolled into one
 * patch vector, which the crossbar multiplies as one input vector (paper-spec.md 3.2).
 *
 * <p>Patch order (also the order of a conv block's chip row pairs): element {@code (dy * kernelWidth + dx) * channels
 * + c} holds input channel c at kernel offset (dy, dx), i.e. channel fastest, then kernel column, then kernel row.
 * Patches of a mini-batch form a [batch * outHeight * outWidth x patchSize] matrix, row {@code (b * outHeight + oy)
 * * outWidth + ox}; multiplying it by the [patchSize x outChannels] weights gives the HWC output directly. Padding is
 * zeros, given separately before and after in each direction ('same' for an even kernel pads one more after).
 *
 * <p>Both directions go through tables built once, per pixel rather than per value: a patch's pixels are copied as
 * runs of their channels ({@link MatrixKernels#copyRuns}), and an input pixel's gradient is summed from the patch
 * pixels that cover it ({@link MatrixKernels#sumRuns}).
 */
public final class Im2col {
    /** Copies and sums the pixels; chosen once, a static final keeps the calls monomorphic. */
    private static final MatrixKernels KERNELS = MatrixKernels.get();

    private final Shape input;

    /**
     * Per patch position and kernel position (dy, dx), in patch order: the offset in its sample of the input pixel
     * there, or -1 for padding.
     */
    private final RunTable source;

    /**
     * Per input pixel of a sample, kernelHeight x kernelWidth entries: the offsets in the sample's patch gradients of
     * the kernel positions that cover the pixel, in the order a scatter over the patches would add them (kernel row
     * descending, then patch column ascending), -1 where a kernel position falls outside the output.
     */
    private final RunTable covering;

    /** {@link #covering} as the patch row within the sample (-1 where none covers) and the patch element. */
    private final RunTable coveringRows;

    private final RunTable coveringElements;

    /** The geometry, as a chip kernel reads the patch rows in place ({@link #patches()}); it checks the arguments. */
    private final Patches patches;

    /**
     * A geometry.
     *
     * @param input the input image shape
     * @param kernelHeight kernel rows
     * @param kernelWidth kernel columns
     * @param padTop zero rows before
     * @param padBottom zero rows after
     * @param padLeft zero columns before
     * @param padRight zero columns after
     * @throws IllegalArgumentException if the kernel or a pad is negative or the kernel exceeds the padded input
     */
    public Im2col(
            final Shape input,
            final int kernelHeight,
            final int kernelWidth,
            final int padTop,
            final int padBottom,
            final int padLeft,
            final int padRight) {
        this.patches = new Patches(
                input.height(),
                input.width(),
                input.channels(),
                kernelHeight,
                kernelWidth,
                padTop,
                padBottom,
                padLeft,
                padRight);
        this.input = input;
        this.source = patches.sources();
        this.coveringRows = patches.coveringRows();
        this.coveringElements = patches.coveringElements();
        this.covering = patches.coveringOffsets();
    }

    /**
     * The patch rows described for a kernel that reads them where they lie in the image ({@link
     * dev.xbar.core.kernel.CrossbarKernels#vmmPatches}): row {@code (b * outHeight + oy) * outWidth + ox} as {@link
     * #gather} writes it.
     *
     * @return the description
     */
    public Patches patches() {
        return patches;
    }

    /**
     * The input image shape.
     *
     * @return the shape
     */
    public Shape input() {
        return input;
    }

    /**
     * Kernel rows.
     *
     * @return kernel rows
     */
    public int kernelHeight() {
        return patches.kernelHeight();
    }

    /**
     * Kernel columns.
     *
     * @return kernel columns
     */
    public int kernelWidth() {
        return patches.kernelWidth();
    }

    /**
     * Zero rows before.
     *
     * @return rows
     */
    public int padTop() {
        return patches.padTop();
    }

    /**
     * Zero rows after.
     *
     * @return rows
     */
    public int padBottom() {
        return patches.padBottom();
    }

    /**
     * Zero columns before.
     *
     * @return columns
     */
    public int padLeft() {
        return patches.padLeft();
    }

    /**
     * Zero columns after.
     *
     * @return columns
     */
    public int padRight() {
        return patches.padRight();
    }

    /**
     * 'same' padding: k - 1 zeros in each direction, (k - 1) / 2 of them before (so a 2 x 2 kernel pads 0 before and
     * 1 after, as the paper's conv2; a 3 x 3 kernel pads 1 and 1).
     *
     * @param input the input shape
     * @param kernelHeight kernel rows
     * @param kernelWidth kernel columns
     * @return the geometry
     */
    public static Im2col same(final Shape input, final int kernelHeight, final int kernelWidth) {
        return new Im2col(
                input,
                kernelHeight,
                kernelWidth,
                (kernelHeight - 1) / 2,
                kernelHeight - 1 - (kernelHeight - 1) / 2,
                (kernelWidth - 1) / 2,
                kernelWidth - 1 - (kernelWidth - 1) / 2);
    }

    /**
     * Output rows.
     *
     * @return input height + pads - kernel height + 1
     */
    public int outHeight() {
        return patches.outHeight();
    }

    /**
     * Output columns.
     *
     * @return input width + pads - kernel width + 1
     */
    public int outWidth() {
        return patches.outWidth();
    }

    /**
     * Patches per sample.
     *
     * @return outHeight * outWidth
     */
    public int patchesPerSample() {
        return patches.perSample();
    }

    /**
     * Length of a patch vector.
     *
     * @return kernelHeight * kernelWidth * channels
     */
    public int patchSize() {
        return patches.inputs();
    }

    /**
     * Unrolls the patches of a mini-batch. Within a patch, one kernel row's in-bounds columns are one contiguous run
     * in both the patch and the HWC input, so each kernel row is one short copy plus zeros for the padding.
     *
     * @param in inputs, batch x input.size()
     * @param batch samples
     * @param patches output, [batch * patchesPerSample x patchSize]
     */
    public void gather(final float[] in, final int batch, final float[] patches) {
        gather(in, patches, 0, batch * patchesPerSample());
    }

    /**
     * Unrolls patch rows [from, to) of a mini-batch (row {@code (b * outHeight + oy) * outWidth + ox}), writing only
     * those rows, so row ranges can be filled on different threads.
     *
     * @param in inputs, batch x input.size()
     * @param patches output, [batch * patchesPerSample x patchSize]
     * @param from first patch row
     * @param to one past the last patch row
     */
    public void gather(final float[] in, final float[] patches, final int from, final int to) {
        final int kernel = kernelHeight() * kernelWidth();
        final int perSample = patchesPerSample();
        // one call per sample: its rows share the sample's offset
        for (int row = from; row < to; ) {
            final int b = row / perSample;
            final int end = Math.min(to, (b + 1) * perSample);
            KERNELS.copyRuns(
                    in,
                    b * input.size(),
                    source,
                    (row - b * perSample) * kernel,
                    (end - row) * kernel,
                    patches,
                    row * patchSize(),
                    input.channels());
            row = end;
        }
    }

    /**
     * The adjoint of {@link #gather}: adds every patch element's gradient back onto its input pixel.
     *
     * @param dPatches gradients, [batch * patchesPerSample x patchSize]
     * @param batch samples
     * @param dIn output, batch x input.size(), overwritten
     */
    public void scatter(final float[] dPatches, final int batch, final float[] dIn) {
        scatter(dPatches, dIn, 0, batch * input.height());
    }

    /**
     * The adjoint of {@link #gather} for input rows [from, to) (row {@code b * height + y}), written as a gather so
     * that row ranges can run on different threads: each input pixel sums the kernel positions of the patches that
     * cover it ({@link MatrixKernels#sumRuns}, its channels in the lanes), in ascending patch order (kernel rows
     * descending, then output columns ascending), so every pixel adds its terms in the order of a sequential scatter
     * over the patches, and the sums do not depend on the split.
     *
     * @param dPatches gradients, [batch * patchesPerSample x patchSize]
     * @param dIn output, batch x input.size(); rows [from, to) are overwritten
     * @param from first input row
     * @param to one past the last input row
     */
    public void scatter(final float[] dPatches, final float[] dIn, final int from, final int to) {
        final int channels = input.channels();
        final int width = input.width();
        final int kernel = kernelHeight() * kernelWidth();
        final int sampleSize = patchesPerSample() * patchSize();
        for (int row = from; row < to; row++) {
            final int base = row / input.height() * sampleSize;
            final int pixels = row % input.height() * width;
            // one call per input row: its pixels are consecutive in dIn and in the table
            KERNELS.sumRuns(
                    dPatches, base, covering, pixels * kernel, kernel, dIn, row * width * channels, channels, width);
        }
    }

    /**
     * {@link #scatter} of the patch gradients dPatches = dy w^T ({@link MatrixKernels#multiplyTransposed}) without
     * writing them out, for samples [from, to) ({@link MatrixKernels#sumProductRuns}): the same sums in the same order,
     * so the same bits as the product followed by the scatter.
     *
     * @param dy output errors, [batch * patchesPerSample x outputs]
     * @param outputs output channels: width of dy and w
     * @param w weights, [patchSize x outputs]
     * @param dIn output, batch x input.size(); the samples [from, to) are overwritten
     * @param from first sample
     * @param to one past the last sample
     */
    public void scatterProduct(
            final float[] dy, final int outputs, final float[] w, final float[] dIn, final int from, final int to) {
        KERNELS.sumProductRuns(
                dy,
                outputs,
                w,
                patchSize(),
                coveringRows,
                coveringElements,
                kernelHeight() * kernelWidth(),
                patchesPerSample(),
                input.height() * input.width(),
                dIn,
                input.channels(),
                from,
                to);
    }
}
