package dev.xbar.models.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of ages such as {@code 0,1s,1h,1d,1mo,1y}: a number with a unit (s, min, h, d, w, mo = 1/12 year, y = 365.25
 * days), or a bare number of seconds. {@code xbar evaluate} and {@code xbar yield --age} parse it; a yield study keeps
 * the labels (its {@code trials.csv} has a column per age, named after the label), so each label appears once.
 *
 * @param labels the ages as written
 * @param seconds the ages in seconds, in the order written
 */
public record Ages(List<String> labels, List<Double> seconds) {
    private static final Pattern AGE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)([a-z]*)");
    private static final double YEAR = 365.25 * 86_400;

    /** No ages: a study tested only when programming ends. */
    public static final Ages NONE = new Ages(List.of(), List.of());

    /** Copies the lists and checks they pair up. */
    public Ages {
        labels = List.copyOf(labels);
        seconds = List.copyOf(seconds);
        if (labels.size() != seconds.size()) {
            throw new IllegalArgumentException(labels.size() + " age labels for " + seconds.size() + " ages");
        }
    }

    /**
     * Parses the option's value.
     *
     * @param option the option's name, for messages
     * @param text the comma-separated ages
     * @return the ages
     * @throws IllegalArgumentException naming the option and the age that is not one, or is given twice
     */
    public static Ages parse(final String option, final String text) {
        final List<String> labels = new ArrayList<>();
        final List<Double> seconds = new ArrayList<>();
        for (final String part : text.split(",", -1)) {
            final String age = part.strip();
            final Matcher m = AGE.matcher(age);
            final double unit = m.matches() ? unit(m.group(2)) : Double.NaN;
            final double value = Double.isNaN(unit) ? Double.NaN : Double.parseDouble(m.group(1)) * unit;
            if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(option + " '" + age + "' is not an age (expected e.g. 0, 30s, 5min,"
                        + " 1h, 1d, 2w, 1mo, 10y or a number of seconds, separated by commas)");
            }
            labels.add(age.toLowerCase(Locale.ROOT));
            seconds.add(value);
        }
        if (new HashSet<>(labels).size() < labels.size()) {
            throw new IllegalArgumentException(option + " '" + text + "' names an age twice (give each age once)");
        }
        return new Ages(labels, seconds);
    }

    /**
     * The ages as the option would give them back.
     *
     * @return the labels joined by commas
     */
    @Override
    public String toString() {
        return String.join(",", labels);
    }

    private static double unit(final String unit) {
        return switch (unit) {
            case "", "s" -> 1;
            case "min" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            case "w" -> 7 * 86_400;
            case "mo" -> YEAR / 12;
            case "y" -> YEAR;
            default -> Double.NaN;
        };
    }
}
