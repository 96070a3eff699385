package dev.xbar.cli.report;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.Plane;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code chip.png} (and {@code .svg} when asked): the conductance of every device before and after training on one colour scale, the
 * change in a diverging scale, rows and columns on the axes, stuck and dead devices marked and the layers' blocks
 * outlined and named.
 */
public final class ChipFigure {

    /** A layer's block of the array, in devices. */
    public record Block(String name, int row0, int col0, int rows, int cols) {}

    static final String UNIT = "\u00b5S";
    static final int PANEL = 330;
    private static final int BAR = 92;

    private ChipFigure() {}

    /** The figure for a chip after training and, when saved, the same chip before. */
    public static Figure of(Optional<Chip> before, Chip after, List<Block> blocks) {
        int rows = after.rows();
        int cols = after.cols();
        int height = (int) Math.clamp(120 + (PANEL - 80) * (double) rows / cols, 260, 640);
        float[] g1 = plane(after, Plane.CONDUCTANCE);
        float[] faults = plane(after, Plane.FAULT);
        float[] g0 = before.map(c -> plane(c, Plane.CONDUCTANCE)).orElse(null);
        double high = max(g1);
        if (g0 != null) {
            high = Math.max(high, max(g0));
        }
        high = high > 0 ? high : 1;
        List<Figure.Cell> cells = new ArrayList<>();
        int x = 0;
        if (g0 != null) {
            cells.add(new Figure.Cell(
                    panel(
                            "before training",
                            g0,
                            rows,
                            cols,
                            ColourMap.VIRIDIS,
                            0,
                            high,
                            faults,
                            blocks,
                            Color.WHITE,
                            ""),
                    x,
                    0,
                    PANEL,
                    height));
            x += PANEL;
        }
        cells.add(new Figure.Cell(
                panel(
                        "after training",
                        g1,
                        rows,
                        cols,
                        ColourMap.VIRIDIS,
                        0,
                        high,
                        faults,
                        blocks,
                        Color.WHITE,
                        "G (" + UNIT + ")"),
                x,
                0,
                PANEL,
                height));
        x += PANEL;
        x += BAR;
        if (g0 != null) {
            float[] change = new float[g1.length];
            double span = 0;
            for (int i = 0; i < change.length; i++) {
                change[i] = g1[i] - g0[i];
                span = Math.max(span, Math.abs(change[i]));
            }
            span = span > 0 ? span : 1;
            cells.add(new Figure.Cell(
                    panel(
                            "change (after \u2212 before)",
                            change,
                            rows,
                            cols,
                            ColourMap.DIVERGING,
                            -span,
                            span,
                            faults,
                            blocks,
                            Color.BLACK,
                            "\u0394G (" + UNIT + ")"),
                    x,
                    0,
                    PANEL,
                    height));
            x += PANEL + BAR;
        }
        return new Figure(x, height, cells);
    }

    private static XYChart panel(
            String title,
            float[] values,
            int rows,
            int cols,
            ColourMap map,
            double low,
            double high,
            float[] faults,
            List<Block> blocks,
            Color outline,
            String scale) {
        XYChart chart = Charts.xy(PANEL, 0, title, "column", "row");
        var s = chart.getStyler();
        s.setPlotGridLinesVisible(false);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setXAxisMin(-0.5).setXAxisMax(cols - 0.5).setYAxisMin(-(rows - 0.5)).setYAxisMax(0.5);
        // Row 0 at the top, as on the die: the chart's y is minus the row.
        chart.setCustomYAxisTickLabelsFormatter(y -> Charts.tick(-y));
        Charts.invisible(chart, "extent", new double[] {-0.5, cols - 0.5}, new double[] {-(rows - 0.5), 0.5});
        List<Overlay.Layer> layers = new ArrayList<>();
        layers.add(new Overlay.Raster(map.image(values, rows, cols, low, high), -0.5, cols - 0.5, -(rows - 0.5), 0.5));
        XYSeries stuck = faults(chart, "stuck device", faults, rows, cols, true);
        XYSeries dead = faults(chart, "on a dead line", faults, rows, cols, false);
        if (stuck != null) {
            stuck.setMarker(SeriesMarkers.CROSS).setMarkerColor(new Color(0xff2a2a));
            layers.add(new Overlay.Markers(stuck, 5));
        }
        if (dead != null) {
            dead.setMarker(SeriesMarkers.SQUARE).setMarkerColor(new Color(0x9a9a9a));
            layers.add(new Overlay.Markers(dead, 3));
        }
        for (Block b : blocks) {
            layers.add(new Overlay.Box(
                    b.name(),
                    b.col0() - 0.5,
                    b.col0() + b.cols() - 0.5,
                    -(b.row0() + b.rows() - 0.5),
                    -(b.row0() - 0.5),
                    outline));
        }
        if (!scale.isEmpty()) {
            layers.add(new Overlay.ColourScale(map, low, high, scale, PANEL, 0.5, -(rows - 0.5)));
        }
        s.setLegendVisible(stuck != null || dead != null);
        chart.addAnnotation(new Overlay(layers));
        return chart;
    }

    /** The devices with a stuck code (or, with {@code stuck} false, on a dead line) as a legend-only series. */
    private static XYSeries faults(XYChart chart, String name, float[] codes, int rows, int cols, boolean stuck) {
        List<double[]> points = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float code = codes[r * cols + c];
                boolean match = stuck ? code != FaultCode.OK && code != FaultCode.DEAD : code == FaultCode.DEAD;
                if (match) {
                    points.add(new double[] {c, -r});
                }
            }
        }
        if (points.isEmpty()) {
            return null;
        }
        double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
        XYSeries series = chart.addSeries(name + " (" + points.size() + ")", xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return series;
    }

    private static float[] plane(Chip chip, Plane plane) {
        float[] values = new float[chip.rows() * chip.cols()];
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                values[r * chip.cols() + c] = chip.get(plane, r, c);
            }
        }
        return values;
    }

    private static double max(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
