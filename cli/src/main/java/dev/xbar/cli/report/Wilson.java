package dev.xbar.cli.report;

/**
 * The Wilson score interval of a binomial proportion (Wilson 1927): unlike the normal approximation it stays inside
 * [0, 1] and is not empty at 0 or n successes, so "0 of 10 chips" reads as [0, 28%] instead of 0.000.
 *
 * @param low lower bound, a fraction
 * @param high upper bound, a fraction
 */
public record Wilson(double low, double high) {

    /** z of a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    /** The 95% interval of {@code successes} out of {@code n} (NaN bounds for n = 0). */
    public static Wilson of95(long successes, long n) {
        if (n <= 0) {
            return new Wilson(Double.NaN, Double.NaN);
        }
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException(successes + " successes out of " + n);
        }
        double p = (double) successes / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Wilson(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
