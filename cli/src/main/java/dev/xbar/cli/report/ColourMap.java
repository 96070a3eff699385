package dev.xbar.cli.report;

import java.awt.image.BufferedImage;

/**
 * Colour maps for the chip figure, as piecewise linear ramps through published stops: viridis for conductance
 * (perceptually uniform, readable in grey and by colour-blind readers) and a blue-white-red diverging map for
 * changes, white at zero.
 */
enum ColourMap {
    VIRIDIS(0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xfde725),
    DIVERGING(0x2166ac, 0x67a9cf, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xef8a62, 0xb2182b);

    private final int[] stops;

    ColourMap(int... stops) {
        this.stops = stops;
    }

    /** The colour at {@code t} in [0, 1] (clamped; NaN maps to the low end). */
    int rgb(double t) {
        double u = Double.isNaN(t) ? 0 : Math.clamp(t, 0.0, 1.0) * (stops.length - 1);
        int i = Math.min((int) u, stops.length - 2);
        double f = u - i;
        int a = stops[i];
        int b = stops[i + 1];
        return mix(a >> 16, b >> 16, f) << 16 | mix(a >> 8, b >> 8, f) << 8 | mix(a, b, f);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
    }

    /**
     * One pixel per value of a row-major {@code rows x cols} grid, value {@code low} at the low end of the map and
     * {@code high} at the top; row 0 is the top row of the image.
     */
    BufferedImage image(float[] values, int rows, int cols, double low, double high) {
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        double span = high > low ? high - low : 1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                image.setRGB(c, r, rgb((values[r * cols + c] - low) / span));
            }
        }
        return image;
    }
}
