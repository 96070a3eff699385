package dev.xbar.datasets;

import java.util.Objects;

/**
 * The paper's input preprocessing (paper-spec 3.1 and Open question 10): crop the central 20x20 of a 28x28 digit
 * (rows and columns 4..23, which drops only MNIST's empty margin) and area-average it down to 8x8. Each output cell
 * covers 2.5x2.5 source pixels; a source pixel split by a cell border contributes the exact fraction of its area
 * (weights 1, 0.5 or 0.25), so the result is the mean intensity over the cell and the total mass is conserved: {@code
 * sum(8x8) * 6.25 == sum(20x20 crop)}. Input in [0, 1] gives output in [0, 1]; there is no per-image contrast
 * stretch. The mapping to the network's voltage range (e.g. {@code 2 * 0.2x - 0.2}) belongs to the models.
 */
final class Preprocess {
    /** Side of the source images. */
    public static final int SOURCE_SIDE = 28;
    /** Side of the central crop. */
    public static final int CROP_SIDE = 20;
    /** First row and column of the crop. */
    public static final int CROP_OFFSET = (SOURCE_SIDE - CROP_SIDE) / 2;
    /** Side of the result. */
    public static final int TARGET_SIDE = 8;
    /** Source pixels per output cell: (20 / 8)^2 = 6.25. */
    public static final float CELL_AREA = (float) CROP_SIDE / TARGET_SIDE * CROP_SIDE / TARGET_SIDE;

    /**
     * {@code WEIGHT[cell * CROP_SIDE + p]}: length of the overlap of source pixel {@code [p, p+1)} with output cell
     * {@code [2.5 cell, 2.5 cell + 2.5)} along one axis; the 2-D weight is the product of the row and column weights.
     */
    private static final float[] WEIGHT = weights();

    private Preprocess() {}

    /** A new set of 8x8 images made from a set of 28x28 images; labels are kept. */
    public static ImageSet to8x8(ImageSet source) {
        if (source.height() != SOURCE_SIDE || source.width() != SOURCE_SIDE) {
            throw new IllegalArgumentException(
                    "8x8 preprocessing needs 28x28 images, got " + source.height() + "x" + source.width());
        }
        int n = source.count();
        int in = SOURCE_SIDE * SOURCE_SIDE;
        int out = TARGET_SIDE * TARGET_SIDE;
        float[] image = new float[in];
        float[] result = new float[n * out];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            source.copyImage(i, image, 0);
            to8x8(image, 0, result, i * out);
            labels[i] = (byte) source.label(i);
        }
        return ImageSet.wrap(TARGET_SIDE, TARGET_SIDE, result, labels);
    }

    /**
     * Writes the 8x8 image (row-major, 64 floats) of the 28x28 image at {@code src[srcOffset..]} to {@code
     * dst[dstOffset..]}. Allocation-free.
     */
    public static void to8x8(float[] src, int srcOffset, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(srcOffset, SOURCE_SIDE * SOURCE_SIDE, src.length);
        Objects.checkFromIndexSize(dstOffset, TARGET_SIDE * TARGET_SIDE, dst.length);
        for (int i = 0; i < TARGET_SIDE; i++) {
            int p0 = first(i);
            int p1 = end(i);
            for (int j = 0; j < TARGET_SIDE; j++) {
                int q0 = first(j);
                int q1 = end(j);
                float sum = 0f;
                for (int p = p0; p < p1; p++) {
                    int row = srcOffset + (CROP_OFFSET + p) * SOURCE_SIDE + CROP_OFFSET;
                    float rowSum = 0f;
                    for (int q = q0; q < q1; q++) {
                        rowSum += WEIGHT[j * CROP_SIDE + q] * src[row + q];
                    }
                    sum += WEIGHT[i * CROP_SIDE + p] * rowSum;
                }
                dst[dstOffset + i * TARGET_SIDE + j] = sum / CELL_AREA;
            }
        }
    }

    /** First crop pixel touching {@code cell}: floor(2.5 cell). */
    private static int first(int cell) {
        return cell * CROP_SIDE / TARGET_SIDE;
    }

    /** One past the last crop pixel touching {@code cell}: ceil(2.5 (cell + 1)). */
    private static int end(int cell) {
        return ((cell + 1) * CROP_SIDE + TARGET_SIDE - 1) / TARGET_SIDE;
    }

    private static float[] weights() {
        float[] w = new float[TARGET_SIDE * CROP_SIDE];
        double step = (double) CROP_SIDE / TARGET_SIDE;
        for (int cell = 0; cell < TARGET_SIDE; cell++) {
            for (int p = 0; p < CROP_SIDE; p++) {
                double overlap = Math.min(p + 1, (cell + 1) * step) - Math.max(p, cell * step);
                w[cell * CROP_SIDE + p] = (float) Math.max(0, overlap);
            }
        }
        return w;
    }
}
