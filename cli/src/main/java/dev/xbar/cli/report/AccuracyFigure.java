package dev.xbar.cli.report;

import dev.xbar.models.train.BatchMetrics;
import dev.xbar.models.train.EpochMetrics;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code accuracy.png} (and {@code .svg} when asked): training loss and accuracy per batch against epochs, each batch faint and a
 * trailing moving mean (its window stated in the legend, in batches and images) on top, with the test accuracy and
 * the mean training loss after each epoch.
 */
public final class AccuracyFigure {

    static final int WIDTH = 720;
    static final int HEIGHT = 360;
    private static final int TITLE = Figure.TITLE_HEIGHT;
    private static final Color FAINT = new Color(0xc8c8c8);

    private AccuracyFigure() {}

    /** The figure; {@code title} names the run. */
    public static Figure of(String title, List<BatchMetrics> batches, List<EpochMetrics> epochs) {
        int n = batches.size();
        int window = smoothingWindow(n);
        double[] x = new double[n];
        double[] loss = new double[n];
        double[] accuracy = new double[n];
        for (int i = 0; i < n; i++) {
            BatchMetrics b = batches.get(i);
            x[i] = b.epoch() + (b.batch() + 1.0) / b.batchesPerEpoch();
            loss[i] = b.meanLoss();
            accuracy[i] = 100 * b.accuracy();
        }
        double[] ex = new double[epochs.size()];
        double[] testAccuracy = new double[epochs.size()];
        double[] trainLoss = new double[epochs.size()];
        for (int i = 0; i < epochs.size(); i++) {
            ex[i] = epochs.get(i).epoch() + 1;
            testAccuracy[i] = 100 * epochs.get(i).testAccuracy();
            trainLoss[i] = epochs.get(i).meanTrainLoss();
        }
        int samples = n == 0 ? 0 : batches.getFirst().samples();
        String smoothed = window == 1
                ? "train, each batch"
                : String.format(Locale.ROOT, "train, mean of last %d batches (%,d images)", window, window * samples);
        XYChart left = Charts.xy(WIDTH / 2, HEIGHT, "loss", "epoch", "cross-entropy (nats per image)");
        XYChart right = Charts.xy(WIDTH / 2, HEIGHT, "accuracy", "epoch", "accuracy (%)");
        double lastEpoch = Math.max(1, epochs.size());
        for (XYChart c : List.of(left, right)) {
            c.getStyler().setXAxisMin(0.0).setXAxisMax(lastEpoch);
        }
        if (n > 0) {
            add(left, x, loss, window, smoothed);
            add(right, x, accuracy, window, smoothed);
        }
        if (ex.length > 0) {
            Charts.style(left.addSeries("train, mean over each epoch", ex, trainLoss), 1)
                    .setLineStyle(SeriesLines.NONE);
            Charts.style(right.addSeries("test set after each epoch", ex, testAccuracy), 1)
                    .setLineStyle(SeriesLines.NONE);
        }
        return new Figure(
                WIDTH,
                TITLE + HEIGHT,
                title,
                List.of(
                        new Figure.Cell(left, 0, TITLE, WIDTH / 2, HEIGHT),
                        new Figure.Cell(right, WIDTH / 2, TITLE, WIDTH / 2, HEIGHT)));
    }

    /** About 50 points per curve: enough to see the trend, few enough to smooth the per-batch noise. */
    static int smoothingWindow(int batches) {
        return Math.max(1, batches / 50);
    }

    /** The batches faint (when smoothed) and their trailing moving mean over {@code window} batches. */
    private static void add(XYChart chart, double[] x, double[] y, int window, String name) {
        if (window > 1) {
            XYSeries raw = chart.addSeries(name.replaceFirst(",.*", ", each batch"), x, y);
            raw.setMarker(SeriesMarkers.NONE).setLineColor(FAINT);
            raw.setLineWidth(0.8f);
        }
        Charts.style(chart.addSeries(name, x, movingMean(y, window)), 0).setMarker(SeriesMarkers.NONE);
    }

    /** Mean of the last {@code window} values at each index (fewer at the start). */
    static double[] movingMean(double[] y, int window) {
        double[] out = new double[y.length];
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += y[i];
            if (i >= window) {
                sum -= y[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }
}
