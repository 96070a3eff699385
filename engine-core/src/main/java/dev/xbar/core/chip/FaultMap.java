package dev.xbar.core.chip;

import dev.xbar.core.Check;
import dev.xbar.core.io.BoundedFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A measured fault map: a CSV file with lines {@code row,column,kind[,conductance]}, 0-based indices, kind one of
 * {@code low}, {@code high}, {@code random}, {@code dead}; an optional header line starting with {@code row}; blank
 * lines and lines starting with {@code #} are skipped. Without a conductance, low and high devices sit at their own
 * bound, random ones at the uniform level fabrication draws for that device, dead ones at 0. A conductance (microsiemens) pins a stuck device at that value; a dead device takes none.
 */
public final class FaultMap {
    /** A generous line length for one device ({@code row,column,kind,conductance} with comments around). */
    private static final long BYTES_PER_DEVICE = 64;
    /** Room for a header and comments on a small chip. */
    private static final long SLACK_BYTES = 1 << 16;

    private FaultMap() {}

    /**
     * Applies a fault map to a chip.
     *
     * @param chip the chip
     * @param file the CSV file
     * @throws IllegalArgumentException naming the file and line of a malformed entry
     * @throws IllegalArgumentException also if the file is missing, not a regular file, or larger than any map of
     *     this chip can be (64 bytes per device)
     */
    public static void apply(final Chip chip, final Path file) {
        final long maxBytes = (long) chip.rows() * chip.cols() * BYTES_PER_DEVICE + SLACK_BYTES;
        final List<String> lines =
                BoundedFiles.readString(file, maxBytes, "fault map").lines().toList();
        for (int n = 0; n < lines.size(); n++) {
            final String line = lines.get(n).strip();
            if (line.isEmpty()
                    || line.startsWith("#")
                    || (n == 0 && line.toLowerCase(Locale.ROOT).startsWith("row"))) {
                continue;
            }
            try {
                applyLine(chip, line);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
    }

    private static void applyLine(final Chip chip, final String line) {
        final String[] cells = line.split(",", -1);
        Check.that(
                cells.length == 3 || cells.length == 4,
                "expected 'row,column,kind[,conductance]', found " + cells.length + " values");
        final int row = Check.range("row", parseInt(cells[0]), 0, chip.rows() - 1);
        final int col = Check.range("column", parseInt(cells[1]), 0, chip.cols() - 1);
        final String kind = cells[2].strip().toLowerCase(Locale.ROOT);
        final boolean pinned = cells.length == 4 && !cells[3].isBlank();
        final float pin = pinned ? (float) Check.range("conductance", parseDouble(cells[3]), 0, 10_000) : 0;
        final float code = switch (kind) {
            case "low" -> FaultCode.STUCK_LOW;
            case "high" -> FaultCode.STUCK_HIGH;
            case "random" -> FaultCode.STUCK_RANDOM;
            case "dead" -> FaultCode.DEAD;
            default ->
                throw new IllegalArgumentException(
                        "kind '" + cells[2].strip() + "' is not one of low, high, random, dead");
        };
        Check.that(!(pinned && code == FaultCode.DEAD), "a dead device takes no conductance");
        Fabrication.markStuck(chip, row, col, code, pinned ? pin : Fabrication.stuckLevel(chip, row, col, code));
    }

    private static int parseInt(final String cell) {
        try {
            return Integer.parseInt(cell.strip());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("'" + cell.strip() + "' is not an integer", e);
        }
    }

    private static double parseDouble(final String cell) {
        try {
            return Double.parseDouble(cell.strip());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("'" + cell.strip() + "' is not a number", e);
        }
    }
}
