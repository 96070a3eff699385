package dev.xbar.core.device;

import dev.xbar.core.Check;
import dev.xbar.core.io.BoundedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Steps read from a measured response table (aihwkit {@code PiecewiseStepDevice}): n nodes equally spaced over the
 * device's [gMin, gMax] hold step factors for up and down pulses; between nodes the factor is interpolated linearly,
 * and the step is dw times the factor.
 *
 * <p>Table file (CSV, see {@link #readTable}): a header line {@code up,down}, then one line per node, lowest
 * conductance first, each with two non-negative factors.
 *
 * @param steps the shared pulse parameters
 * @param up up-step factors at the nodes (copied; at least 2 nodes)
 * @param down down-step factors at the nodes (same length as up)
 */
public record PiecewiseStep(StepParameters steps, float[] up, float[] down) implements StepDevice {
    /** The largest step table read. */
    public static final long MAX_TABLE_BYTES = 16L << 20;

    /** The most nodes a table may have. */
    public static final int MAX_NODES = 1024;

    /** Validates the table and copies it. */
    public PiecewiseStep {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
        Check.range("up.length", up.length, 2, MAX_NODES);
        Check.that(down.length == up.length, "down.length = " + down.length + " must equal up.length = " + up.length);
        for (int i = 0; i < up.length; i++) {
            Check.range("up[" + i + "]", up[i], 0, 1000);
            Check.range("down[" + i + "]", down[i], 0, 1000);
        }
        up = up.clone();
        down = down.clone();
    }

    /**
     * A copy of the up-step factors.
     *
     * @return the factors
     */
    @Override
    public float[] up() {
        return up.clone();
    }

    /**
     * A copy of the down-step factors.
     *
     * @return the factors
     */
    @Override
    public float[] down() {
        return down.clone();
    }

    /**
     * Reads the device from a spec file ({@link DeviceFamily}): the table inline as {@code up} and {@code down}.
     *
     * @param f the device object's fields
     * @return the device
     */
    public static PiecewiseStep read(final DeviceFields f) {
        final StepParameters steps = StepDevice.readSteps(f);
        final float[] up = f.floats("up");
        final float[] down = f.floats("down");
        return f.build(() -> new PiecewiseStep(steps, up, down));
    }

    @Override
    public String family() {
        return "piecewise-step";
    }

    @Override
    public void writeShapeFields(final Map<String, Object> out) {
        out.put("up", doubles(up));
        out.put("down", doubles(down));
    }

    /** A table column as JSON numbers (doubles, as the spec reader gives them back). */
    private static List<Object> doubles(final float[] values) {
        final List<Object> list = new ArrayList<>(values.length);
        for (final float v : values) {
            list.add((double) v);
        }
        return list;
    }

    @Override
    public float meanStep(final float g, final boolean isUp, final float dw, final float gMin, final float gMax) {
        final float[] nodes = isUp ? up : down;
        final float position = Math.clamp((g - gMin) / (gMax - gMin), 0.0f, 1.0f) * (nodes.length - 1);
        final int k = Math.min((int) position, nodes.length - 2);
        final float t = position - k;
        return dw * (nodes[k] + t * (nodes[k + 1] - nodes[k]));
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof PiecewiseStep p
                && steps.equals(p.steps)
                && Arrays.equals(up, p.up)
                && Arrays.equals(down, p.down);
    }

    @Override
    public int hashCode() {
        return (steps.hashCode() * 31 + Arrays.hashCode(up)) * 31 + Arrays.hashCode(down);
    }

    @Override
    public String toString() {
        return "PiecewiseStep[steps=" + steps + ", up=" + Arrays.toString(up) + ", down=" + Arrays.toString(down) + "]";
    }

    /**
     * Reads a response table: header {@code up,down}, then {@code upFactor,downFactor} per node. Blank lines and lines
     * starting with {@code #} are skipped.
     *
     * @param file the CSV file
     * @param steps the shared pulse parameters
     * @return the device
     * @throws IllegalArgumentException naming the file and line of a malformed entry
     * @throws IllegalArgumentException also if the file cannot be read, is not a regular file or is over 16 MiB
     */
    public static PiecewiseStep readTable(final Path file, final StepParameters steps) {
        final List<String> lines = BoundedFiles.readString(file, MAX_TABLE_BYTES, "step table")
                .lines()
                .toList();
        final List<float[]> rows = new ArrayList<>();
        boolean header = false;
        for (int n = 0; n < lines.size(); n++) {
            final String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String where = file + " line " + (n + 1);
            if (!header) {
                Check.that(line.replace(" ", "").equalsIgnoreCase("up,down"), where + ": expected header 'up,down'");
                header = true;
                continue;
            }
            final String[] cells = line.split(",", -1);
            Check.that(cells.length == 2, where + ": expected 2 values 'up,down', found " + cells.length);
            try {
                rows.add(new float[] {Float.parseFloat(cells[0].strip()), Float.parseFloat(cells[1].strip())});
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(where + ": not a number: '" + line + "'", e);
            }
        }
        final float[] upFactors = new float[rows.size()];
        final float[] downFactors = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            upFactors[i] = rows.get(i)[0];
            downFactors[i] = rows.get(i)[1];
        }
        try {
            return new PiecewiseStep(steps, upFactors, downFactors);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
