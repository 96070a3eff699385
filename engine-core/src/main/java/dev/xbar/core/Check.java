package dev.xbar.core;

/**
 * Argument validation with messages that name the field, its value and what was expected, e.g. {@code
 * "writeNoiseMicroSiemens = -1.0 is out of range [0.0, 100.0]"}. Loaders prefix the path of the enclosing object
 * ({@code "device."}), so users see which field of which file to fix.
 */
public final class Check {
    private Check() {}

    /**
     * Checks {@code min <= value <= max} (NaN fails).
     *
     * @param field the field name
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     */
    public static double range(final String field, final double value, final double min, final double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    field + " = " + format(value) + " is out of range [" + format(min) + ", " + format(max) + "]");
        }
        return value;
    }

    /**
     * Formats a number for a message: integral values without a fraction ({@code -1}, not {@code -1.0}).
     *
     * @param value the number
     * @return its text
     */
    public static String format(final double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /**
     * Checks {@code min <= value <= max} for an integer.
     *
     * @param field the field name
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     */
    public static int range(final String field, final int value, final int min, final int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    /**
     * Checks that a condition holds.
     *
     * @param condition what must be true
     * @param message the error message if it is not
     */
    public static void that(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
