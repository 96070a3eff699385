package dev.xbar.models.study;

import dev.xbar.core.chip.ProgrammingStats;
import java.io.Serializable;
import java.util.List;

/**
 * A trial's chip events, from which its point's energy and latency are estimated ({@link PointEnergy}): kept as counts,
 * not joules, so that the estimate follows the point's energy model and a changed model needs no rerun.
 *
 * @param work in situ the training (the run less its test passes), ex situ the programming of the trained weights,
 *     write-verify reads included
 * @param testPass one pass over the test set (at the end of training or programming)
 * @param testSamples the samples of that pass (images, or sequences for the ConvLSTM), at least 1
 */
public record TrialCounts(ProgrammingStats work, ProgrammingStats testPass, int testSamples) implements Serializable {
    /** The columns of {@code trials.csv} that hold a trial's counts, after the sweep columns. */
    public static final List<String> CSV_COLUMNS = List.of("counts", "test_pass_counts", "test_samples");

    /** Checks that every count is non-negative, so a damaged line or a forged cluster result is refused. */
    public TrialCounts {
        check("counts", work);
        check("test_pass_counts", testPass);
        if (testSamples < 1) {
            throw new IllegalArgumentException("test_samples = " + testSamples + " must be >= 1");
        }
    }

    /**
     * The CSV fields, in {@link #CSV_COLUMNS} order: each count list is the {@link ProgrammingStats} components joined
     * by {@code ;}.
     *
     * @return the three fields joined by commas
     */
    public String toCsv() {
        return csv(work) + "," + csv(testPass) + "," + testSamples;
    }

    /**
     * Parses the three fields of {@link #toCsv}.
     *
     * @param counts the work counts
     * @param testPass the test pass counts
     * @param testSamples the test samples
     * @return the counts
     * @throws IllegalArgumentException naming the column that does not parse
     */
    public static TrialCounts parseCsv(final String counts, final String testPass, final String testSamples) {
        try {
            return new TrialCounts(
                    stats("counts", counts), stats("test_pass_counts", testPass), Integer.parseInt(testSamples));
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("has a count that is not a number: " + e.getMessage(), e);
        }
    }

    private static String csv(final ProgrammingStats s) {
        return s.setPulses() + ";" + s.resetPulses() + ";" + s.stepPulses() + ";" + s.reads() + ";" + s.vmms() + ";"
                + s.vmmDevices() + ";" + s.dacConversions() + ";" + s.adcConversions();
    }

    private static ProgrammingStats stats(final String column, final String field) {
        final String[] f = field.split(";", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException(column + " has " + f.length + " counts, expected 8");
        }
        final long[] v = new long[8];
        for (int i = 0; i < 8; i++) {
            v[i] = Long.parseLong(f[i]);
        }
        return new ProgrammingStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    private static void check(final String column, final ProgrammingStats s) {
        if (s.setPulses() < 0
                || s.resetPulses() < 0
                || s.stepPulses() < 0
                || s.reads() < 0
                || s.vmms() < 0
                || s.vmmDevices() < 0
                || s.dacConversions() < 0
                || s.adcConversions() < 0) {
            throw new IllegalArgumentException(column + " " + csv(s) + " has a negative count");
        }
    }
}
