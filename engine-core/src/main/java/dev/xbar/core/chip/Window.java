package dev.xbar.core.chip;

import dev.xbar.core.Check;

/**
 * A rectangular block of a chip that a kernel works on, e.g. one layer's crossbar block.
 *
 * @param row0 first row
 * @param col0 first column
 * @param rows number of rows
 * @param cols number of columns
 */
public record Window(int row0, int col0, int rows, int cols) {
    /** Validates that the window is non-empty and non-negative. */
    public Window {
        Check.range("window.row0", row0, 0, ChipSpec.MAX_DIMENSION - 1);
        Check.range("window.col0", col0, 0, ChipSpec.MAX_DIMENSION - 1);
        Check.range("window.rows", rows, 1, ChipSpec.MAX_DIMENSION);
        Check.range("window.cols", cols, 1, ChipSpec.MAX_DIMENSION);
    }

    /**
     * The whole chip.
     *
     * @param chip the chip
     * @return a window covering every device
     */
    public static Window of(final Chip chip) {
        return new Window(0, 0, chip.rows(), chip.cols());
    }

    /**
     * Checks that this window lies on the chip.
     *
     * @param chip the chip
     * @return this window
     * @throws IllegalArgumentException if it does not fit
     */
    public Window checkFits(final Chip chip) {
        if (row0 + rows > chip.rows() || col0 + cols > chip.cols()) {
            throw new IllegalArgumentException(this + " does not fit a " + chip.rows() + " x " + chip.cols() + " chip");
        }
        return this;
    }

    /**
     * Number of devices in the window.
     *
     * @return rows * cols
     */
    public int size() {
        return rows * cols;
    }
}
