package dev.xbar.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.math.BigDecimal;
import java.math.MathContext;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The house style of every figure: fonts that stay legible when a panel is shrunk to a paper's column width (about
 * 250 points), white background, light grid, and series told apart by colour, marker and dash together (so they
 * survive grey-scale printing and overlap).
 */
final class Charts {

    /** Colour-blind safe (Okabe and Ito 2008). */
    static final Color[] COLOURS = {
        new Color(0x0072B2),
        new Color(0xD55E00),
        new Color(0x009E73),
        new Color(0xCC79A7),
        new Color(0xE69F00),
        new Color(0x56B4E9),
        new Color(0x000000)
    };

    static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE,
        SeriesMarkers.SQUARE,
        SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN,
        SeriesMarkers.CROSS,
        SeriesMarkers.PLUS
    };

    static final BasicStroke[] LINES = {
        SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT, SeriesLines.DASH_DOT,
    };

    private Charts() {}

    /** An XY chart of the given logical size with the house style. */
    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.DARK_GRAY);
        s.setPlotGridLinesColor(new Color(0xe0e0e0));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setChartPadding(6);
        s.setPlotMargin(0);
        s.setMarkerSize(7);
        s.setXAxisTickMarkSpacingHint(70);
        s.setAntiAlias(true);
        chart.setCustomXAxisTickLabelsFormatter(Charts::tick);
        chart.setCustomYAxisTickLabelsFormatter(Charts::tick);
        return chart;
    }

    /**
     * A tick label with up to six significant digits and no trailing zeros. Distinct ticks must get distinct labels:
     * XChart keeps adding ticks until they do, so a format that rounds harder (whole numbers, three decimals) can
     * hang it on a narrow range. Rounds the shortest decimal that reads back as {@code value} ({@link
     * BigDecimal#valueOf(double)}), not its exact binary expansion: XChart formats every candidate tick many times,
     * and the exact expansion's big-integer arithmetic was most of a figure's cold start.
     */
    static String tick(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        return BigDecimal.valueOf(value)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Gives series {@code i} of a chart its colour, marker and line style. */
    static XYSeries style(XYSeries series, int i) {
        series.setLineColor(COLOURS[i % COLOURS.length]);
        series.setMarkerColor(COLOURS[i % COLOURS.length]);
        series.setFillColor(COLOURS[i % COLOURS.length]);
        series.setMarker(MARKERS[i % MARKERS.length]);
        series.setLineStyle(LINES[i % LINES.length]);
        return series;
    }

    /** A series that draws nothing and stays out of the legend: it only widens the axes. */
    static void invisible(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.NONE);
        s.setShowInLegend(false);
    }
}
