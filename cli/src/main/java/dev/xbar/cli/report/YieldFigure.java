package dev.xbar.cli.report;

import dev.xbar.core.Check;
import dev.xbar.models.study.PointSummary;
import dev.xbar.models.study.Study;
import dev.xbar.models.study.StudySummary;
import dev.xbar.models.study.Sweep;
import dev.xbar.models.study.TrialResult;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code yield.png} (and {@code .svg} when asked) of a study, against the first swept value: left, the yield (chips at or above the
 * threshold accuracy) with its 95% Wilson interval; right, the mean accuracy with the 5-95 percentile band of the
 * chips, each chip's accuracy when there are few, and the threshold. One series per combination of the other sweeps'
 * values, told apart by colour, marker and dash. Everything in percent. A study with ages ({@link Study#ages()}) adds a
 * second row: the yield and the mean accuracy (5-95 percentile band) against the age of the chips, on a log axis (age 0
 * cannot sit on it: the first row holds the accuracy as programmed), one series per grid point.
 */
public final class YieldFigure {

    static final int PANEL = 330;
    static final int HEIGHT = 400;

    /** Chips per point up to which each chip is drawn. */
    static final int FEW_CHIPS = 30;

    private YieldFigure() {}

    public static Figure of(StudySummary summary, Collection<TrialResult> trials) {
        Study study = summary.study();
        List<Sweep> sweeps = study.sweeps();
        String xTitle = sweeps.isEmpty() ? "(no sweep: the base spec)" : axisTitle(sweeps.getFirst());
        String threshold = Check.format(100 * summary.threshold()) + "%";
        XYChart yield = Charts.xy(
                PANEL,
                HEIGHT,
                study.model() + " " + study.mode().label() + ", " + study.chips() + " chips per point",
                xTitle,
                "yield (% of chips with accuracy \u2265 " + threshold + ")");
        XYChart accuracy = Charts.xy(PANEL, HEIGHT, "on " + study.baseName(), xTitle, "test accuracy (%)");
        yield.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        List<Overlay.Layer> yieldLayers = new ArrayList<>();
        List<Overlay.Layer> accuracyLayers = new ArrayList<>();
        Map<Integer, List<Double>> perPoint = new LinkedHashMap<>();
        for (TrialResult t : trials) {
            perPoint.computeIfAbsent(t.point(), k -> new ArrayList<>()).add(100 * t.accuracy());
        }
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        int i = 0;
        Map<String, List<PointSummary>> groups = groups(summary);
        for (Map.Entry<String, List<PointSummary>> e : groups.entrySet()) {
            List<PointSummary> ps = e.getValue();
            int n = ps.size();
            double[] x = new double[n];
            double[] y = new double[n];
            double[] yLow = new double[n];
            double[] yHigh = new double[n];
            double[] mean = new double[n];
            double[] p5 = new double[n];
            double[] p95 = new double[n];
            List<double[]> chips = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                PointSummary p = ps.get(k);
                x[k] = sweeps.isEmpty() ? 0 : p.values().getFirst();
                Wilson ci = Wilson.of95(Math.round(p.yield() * p.trials()), p.trials());
                y[k] = 100 * p.yield();
                yLow[k] = 100 * ci.low();
                yHigh[k] = 100 * ci.high();
                mean[k] = 100 * p.mean();
                p5[k] = 100 * p.p5();
                p95[k] = 100 * p.p95();
                if (p.trials() <= FEW_CHIPS) {
                    for (double a : perPoint.getOrDefault(p.point(), List.of())) {
                        chips.add(new double[] {x[k], a});
                    }
                }
                xMin = Math.min(xMin, x[k]);
                xMax = Math.max(xMax, x[k]);
            }
            String group = e.getKey();
            Color colour = Charts.COLOURS[i % Charts.COLOURS.length];
            Charts.style(yield.addSeries(label(group, "yield, 95% Wilson CI"), x, y), i);
            yieldLayers.add(new Overlay.Whiskers(x, yLow, yHigh, colour, 5 * (i - (groups.size() - 1) / 2.0)));
            Charts.style(accuracy.addSeries(label(group, "mean, 5-95% band"), x, mean), i);
            accuracyLayers.add(new Overlay.Band(x, p5, p95, colour));
            if (!chips.isEmpty()) {
                XYSeries each = accuracy.addSeries(
                        label(group, "each chip"),
                        chips.stream().mapToDouble(c -> c[0]).toArray(),
                        chips.stream().mapToDouble(c -> c[1]).toArray());
                each.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                each.setMarker(SeriesMarkers.CIRCLE)
                        .setMarkerColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 70));
            }
            i++;
        }
        if (i > 0) {
            double pad = xMax > xMin ? 0 : 0.5;
            if (pad > 0) {
                // one x (no sweep): XChart widens such an axis for drawing but not in getScreenXFromChart, so the
                // whiskers landed left of their point; an explicit extent makes the two agree
                Charts.invisible(yield, "extent", new double[] {xMin - pad, xMax + pad}, new double[] {0, 0});
            }
            XYSeries line =
                    accuracy.addSeries("threshold " + threshold, new double[] {xMin - pad, xMax + pad}, new double[] {
                        100 * summary.threshold(), 100 * summary.threshold()
                    });
            line.setMarker(SeriesMarkers.NONE).setLineColor(Color.BLACK).setLineStyle(SeriesLines.DASH_DASH);
        }
        yield.addAnnotation(new Overlay(yieldLayers));
        accuracy.addAnnotation(new Overlay(accuracyLayers));
        List<Figure.Cell> cells = new ArrayList<>(List.of(
                new Figure.Cell(yield, 0, 0, PANEL, HEIGHT), new Figure.Cell(accuracy, PANEL, 0, PANEL, HEIGHT)));
        boolean aged = study.ages().seconds().stream().anyMatch(a -> a > 0);
        if (aged) {
            cells.addAll(agePanels(summary, threshold));
        }
        return new Figure(2 * PANEL, aged ? 2 * HEIGHT : HEIGHT, cells);
    }

    /** The second row: yield and accuracy against age (ages > 0, log10 seconds), one series per finished point. */
    private static List<Figure.Cell> agePanels(StudySummary summary, String threshold) {
        Study study = summary.study();
        XYChart yield = Charts.xy(
                PANEL,
                HEIGHT,
                "after programming (drift)",
                "age (s, log scale)",
                "yield (% of chips with accuracy \u2265 " + threshold + ")");
        XYChart accuracy = Charts.xy(PANEL, HEIGHT, "accuracy against age", "age (s, log scale)", "test accuracy (%)");
        RetentionFigure.logAgeAxis(yield);
        RetentionFigure.logAgeAxis(accuracy);
        yield.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        List<Overlay.Layer> bands = new ArrayList<>();
        double low = 100;
        double high = 0;
        int i = 0;
        for (PointSummary p : summary.points()) {
            if (p.trials() == 0) {
                continue;
            }
            List<PointSummary.AgeSummary> ages =
                    p.ages().stream().filter(a -> a.seconds() > 0).toList();
            double[] x = ages.stream().mapToDouble(a -> Math.log10(a.seconds())).toArray();
            String group = study.point(p.point()).label(study.sweeps());
            Charts.style(
                    yield.addSeries(
                            group.isEmpty() ? "yield" : group,
                            x,
                            ages.stream().mapToDouble(a -> 100 * a.yield()).toArray()),
                    i);
            Charts.style(
                    accuracy.addSeries(
                            group.isEmpty() ? "mean, 5-95% band" : group,
                            x,
                            ages.stream().mapToDouble(a -> 100 * a.mean()).toArray()),
                    i);
            double[] p5 = ages.stream().mapToDouble(a -> 100 * a.p5()).toArray();
            double[] p95 = ages.stream().mapToDouble(a -> 100 * a.p95()).toArray();
            bands.add(new Overlay.Band(x, p5, p95, Charts.COLOURS[i % Charts.COLOURS.length]));
            low = Math.min(low, Arrays.stream(p5).min().orElse(low));
            high = Math.max(high, Arrays.stream(p95).max().orElse(high));
            i++;
        }
        if (i > 0) {
            double t = 100 * summary.threshold();
            double[] span = study.ages().seconds().stream()
                    .filter(a -> a > 0)
                    .mapToDouble(Math::log10)
                    .toArray();
            XYSeries line = accuracy.addSeries(
                    "threshold " + threshold,
                    new double[] {
                        Arrays.stream(span).min().orElseThrow(),
                        Arrays.stream(span).max().orElseThrow()
                    },
                    new double[] {t, t});
            line.setMarker(SeriesMarkers.NONE).setLineColor(Color.BLACK).setLineStyle(SeriesLines.DASH_DASH);
            low = Math.min(low, t);
            high = Math.max(high, t);
        }
        // the bands are drawn over the chart, not series of it: the axis must take them in
        if (high >= low) {
            accuracy.getStyler()
                    .setYAxisMin(Math.max(0, Math.floor(low) - 1))
                    .setYAxisMax(Math.min(100, Math.ceil(high) + 1));
        }
        accuracy.addAnnotation(new Overlay(bands));
        return List.of(
                new Figure.Cell(yield, 0, HEIGHT, PANEL, HEIGHT),
                new Figure.Cell(accuracy, PANEL, HEIGHT, PANEL, HEIGHT));
    }

    static String axisTitle(Sweep sweep) {
        String unit = sweep.unit();
        return sweep.name() + (unit.isEmpty() ? "" : " (" + unit + ")");
    }

    private static String label(String group, String what) {
        return group.isEmpty() ? what : group + ": " + what;
    }

    /** Finished points grouped by the values of the sweeps after the first, in grid order. */
    private static Map<String, List<PointSummary>> groups(StudySummary summary) {
        List<Sweep> sweeps = summary.study().sweeps();
        Map<String, List<PointSummary>> lines = new LinkedHashMap<>();
        for (PointSummary p : summary.points()) {
            if (p.trials() == 0) {
                continue;
            }
            StringBuilder name = new StringBuilder();
            for (int s = 1; s < sweeps.size(); s++) {
                String unit = sweeps.get(s).unit();
                name.append(s == 1 ? "" : ", ")
                        .append(sweeps.get(s).name())
                        .append(" = ")
                        .append(Check.format(p.values().get(s)))
                        .append(unit.isEmpty() ? "" : " " + unit);
            }
            lines.computeIfAbsent(name.toString(), k -> new ArrayList<>()).add(p);
        }
        return lines;
    }
}
