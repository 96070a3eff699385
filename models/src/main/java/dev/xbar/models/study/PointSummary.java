package dev.xbar.models.study;

import dev.xbar.models.train.Ages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;

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
 * @param ages the same statistics of the accuracy at each of the study's ages, in their order (empty without ages)
 * @param energy the mean energy and time under the point's energy model, or null ({@link PointEnergy#of})
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
        double meanSeconds,
        List<AgeSummary> ages,
        PointEnergy energy) {

    /**
     * The statistics of the accuracy at one age after programming ended, over the point's finished trials (defined as
     * the point's own, see the class comment).
     *
     * @param age the age as written, e.g. {@code 1h}
     * @param seconds the age in seconds
     * @param mean mean accuracy
     * @param sd sample standard deviation
     * @param p5 5th percentile
     * @param p50 median
     * @param p95 95th percentile
     * @param yield fraction of trials with accuracy at that age >= threshold
     */
    public record AgeSummary(
            String age, double seconds, double mean, double sd, double p5, double p50, double p95, double yield) {}

    /**
     * A point summary without ages.
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
    public PointSummary(
            final int point,
            final List<Double> values,
            final int trials,
            final double mean,
            final double sd,
            final double p5,
            final double p50,
            final double p95,
            final double yield,
            final double meanPulses,
            final double meanSeconds) {
        this(point, values, trials, mean, sd, p5, p50, p95, yield, meanPulses, meanSeconds, List.of(), null);
    }

    /** Copies the lists. */
    public PointSummary {
        values = List.copyOf(values);
        ages = List.copyOf(ages);
    }

    /**
     * Summarises the results of one point.
     *
     * @param point the grid point
     * @param results its finished trials
     * @param threshold the yield threshold
     * @return the summary, without ages
     */
    public static PointSummary of(final GridPoint point, final List<TrialResult> results, final double threshold) {
        return of(point, results, threshold, Ages.NONE);
    }

    /**
     * Summarises the results of one point, at the end of programming and at each age.
     *
     * @param point the grid point
     * @param results its finished trials (each with an accuracy per age)
     * @param threshold the yield threshold
     * @param ages the study's ages
     * @return the summary
     */
    public static PointSummary of(
            final GridPoint point, final List<TrialResult> results, final double threshold, final Ages ages) {
        final int n = results.size();
        double pulses = 0;
        double seconds = 0;
        for (final TrialResult r : results) {
            pulses += r.pulses();
            seconds += r.seconds();
        }
        final AgeSummary now = stats("", 0, results.stream().mapToDouble(TrialResult::accuracy), threshold);
        final List<AgeSummary> atAges = new ArrayList<>();
        for (int a = 0; a < ages.labels().size(); a++) {
            final int age = a;
            atAges.add(stats(
                    ages.labels().get(a),
                    ages.seconds().get(a),
                    results.stream().mapToDouble(r -> r.ageAccuracy().get(age)),
                    threshold));
        }
        return new PointSummary(
                point.index(),
                point.values(),
                n,
                now.mean(),
                now.sd(),
                now.p5(),
                now.p50(),
                now.p95(),
                now.yield(),
                pulses / n,
                seconds / n,
                atAges,
                PointEnergy.of(results, point.spec().energy()));
    }

    private static AgeSummary stats(
            final String age, final double seconds, final DoubleStream accuracies, final double threshold) {
        final double[] acc = accuracies.toArray();
        final int n = acc.length;
        double sum = 0;
        int pass = 0;
        for (final double a : acc) {
            sum += a;
            pass += a >= threshold ? 1 : 0;
        }
        Arrays.sort(acc);
        final double mean = sum / n;
        double squares = 0;
        for (final double a : acc) {
            squares += (a - mean) * (a - mean);
        }
        final double sd = n == 0 ? Double.NaN : n == 1 ? 0 : Math.sqrt(squares / (n - 1));
        return new AgeSummary(
                age,
                seconds,
                mean,
                sd,
                percentile(acc, 0.05),
                percentile(acc, 0.50),
                percentile(acc, 0.95),
                n == 0 ? Double.NaN : (double) pass / n);
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
