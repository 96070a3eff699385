package dev.xbar.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.models.train.BatchMetrics;
import dev.xbar.models.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportImagesTest {

    @Test
    void wilsonIntervalMatchesPublishedValues() {
        // Brown, Cai and DasGupta (2001) and R's binom.confint(method = "wilson").
        Wilson none = Wilson.of95(0, 10);
        assertEquals(0.0, none.low(), 1e-12);
        assertEquals(0.2775, none.high(), 1e-4);
        Wilson half = Wilson.of95(5, 10);
        assertEquals(0.2366, half.low(), 1e-4);
        assertEquals(0.7634, half.high(), 1e-4);
        Wilson all = Wilson.of95(10, 10);
        assertEquals(0.7225, all.low(), 1e-4);
        assertEquals(1.0, all.high(), 1e-12);
    }

    @Test
    void colourMapsHitTheirStops() {
        assertEquals(0x440154, ColourMap.VIRIDIS.rgb(0));
        assertEquals(0xfde725, ColourMap.VIRIDIS.rgb(1));
        assertEquals(0xf7f7f7, ColourMap.DIVERGING.rgb(0.5), "zero change is white");
        assertEquals(0x440154, ColourMap.VIRIDIS.rgb(-3), "clamped");
    }

    @Test
    void tickLabelsHaveSixSignificantDigitsAndNoTrailingZeros() {
        assertEquals("0.3", Charts.tick(0.1 + 0.2), "the float error of 0.30000000000000004 is rounded away");
        assertEquals("0.123457", Charts.tick(0.1234567));
        assertEquals("123457000", Charts.tick(123_456_789));
        assertEquals("-2.5", Charts.tick(-2.5));
        assertEquals("0.0000012", Charts.tick(1.2e-6));
        assertEquals("0", Charts.tick(0));
        assertEquals("NaN", Charts.tick(Double.NaN));
    }

    @Test
    void movingMeanAveragesTheLastWindow() {
        assertArrayEquals(
                new double[] {1, 1.5, 2.5, 3.5}, AccuracyFigure.movingMean(new double[] {1, 2, 3, 4}, 2), 1e-12);
    }

    @Test
    void chipFigureHasAxesUnitsFaultsBlocksAndThreePanels(@TempDir Path dir) throws Exception {
        Figure figure;
        try (Chip before = Chip.fabricate(ChipSpec.preset("ideal"), 1, 0);
                Chip after = Chip.fabricate(ChipSpec.preset("ideal"), 1, 0)) {
            after.set(Plane.CONDUCTANCE, 3, 4, after.get(Plane.CONDUCTANCE, 3, 4) + 50);
            after.set(Plane.FAULT, 5, 6, FaultCode.STUCK_HIGH);
            after.set(Plane.FAULT, 7, 8, FaultCode.DEAD);
            figure = ChipFigure.of(Optional.of(before), after, List.of(new ChipFigure.Block("conv1", 0, 0, 10, 12)));
            figure.write(dir, "chip", FigureFormat.of(true));
        }
        String svg = texts(figure);
        for (String text : List.of(
                "before training",
                "after training",
                "change (after \u2212 before)",
                "row",
                "column",
                "stuck device (1)",
                "on a dead line (1)")) {
            assertTrue(svg.contains(text), "chip figure shows '" + text + "' in " + svg);
        }
        assertTrue(Files.readString(dir.resolve("chip.svg")).contains("<svg"), "an SVG file");
        BufferedImage png = ImageIO.read(dir.resolve("chip.png").toFile());
        assertTrue(png.getWidth() > 1500, "three panels and two colour bars at twice the size: " + png.getWidth());
        // The colour bar right of the "after" panel: a colour of the ramp, not the white background.
        int bar = png.getRGB(Figure.PNG_SCALE * (2 * ChipFigure.PANEL + 11), png.getHeight() / 2) & 0xffffff;
        int r = bar >> 16;
        int g = (bar >> 8) & 0xff;
        int b = bar & 0xff;
        assertTrue(r != g || g != b, "colour bar drawn: " + Integer.toHexString(bar));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "chip.png and chip.svg, no temporary file left behind");
        }
    }

    @Test
    void accuracyFigureShowsLossAndExplainsTheSmoothing(@TempDir Path dir) throws Exception {
        List<BatchMetrics> batches = new ArrayList<>();
        for (int b = 0; b < 200; b++) {
            batches.add(new BatchMetrics(b / 100, b % 100, 100, 50, 50 * (2.0 - b / 120.0), 0.5 + b / 500.0, 0));
        }
        List<EpochMetrics> epochs = List.of(
                new EpochMetrics(0, 0.8, 1.2, 0.7, ProgrammingStats.NONE, List.of()),
                new EpochMetrics(1, 0.9, 0.6, 0.85, ProgrammingStats.NONE, List.of()));
        Figure figure = AccuracyFigure.of("cnn in situ", batches, epochs);
        figure.write(dir, "accuracy", FigureFormat.of(true));
        String svg = texts(figure);
        for (String text : List.of(
                "cross-entropy (nats per image)",
                "accuracy (%)",
                "train, mean of last 4 batches (200 images)",
                "test set after each epoch",
                "epoch")) {
            assertTrue(svg.contains(text), "accuracy figure shows '" + text + "' in " + svg);
        }
        assertTrue(Files.size(dir.resolve("accuracy.png")) > 10_000);
        assertTrue(Files.readString(dir.resolve("accuracy.svg")).contains("<svg"), "an SVG file");
    }

    @Test
    void theChipFigureKeepsEachPanelsLegendInsideThePanel() {
        // the default run's chip: hundreds of stuck devices and of devices on dead lines, so both legend entries
        // carry three-digit counts; the first panel's legend ran under the second panel
        BufferedImage png;
        try (Chip chip = Chip.fabricate(ChipSpec.preset("nmi2019"), 1, 0)) {
            png = ChipFigure.of(Optional.of(chip), chip, List.of()).render();
        }
        int scale = Figure.PNG_SCALE;
        for (int panel = 1; panel <= 2; panel++) {
            // nothing dark in the last pixel columns of the panel (its plot area ends well inside it)
            int right = scale * ChipFigure.PANEL * panel;
            for (int x = right - 6; x < right; x++) {
                for (int y = 0; y < png.getHeight(); y++) {
                    assertTrue(light(png.getRGB(x, y)), "panel " + panel + ": nothing dark at (" + x + ", " + y + ")");
                }
            }
        }
    }

    private static boolean light(int rgb) {
        return (rgb >> 16 & 0xff) >= 0x80 && (rgb >> 8 & 0xff) >= 0x80 && (rgb & 0xff) >= 0x80;
    }

    @Test
    void theDefaultRunsAccuracyFigureKeepsItsLegendsInside() {
        // the default run: 2 epochs of 600 batches of 100 images, so the longest legend line reads "train, mean of
        // last 24 batches (2,400 images)"; it ran off the right edge of a 640-point figure
        List<BatchMetrics> batches = new ArrayList<>();
        for (int b = 0; b < 1200; b++) {
            batches.add(new BatchMetrics(b / 600, b % 600, 600, 100, 0.3, 0.93, 0));
        }
        List<EpochMetrics> epochs = List.of(
                new EpochMetrics(0, 0.935, 0.32, 0.91, ProgrammingStats.NONE, List.of()),
                new EpochMetrics(1, 0.948, 0.24, 0.93, ProgrammingStats.NONE, List.of()));
        BufferedImage png = AccuracyFigure.of("cnn in situ (nmi2019), seed 1: 94.81% test", batches, epochs)
                .render();
        // nothing dark (text, curves) in the last 8 pixel columns: the legend box's light border may reach them
        for (int x = png.getWidth() - 8; x < png.getWidth(); x++) {
            for (int y = 0; y < png.getHeight(); y++) {
                assertTrue(light(png.getRGB(x, y)), "nothing dark at the right edge, (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void pngOnlyWritesNoSvgAndRemovesAnOutOfDateOne(@TempDir Path dir) throws Exception {
        Figure figure = AccuracyFigure.of("cnn", List.of(), List.of());
        figure.write(dir, "accuracy", FigureFormat.of(true));
        assertTrue(Files.exists(dir.resolve("accuracy.svg")));
        figure.write(dir, "accuracy", FigureFormat.of(false));
        assertTrue(Files.exists(dir.resolve("accuracy.png")));
        assertFalse(Files.exists(dir.resolve("accuracy.svg")), "the SVG of the earlier write is out of date");
    }

    /** Titles, axis titles and legend entries of every panel (XChart draws text as outlines in the SVG). */
    static String texts(Figure figure) {
        StringBuilder b = new StringBuilder();
        for (var chart : figure.charts()) {
            b.append(chart.getTitle()).append('|').append(chart.getXAxisTitle()).append('|');
            b.append(chart.getYAxisTitle()).append('|');
            if (chart instanceof org.knowm.xchart.XYChart xy) {
                xy.getSeriesMap().keySet().forEach(k -> b.append(k).append('|'));
            }
        }
        return b.toString();
    }
}
