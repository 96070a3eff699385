package dev.xbar.models.study;

import dev.xbar.core.Check;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The result of one trial, as one line of {@code trials.csv}: {@code
 * point,trial,seed,accuracy,pulses,seconds,step_accuracy}, the last the accuracies after each time step joined by
 * {@code ;} (empty without a network), then one column per age of a study with ages ({@link TrialsFile} names them).
 * Lines of files written before the step column (6 fields) still read, with no steps. Everything but {@code seconds} is a pure function of the study and the trial id; {@link #sameOutcome}
 * compares that part.
 *
 * @param point the grid point index
 * @param trial the chip index within the point
 * @param seed the trial's seed
 * @param accuracy the test accuracy, a fraction
 * @param pulses programming pulses applied
 * @param seconds wall time of the trial
 * @param stepAccuracy the accuracy after each time step ({@link TrialOutcome#stepAccuracy()})
 * @param ageAccuracy the accuracy at each of the study's ages ({@link TrialOutcome#ageAccuracy()})
 * @param counts the chip's events ({@link TrialOutcome#counts()}), or null for trials without a network and lines of
 *     files written before counts were kept ({@link TrialsFile} writes them after the sweep columns)
 */
public record TrialResult(
        int point,
        int trial,
        long seed,
        double accuracy,
        long pulses,
        double seconds,
        List<Double> stepAccuracy,
        List<Double> ageAccuracy,
        TrialCounts counts)
        implements Serializable {

    /**
     * A result without counts.
     *
     * @param point the grid point index
     * @param trial the chip index within the point
     * @param seed the trial's seed
     * @param accuracy the test accuracy
     * @param pulses programming pulses applied
     * @param seconds wall time of the trial
     * @param stepAccuracy the accuracy after each time step
     * @param ageAccuracy the accuracy at each age
     */
    public TrialResult(
            final int point,
            final int trial,
            final long seed,
            final double accuracy,
            final long pulses,
            final double seconds,
            final List<Double> stepAccuracy,
            final List<Double> ageAccuracy) {
        this(point, trial, seed, accuracy, pulses, seconds, stepAccuracy, ageAccuracy, null);
    }

    /**
     * A result tested only when programming ended.
     *
     * @param point the grid point index
     * @param trial the chip index within the point
     * @param seed the trial's seed
     * @param accuracy the test accuracy
     * @param pulses programming pulses applied
     * @param seconds wall time of the trial
     * @param stepAccuracy the accuracy after each time step
     */
    public TrialResult(
            final int point,
            final int trial,
            final long seed,
            final double accuracy,
            final long pulses,
            final double seconds,
            final List<Double> stepAccuracy) {
        this(point, trial, seed, accuracy, pulses, seconds, stepAccuracy, List.of());
    }

    /**
     * A result without per-step accuracies.
     *
     * @param point the grid point index
     * @param trial the chip index within the point
     * @param seed the trial's seed
     * @param accuracy the test accuracy
     * @param pulses programming pulses applied
     * @param seconds wall time of the trial
     */
    public TrialResult(
            final int point,
            final int trial,
            final long seed,
            final double accuracy,
            final long pulses,
            final double seconds) {
        this(point, trial, seed, accuracy, pulses, seconds, List.of());
    }

    /** Checks every value, so a damaged or hand-edited line is refused by field name. */
    public TrialResult {
        stepAccuracy = List.copyOf(stepAccuracy);
        for (final double a : stepAccuracy) {
            Check.range("step_accuracy", a, 0, 1);
        }
        ageAccuracy = List.copyOf(ageAccuracy);
        for (final double a : ageAccuracy) {
            Check.range("accuracy at an age", a, 0, 1);
        }
        Check.range("point", point, 0, Integer.MAX_VALUE);
        Check.range("trial", trial, 0, Integer.MAX_VALUE);
        Check.range("accuracy", accuracy, 0, 1);
        if (pulses < 0) {
            throw new IllegalArgumentException("pulses = " + pulses + " must be >= 0");
        }
        Check.range("seconds", seconds, 0, Double.MAX_VALUE);
    }

    /** The header line of {@code trials.csv}, without the newline. */
    public static final String CSV_HEADER = "point,trial,seed,accuracy,pulses,seconds,step_accuracy";

    /** The header of files written before the step column. */
    public static final String CSV_HEADER_WITHOUT_STEPS = "point,trial,seed,accuracy,pulses,seconds";

    /** Number of fields of a CSV line. */
    public static final int CSV_FIELDS = 7;

    /**
     * The trial's id.
     *
     * @return (point, trial)
     */
    public TrialId id() {
        return new TrialId(point, trial);
    }

    /**
     * Whether two results agree in everything that does not depend on the machine (all but {@code seconds}).
     *
     * @param other the other result
     * @return true when point, trial, seed, accuracy, pulses, step and age accuracies and counts are equal
     */
    public boolean sameOutcome(final TrialResult other) {
        return point == other.point
                && trial == other.trial
                && seed == other.seed
                && Double.compare(accuracy, other.accuracy) == 0
                && pulses == other.pulses
                && stepAccuracy.equals(other.stepAccuracy)
                && ageAccuracy.equals(other.ageAccuracy)
                && Objects.equals(counts, other.counts);
    }

    /**
     * The CSV line, with its newline: the header's fields, then the accuracy at each age. Accuracies are written with
     * {@link Double#toString} so they read back exactly.
     *
     * @return the line
     */
    public String toCsvLine() {
        return point + "," + trial + "," + seed + "," + accuracy + "," + pulses + ","
                + String.format(Locale.ROOT, "%.4f", seconds) + ","
                + stepAccuracy.stream().map(String::valueOf).collect(Collectors.joining(";"))
                + ageAccuracy.stream().map(a -> "," + a).collect(Collectors.joining()) + "\n";
    }

    /**
     * Parses one CSV line (without its newline) of a study without ages.
     *
     * @param line the line
     * @return the result
     * @throws IllegalArgumentException naming the field that does not parse
     */
    public static TrialResult parseCsv(final String line) {
        final String[] f = line.split(",", -1);
        if (f.length != CSV_FIELDS && f.length != CSV_FIELDS - 1) {
            throw new IllegalArgumentException(
                    "has " + f.length + " fields, expected " + CSV_FIELDS + " (" + CSV_HEADER + ")");
        }
        try {
            return new TrialResult(
                    Integer.parseInt(f[0]),
                    Integer.parseInt(f[1]),
                    Long.parseLong(f[2]),
                    Double.parseDouble(f[3]),
                    Long.parseLong(f[4]),
                    Double.parseDouble(f[5]),
                    f.length < CSV_FIELDS || f[6].isEmpty() ? List.of() : steps(f[6]));
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("has a field that is not a number: " + e.getMessage(), e);
        }
    }

    /**
     * This result with the accuracies at the study's ages.
     *
     * @param ages the accuracy at each age
     * @return the result
     */
    public TrialResult withAgeAccuracy(final List<Double> ages) {
        return new TrialResult(point, trial, seed, accuracy, pulses, seconds, stepAccuracy, ages, counts);
    }

    /**
     * This result with the chip's counts.
     *
     * @param chipCounts the counts, or null
     * @return the result
     */
    public TrialResult withCounts(final TrialCounts chipCounts) {
        return new TrialResult(point, trial, seed, accuracy, pulses, seconds, stepAccuracy, ageAccuracy, chipCounts);
    }

    private static List<Double> steps(final String field) {
        final List<Double> steps = new ArrayList<>();
        for (final String s : field.split(";", -1)) {
            steps.add(Double.parseDouble(s));
        }
        return steps;
    }
}
