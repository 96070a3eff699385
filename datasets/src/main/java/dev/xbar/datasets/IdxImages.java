package dev.xbar.datasets;

import java.util.Objects;

/**
 * The content of an IDX image file: {@code count} images of {@code rows x cols} unsigned bytes, row-major, one image
 * after the other, left in the file's content after the header (the reader hands over a fresh array and nobody else
 * holds it).
 *
 * @param source the file it was read from, for error messages
 * @param count number of images
 * @param rows rows per image
 * @param cols columns per image
 * @param pixels the {@code count * rows * cols} unsigned bytes
 */
record IdxImages(String source, int count, int rows, int cols, Pixels.Bytes pixels) {
    public IdxImages {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pixels, "pixels");
        if ((long) count * rows * cols != pixels.length()) {
            throw new IllegalArgumentException(source + ": " + count + "x" + rows + "x" + cols + " images need "
                    + (long) count * rows * cols + " bytes, got " + pixels.length());
        }
    }
}
