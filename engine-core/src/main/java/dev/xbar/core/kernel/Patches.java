package dev.xbar.core.kernel;

/**
 * The rows of a stride-1 convolution's im2col matrix, described rather than written out, for a kernel that reads each
 * value where it lies in the image ({@link CrossbarKernels#vmmPatches}). Samples are HWC images of height x width x
 * channels, one after the other; row {@code (b * outHeight + oy) * outWidth + ox} is the patch of output pixel (oy, ox)
 * of sample b, its element {@code (dy * kernelWidth + dx) * channels + c} the input at row oy + dy - padTop, column ox
 * + dx - padLeft and channel c, or zero in the padding. Writing the rows out costs more than the product of a small
 * convolution's window (the paper CNN's), so a kernel may instead read them through the geometry, with shifted loads.
 *
 * @param height input rows
 * @param width input columns
 * @param channels input channels
 * @param kernelHeight kernel rows
 * @param kernelWidth kernel columns
 * @param padTop zero rows before
 * @param padBottom zero rows after
 * @param padLeft zero columns before
 * @param padRight zero columns after
 */
public record Patches(
        int height,
        int width,
        int channels,
        int kernelHeight,
        int kernelWidth,
        int padTop,
        int padBottom,
        int padLeft,
        int padRight) {
    /**
     * Checks the geometry.
     *
     * @throws IllegalArgumentException if a size is below 1, a pad negative or the kernel larger than the padded input
     */
    public Patches {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException(
                    "input " + height + " x " + width + " x " + channels + " must have every size at least 1");
        }
        if (kernelHeight < 1 || kernelWidth < 1 || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("kernel " + kernelHeight + " x " + kernelWidth + " and pads (" + padTop
                    + ", " + padBottom + ", " + padLeft + ", " + padRight + ") must be positive / non-negative");
        }
        if (height + padTop + padBottom < kernelHeight || width + padLeft + padRight < kernelWidth) {
            throw new IllegalArgumentException("kernel " + kernelHeight + " x " + kernelWidth
                    + " is larger than the padded input " + height + " x " + width);
        }
    }

    /**
     * Floats per sample of the image.
     *
     * @return height x width x channels
     */
    public int sampleSize() {
        return height * width * channels;
    }

    /**
     * Output rows.
     *
     * @return height + pads - kernelHeight + 1
     */
    public int outHeight() {
        return height + padTop + padBottom - kernelHeight + 1;
    }

    /**
     * Output columns.
     *
     * @return width + pads - kernelWidth + 1
     */
    public int outWidth() {
        return width + padLeft + padRight - kernelWidth + 1;
    }

    /**
     * Patch rows per sample.
     *
     * @return outHeight x outWidth
     */
    public int perSample() {
        return outHeight() * outWidth();
    }

    /**
     * Values per patch row.
     *
     * @return kernelHeight x kernelWidth x channels
     */
    public int inputs() {
        return kernelHeight * kernelWidth * channels;
    }

    /**
     * The im2col table of {@link MatrixKernels#copyRuns}: per patch row of a sample (row-major over the output) and
     * kernel position (dy, dx), row-major, the offset in the sample of the input pixel there, its first channel, or -1
     * where the position falls in the padding.
     *
     * @return perSample x kernelHeight x kernelWidth entries
     */
    public RunTable sources() {
        final int[] table = new int[perSample() * kernelHeight * kernelWidth];
        int k = 0;
        for (int oy = 0; oy < outHeight(); oy++) {
            for (int ox = 0; ox < outWidth(); ox++) {
                for (int dy = 0; dy < kernelHeight; dy++) {
                    for (int dx = 0; dx < kernelWidth; dx++) {
                        final int y = oy + dy - padTop;
                        final int x = ox + dx - padLeft;
                        final boolean inside = y >= 0 && y < height && x >= 0 && x < width;
                        table[k++] = inside ? (y * width + x) * channels : -1;
                    }
                }
            }
        }
        return RunTable.of(table);
    }

    /**
     * The col2im table of patch rows ({@link MatrixKernels#sumProductRuns}): per input pixel of a sample (row-major)
     * and term t, the patch row within the sample whose kernel position (dy, dx) = (kernelHeight - 1 - t /
     * kernelWidth, kernelWidth - 1 - t mod kernelWidth) covers the pixel, or -1 where that patch is outside the
     * output. The terms run kernel rows, then columns, descending: patches in ascending order, as a scatter over them
     * adds them.
     *
     * @return height x width x kernelHeight x kernelWidth entries
     */
    public RunTable coveringRows() {
        final int kernel = kernelHeight * kernelWidth;
        final int[] rows = new int[height * width * kernel];
        for (int k = 0; k < rows.length; k++) {
            final int pixel = k / kernel;
            final int oy = pixel / width + padTop - coveringDy(k % kernel);
            final int ox = pixel % width + padLeft - coveringDx(k % kernel);
            rows[k] = oy >= 0 && oy < outHeight() && ox >= 0 && ox < outWidth() ? oy * outWidth() + ox : -1;
        }
        return RunTable.of(rows);
    }

    /**
     * The col2im table of patch elements, beside {@link #coveringRows}: per input pixel and term t, the element of
     * the pixel's first channel in the covering patch, (dy kernelWidth + dx) channels for term t's kernel position,
     * the same for every pixel (also where no patch covers it).
     *
     * @return height x width x kernelHeight x kernelWidth entries
     */
    public RunTable coveringElements() {
        final int kernel = kernelHeight * kernelWidth;
        final int[] elements = new int[height * width * kernel];
        for (int k = 0; k < elements.length; k++) {
            elements[k] = (coveringDy(k % kernel) * kernelWidth + coveringDx(k % kernel)) * channels;
        }
        return RunTable.of(elements);
    }

    /**
     * The col2im table of {@link MatrixKernels#sumRuns} over a sample's written-out patch rows: per input pixel and
     * term, where the covering element lies in the sample's patch matrix, {@link #coveringRows} x {@link #inputs} +
     * {@link #coveringElements}, or -1 where no patch covers the pixel.
     *
     * @return height x width x kernelHeight x kernelWidth entries
     */
    public RunTable coveringOffsets() {
        final RunTable rows = coveringRows();
        final RunTable elements = coveringElements();
        final int[] offsets = new int[rows.length()];
        for (int k = 0; k < offsets.length; k++) {
            offsets[k] = rows.get(k) < 0 ? -1 : rows.get(k) * inputs() + elements.get(k);
        }
        return RunTable.of(offsets);
    }

    private int coveringDy(final int term) {
        return kernelHeight - 1 - term / kernelWidth;
    }

    private int coveringDx(final int term) {
        return kernelWidth - 1 - term % kernelWidth;
    }

    /**
     * Writes patch row r out: dst[at + i] = its element i.
     *
     * @param image the samples, sample b at b * sampleSize
     * @param r the row
     * @param dst the destination
     * @param at where the row starts in dst
     */
    public void row(final float[] image, final int r, final float[] dst, final int at) {
        final int base = r / perSample() * sampleSize();
        final int oy = r % perSample() / outWidth();
        final int ox = r % outWidth();
        int i = at;
        for (int dy = 0; dy < kernelHeight; dy++) {
            final int y = oy + dy - padTop;
            for (int dx = 0; dx < kernelWidth; dx++) {
                final int x = ox + dx - padLeft;
                final boolean inside = y >= 0 && y < height && x >= 0 && x < width;
                for (int c = 0; c < channels; c++) {
                    dst[i++] = inside ? image[base + (y * width + x) * channels + c] : 0.0f;
                }
            }
        }
    }
}
