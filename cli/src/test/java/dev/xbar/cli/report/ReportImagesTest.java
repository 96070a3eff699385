package dev.xbar.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportImagesTest {

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, LinePlot.ticks(0, 1), 1e-12);
        assertArrayEquals(new double[] {90, 92, 94, 96, 98, 100}, LinePlot.ticks(89.3, 100), 1e-9);
    }

    @Test
    void linePlotDrawsEachSeriesInItsColour(@TempDir Path dir) throws Exception {
        LinePlot plot = new LinePlot(
                "accuracy",
                "epoch",
                "test accuracy",
                List.of(new LinePlot.Series("in situ", new double[] {1, 2}, new double[] {0.9, 0.95})));
        Path png = dir.resolve("a.png");
        plot.writePng(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        int series = 0x1f77b4;
        int hits = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                hits += (image.getRGB(x, y) & 0xffffff) == series ? 1 : 0;
            }
        }
        assertTrue(hits > 100, "the line and its markers are drawn, found " + hits + " pixels");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void mismatchedSeriesIsRefused() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> new LinePlot.Series("s", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("s: 2 x values but 1 y values"), e.getMessage());
    }

    @Test
    void heatmapMapsLowAndHighToTheEndsOfTheRamp() {
        float[] values = new float[4 * 3];
        values[11] = 100f;
        Heatmap map = new Heatmap(
                List.of(new Heatmap.Panel("before", values, 4, 3)), List.of(new Heatmap.Block("fc", 0, 0, 2, 2)), "uS");
        BufferedImage image = map.render();
        int low = image.getRGB(40 + 2 * 6 + 3, 40 + 2 * 6 + 3);
        int high = image.getRGB(40 + 2 * 6 + 3, 40 + 3 * 6 + 3);
        assertEquals(Heatmap.colour(0f).getRGB(), low);
        assertEquals(Heatmap.colour(1f).getRGB(), high);
        assertNotEquals(low, high);
    }
}
