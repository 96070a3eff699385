package dev.xbar.cli.report;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code evaluate.png} (and {@code .svg} when asked): test accuracy against the age of the chip, on a log axis (log10 seconds,
 * labelled in seconds: XChart's own log axis does not take our tick labels), with the
 * spread over repeated test passes as error bars; age 0 (as programmed) cannot sit on a log axis and is drawn as a
 * dashed line across.
 */
public final class RetentionFigure {
    static final int WIDTH = 480;
    static final int HEIGHT = 360;

    private RetentionFigure() {}

    /**
     * The figure.
     *
     * @param title names the run
     * @param seconds the ages
     * @param accuracy mean accuracy at each age, in percent
     * @param sd its spread over test passes, in percent
     * @return the figure
     */
    public static Figure of(final String title, final double[] seconds, final double[] accuracy, final double[] sd) {
        final XYChart chart =
                Charts.xy(WIDTH, HEIGHT, "accuracy after programming", "age (s, log scale)", "test accuracy (%)");
        logAgeAxis(chart);
        int n = 0;
        for (final double s : seconds) {
            n += s > 0 ? 1 : 0;
        }
        final double[] x = new double[n];
        final double[] y = new double[n];
        final double[] e = new double[n];
        double fresh = Double.NaN;
        for (int i = 0, k = 0; i < seconds.length; i++) {
            if (seconds[i] > 0) {
                x[k] = Math.log10(seconds[i]);
                y[k] = accuracy[i];
                e[k++] = sd[i];
            } else {
                fresh = accuracy[i];
            }
        }
        if (n > 0) {
            Charts.style(chart.addSeries("test accuracy (mean over passes, sd bars)", x, y, e), 0);
            if (!Double.isNaN(fresh)) {
                final XYSeries line = chart.addSeries(
                        "as programmed (age 0)", new double[] {x[0], x[n - 1]}, new double[] {fresh, fresh});
                Charts.style(line, 1).setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        return new Figure(
                WIDTH,
                Figure.TITLE_HEIGHT + HEIGHT,
                title,
                List.of(new Figure.Cell(chart, 0, Figure.TITLE_HEIGHT, WIDTH, HEIGHT)));
    }

    /**
     * Labels an x axis that holds log10 of ages in seconds with the ages themselves (shared with {@link YieldFigure}).
     *
     * @param chart the chart
     */
    static void logAgeAxis(final XYChart chart) {
        chart.setCustomXAxisTickLabelsFormatter(v -> {
            final double t = Math.pow(10, v);
            return t < 1e4 ? Charts.tick(Math.round(t * 10) / 10.0) : String.format(java.util.Locale.ROOT, "%.1g", t);
        });
    }
}
