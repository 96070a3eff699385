package dev.xbar.datasets;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A labelled set of greyscale images as floats in [0, 1], image after image, each image row-major. A set read from
 * IDX files keeps the files' bytes and decodes on access ({@link Pixels}). Immutable: {@link #of} copies, accessors
 * copy out. {@link #copyImage} is the allocation-free accessor for
 * training loops.
 */
public final class ImageSet {
    private final int count;
    private final int height;
    private final int width;
    private final Pixels pixels;
    private final byte[] labels;

    private ImageSet(int height, int width, Pixels pixels, byte[] labels) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        this.count = labels.length;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        if ((long) count * height * width != pixels.length()) {
            throw new IllegalArgumentException(count + " images of " + height + "x" + width + " need "
                    + (long) count * height * width + " pixels, got " + pixels.length());
        }
    }

    /**
     * A set from copies of the given arrays.
     *
     * @param height rows per image
     * @param width columns per image
     * @param pixels {@code count * height * width} values in [0, 1], image after image, row-major
     * @param labels one class per image, 0..255 read as unsigned; the count is its length
     * @return the set
     * @throws IllegalArgumentException if the sizes disagree or a pixel is outside [0, 1]
     */
    public static ImageSet of(int height, int width, float[] pixels, byte[] labels) {
        return new ImageSet(height, width, new Pixels.Floats(pixels.clone()), labels.clone());
    }

    /** Takes ownership of the arrays: for this package's loaders, which hand over fresh ones. */
    static ImageSet wrap(int height, int width, float[] pixels, byte[] labels) {
        return new ImageSet(height, width, new Pixels.Floats(pixels), labels);
    }

    /**
     * Reads an IDX image file and its label file (raw or gzipped) into a set, pixels scaled by 1/255. The two must
     * hold the same number of items and every label must be below {@code classes}.
     *
     * @param images the IDX image file
     * @param labels the IDX label file
     * @param classes the number of classes
     * @return the set
     * @throws DatasetException naming the file that is unreadable, malformed or inconsistent
     */
    public static ImageSet read(Path images, Path labels, int classes) {
        return read(images, Idx.content(images), labels, Idx.content(labels), classes);
    }

    /**
     * {@link #read} from the files' {@link Idx#content}, already read (and verified) by the caller; the pixels stay in
     * {@code imageContent}, decoded on access.
     */
    static ImageSet read(Path images, byte[] imageContent, Path labels, byte[] labelContent, int classes) {
        IdxImages idx = Idx.readImages(images, imageContent);
        byte[] lab = Idx.readLabels(labels, labelContent);
        if (lab.length != idx.count()) {
            throw new DatasetException(
                    labels + ": " + lab.length + " labels but " + images + " holds " + idx.count() + " images");
        }
        for (int i = 0; i < lab.length; i++) {
            if ((lab[i] & 0xff) >= classes) {
                throw new DatasetException(
                        labels + ": label " + (lab[i] & 0xff) + " at item " + i + ", expected 0.." + (classes - 1));
            }
        }
        return new ImageSet(idx.rows(), idx.cols(), idx.pixels(), lab);
    }

    /**
     * The number of images.
     *
     * @return images
     */
    public int count() {
        return count;
    }

    /**
     * Rows per image.
     *
     * @return rows
     */
    public int height() {
        return height;
    }

    /**
     * Columns per image.
     *
     * @return columns
     */
    public int width() {
        return width;
    }

    /**
     * The length of one image in the flat layout.
     *
     * @return {@code height * width}
     */
    public int pixelsPerImage() {
        return height * width;
    }

    /**
     * One pixel.
     *
     * @param image the image index
     * @param row the row
     * @param col the column
     * @return the pixel of {@code image} at ({@code row}, {@code col}), in [0, 1]
     */
    public float pixel(int image, int row, int col) {
        Objects.checkIndex(row, height);
        Objects.checkIndex(col, width);
        return pixels.get(Objects.checkIndex(image, count) * pixelsPerImage() + row * width + col);
    }

    /**
     * Copies one image (row-major, {@link #pixelsPerImage()} floats) into {@code dst} at {@code dstOffset}.
     *
     * @param image the image index
     * @param dst the destination
     * @param dstOffset where the image starts in {@code dst}
     */
    public void copyImage(int image, float[] dst, int dstOffset) {
        copyImages(image, 1, dst, dstOffset);
    }

    /** Copies images {@code first .. first + images - 1}, one after the other, into {@code dst[dstOffset..]}. */
    void copyImages(int first, int images, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(first, images, count);
        int n = pixelsPerImage();
        pixels.copy(first * n, dst, dstOffset, images * n);
    }

    /** The labels as held, not copied: for this package's writers, which only read them. */
    byte[] labelBytes() {
        return labels;
    }

    /**
     * A fresh copy of one image.
     *
     * @param image the image index
     * @return its pixels, row-major
     */
    public float[] image(int image) {
        float[] out = new float[pixelsPerImage()];
        copyImage(image, out, 0);
        return out;
    }

    /**
     * The class of one image.
     *
     * @param image the image index
     * @return its label, 0..255
     */
    public int label(int image) {
        return labels[Objects.checkIndex(image, count)] & 0xff;
    }

    /**
     * All labels.
     *
     * @return a fresh copy, one label per image
     */
    public int[] labels() {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = labels[i] & 0xff;
        }
        return out;
    }

    /**
     * The images of one class.
     *
     * @param cls the class
     * @return the indices of the images whose label is {@code cls}, ascending
     */
    public int[] indicesOf(int cls) {
        int[] idx = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if ((labels[i] & 0xff) == cls) {
                idx[n++] = i;
            }
        }
        return Arrays.copyOf(idx, n);
    }

    /**
     * How many images carry each label.
     *
     * @param classes the number of classes
     * @return the count per label {@code 0..classes-1}
     * @throws IllegalArgumentException if a label is not below {@code classes}
     */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < count; i++) {
            int c = labels[i] & 0xff;
            if (c >= classes) {
                throw new IllegalArgumentException("label " + c + " of image " + i + " is not below " + classes);
            }
            counts[c]++;
        }
        return counts;
    }

    /**
     * The mean of all pixels of all images, summed in double so the order does not matter much.
     *
     * @return the mean, 0 for an empty set
     */
    public double meanPixel() {
        double sum = 0;
        int n = pixels.length();
        for (int i = 0; i < n; i++) {
            sum += pixels.get(i);
        }
        return n == 0 ? 0 : sum / n;
    }
}
