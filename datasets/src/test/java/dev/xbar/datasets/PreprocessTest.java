package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The 8x8 area average against hand-computed cases: 2.5x2.5 source pixels per cell, central 20x20 crop. */
class PreprocessTest {
    private static final float EPS = 1e-6f;

    private static float[] shrink(float[] image) {
        float[] out = new float[64];
        Preprocess.to8x8(image, 0, out, 0);
        return out;
    }

    /** Sets a pixel given in crop coordinates (0..19). */
    private static void setCrop(float[] image, int row, int col, float v) {
        image[(row + 4) * 28 + col + 4] = v;
    }

    @Test
    void pixelInsideOneCellLandsThereWithOneOverCellArea() {
        float[] img = new float[784];
        setCrop(img, 5, 6, 1f); // rows [5, 7.5) and cols [5, 7.5) are cell (2, 2)
        float[] out = shrink(img);
        for (int k = 0; k < 64; k++) {
            assertEquals(k == 2 * 8 + 2 ? 1f / 6.25f : 0f, out[k], EPS, "cell " + k);
        }
    }

    @Test
    void pixelOnACellCornerSplitsIntoQuartersAndKeepsItsCentroid() {
        float[] img = new float[784];
        setCrop(img, 2, 7, 1f); // pixel [2,3) straddles cells 0|1 at 2.5; [7,8) straddles cells 2|3 at 7.5
        float[] out = shrink(img);
        double mass = 0;
        double rowMoment = 0;
        double colMoment = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                boolean hit = (i == 0 || i == 1) && (j == 2 || j == 3);
                assertEquals(hit ? 0.25f / 6.25f : 0f, out[i * 8 + j], EPS, "cell " + i + "," + j);
                mass += out[i * 8 + j];
                rowMoment += out[i * 8 + j] * (i + 0.5) * 2.5;
                colMoment += out[i * 8 + j] * (j + 0.5) * 2.5;
            }
        }
        // centre of the source pixel in crop coordinates: (2.5, 7.5)
        assertEquals(2.5, rowMoment / mass, 1e-6);
        assertEquals(7.5, colMoment / mass, 1e-6);
    }

    @Test
    void alignedBlockFillsItsCellsAndKeepsItsCentroid() {
        float[] img = new float[784];
        for (int r = 5; r < 10; r++) {
            for (int c = 10; c < 15; c++) {
                setCrop(img, r, c, 0.8f); // exactly cells rows 2-3, cols 4-5
            }
        }
        float[] out = shrink(img);
        double mass = 0;
        double rowMoment = 0;
        double colMoment = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                boolean inside = i >= 2 && i <= 3 && j >= 4 && j <= 5;
                assertEquals(inside ? 0.8f : 0f, out[i * 8 + j], EPS);
                mass += out[i * 8 + j];
                rowMoment += out[i * 8 + j] * (i + 0.5) * 2.5;
                colMoment += out[i * 8 + j] * (j + 0.5) * 2.5;
            }
        }
        assertEquals(7.5, rowMoment / mass, 1e-6); // block rows 5..9 -> centre 7.5
        assertEquals(12.5, colMoment / mass, 1e-6); // block cols 10..14 -> centre 12.5
    }

    @Test
    void marginOutsideTheCropIsIgnoredAndWhiteStaysWhite() {
        float[] margin = new float[784];
        for (int k = 0; k < 28; k++) {
            margin[k] = 1f; // top row
            margin[27 * 28 + k] = 1f;
            margin[k * 28] = 1f;
            margin[k * 28 + 3] = 1f; // column 3, just outside the crop
        }
        for (float v : shrink(margin)) {
            assertEquals(0f, v);
        }
        float[] white = new float[784];
        java.util.Arrays.fill(white, 1f);
        for (float v : shrink(white)) {
            assertEquals(1f, v);
        }
    }

    @Test
    void randomImagesConserveMassAndStayInRange() {
        SplittableRandom rng = new SplittableRandom(42);
        float[] img = new float[784];
        for (int trial = 0; trial < 200; trial++) {
            double crop = 0;
            for (int k = 0; k < 784; k++) {
                img[k] = (float) rng.nextDouble();
            }
            for (int r = 4; r < 24; r++) {
                for (int c = 4; c < 24; c++) {
                    crop += img[r * 28 + c];
                }
            }
            double mass = 0;
            for (float v : shrink(img)) {
                assertEquals(true, v >= 0f && v <= 1f);
                mass += v;
            }
            assertEquals(crop, mass * 6.25, 1e-4);
        }
    }

    @Test
    void imageSetVersionKeepsLabelsAndTheOriginals() {
        float[] pixels = new float[2 * 784];
        setCrop(pixels, 0, 0, 1f);
        pixels[784 + (4 + 19) * 28 + 4 + 19] = 1f; // second image, last crop pixel
        ImageSet originals = ImageSet.of(28, 28, pixels, new byte[] {7, 3});
        ImageSet small = Preprocess.to8x8(originals);
        assertEquals(2, small.count());
        assertEquals(7, small.label(0));
        assertEquals(3, small.label(1));
        assertEquals(0.16f, small.pixel(0, 0, 0), EPS);
        assertEquals(0.16f, small.pixel(1, 7, 7), EPS);
        assertEquals(1f, originals.pixel(0, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> Preprocess.to8x8(small));
    }
}
