package dev.xbar.models.study;

import java.util.Arrays;
import java.util.List;

/**
 * Accuracy statistics of the finished trials of one grid point.
 *
 * <p>Percentiles are the linear interpolation between order statistics (Hyndman and Fan 1996, type 7; the default of
 * numpy, R and spreadsheet PERCENTILE.INC): for sorted accuracies x_0..x_{n-1} and fraction q, h = (n - 1) q and
 * P(q) = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h)). The standard deviation is the sample one (n - 1 in
 * the denominator; 0 for one trial). Yield is the fraction of trials whose accuracy is at or above the threshold.
 * With no finished trial every statistic is NaN.
 *
 * @param point the point index
 * @param values the swept values of the point, in sweep order
 * @param trials finished trials
 * @param mean mean accuracy
 * @param sd sample standard deviation of the accuracy
 * @param p5 5th percentile
 * @param p50 median
 * @param p95 95th percentile
 * @param yield fraction of trials with accuracy >= threshold
 * @param meanPulses mean programming pulses per trial
 * @param meanSeconds mean wall seconds per trial
 */
public record PointSummary(
        int point,
        List<Double> values,
        int trials,
        double mean,
        double sd,
        double p5,
        double p50,
        double p95,
        double yield,
        double meanPulses,
        double meanSeconds) {

    /** Copies the values. */
    public PointSummary {
        values = List.copyOf(values);
    }

    /**
     * Summarises the results of one point.
     *
     * @param point the grid point
     * @param results its finished trials
     * @param threshold the yield threshold
     * @return the summary
     */
    public static PointSummary of(final GridPoint point, final List<TrialResult> results, final double threshold) {
        final int n = results.size();
        final double[] acc = new double[n];
        double sum = 0;
        double pulses = 0;
        double seconds = 0;
        int pass = 0;
        for (int i = 0; i < n; i++) {
            final TrialResult r = results.get(i);
            acc[i] = r.accuracy();
            sum += r.accuracy();
            pulses += r.pulses();
            seconds += r.seconds();
            pass += r.accuracy() >= threshold ? 1 : 0;
        }
        Arrays.sort(acc);
        final double mean = sum / n;
        double squares = 0;
        for (final double a : acc) {
            squares += (a - mean) * (a - mean);
        }
        final double sd = n == 0 ? Double.NaN : n == 1 ? 0 : Math.sqrt(squares / (n - 1));
        return new PointSummary(
                point.index(),
                point.values(),
                n,
                mean,
                sd,
                percentile(acc, 0.05),
                percentile(acc, 0.50),
                percentile(acc, 0.95),
                n == 0 ? Double.NaN : (double) pass / n,
                pulses / n,
                seconds / n);
    }

    /**
     * The type-7 percentile of sorted values (see the class comment).
     *
     * @param sorted values in ascending order
     * @param q the fraction, in [0, 1]
     * @return the percentile, NaN for no values
     */
    public static double percentile(final double[] sorted, final double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        final double h = (sorted.length - 1) * q;
        final int lo = (int) Math.floor(h);
        final int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
