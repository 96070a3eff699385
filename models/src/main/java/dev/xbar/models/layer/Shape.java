package dev.xbar.models.layer;

/**
 * The shape of one sample's activations: height x width x channels, stored channel-last (HWC), row-major, so element
 * (y, x, c) sits at {@code (y * width + x) * channels + c}. A flat vector is 1 x 1 x n.
 *
 * @param height rows
 * @param width columns
 * @param channels channels
 */
public record Shape(int height, int width, int channels) {
    /** Validates that every dimension is positive. */
    public Shape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException(
                    "shape " + height + " x " + width + " x " + channels + " must have positive dimensions");
        }
    }

    /**
     * A flat vector.
     *
     * @param n its length
     * @return 1 x 1 x n
     */
    public static Shape vector(final int n) {
        return new Shape(1, 1, n);
    }

    /**
     * Values per sample.
     *
     * @return height * width * channels
     */
    public int size() {
        return height * width * channels;
    }
}
