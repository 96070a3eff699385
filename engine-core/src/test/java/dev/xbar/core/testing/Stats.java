package dev.xbar.core.testing;

import java.util.Arrays;

/** Small statistics helpers for physics tests: moments, the normal CDF and a one-sample Kolmogorov-Smirnov test. */
public final class Stats {
    private Stats() {}

    /**
     * Mean of the first n values.
     *
     * @param x values
     * @return the mean
     */
    public static double mean(final float[] x) {
        double s = 0;
        for (final float v : x) {
            s += v;
        }
        return s / x.length;
    }

    /**
     * Sample standard deviation.
     *
     * @param x values
     * @return the standard deviation (n - 1 denominator)
     */
    public static double std(final float[] x) {
        final double m = mean(x);
        double s = 0;
        for (final float v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    /**
     * Standard normal CDF (Abramowitz and Stegun 7.1.26 erf, error below 1.5e-7).
     *
     * @param z the argument
     * @return P(Z &lt;= z)
     */
    public static double normalCdf(final double z) {
        final double x = Math.abs(z) / Math.sqrt(2);
        final double t = 1 / (1 + 0.3275911 * x);
        final double poly =
                t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        final double erf = 1 - poly * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /**
     * Kolmogorov-Smirnov statistic of a sample against N(mean, sigma).
     *
     * @param sample values (not modified)
     * @param mean the normal mean
     * @param sigma the normal standard deviation
     * @return sup |F_n - F|
     */
    public static double ksNormal(final float[] sample, final double mean, final double sigma) {
        final float[] x = sample.clone();
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            final double f = normalCdf((x[i] - mean) / sigma);
            d = Math.max(d, Math.max(f - (double) i / x.length, (double) (i + 1) / x.length - f));
        }
        return d;
    }

    /**
     * The KS critical value at significance 0.001 for a sample of size n (asymptotic 1.95 / sqrt(n)).
     *
     * @param n the sample size
     * @return the critical statistic
     */
    public static double ksCritical(final int n) {
        return 1.95 / Math.sqrt(n);
    }
}
