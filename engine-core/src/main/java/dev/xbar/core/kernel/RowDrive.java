package dev.xbar.core.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * How the rows of a window are driven from a vector of inputs x at a scale s: row i carries sign_i s x[input_i], or
 * nothing when input_i &lt; 0. A layer's differential pairs (the G+ row at +v, the G- row at -v) and its vertical copies
 * (the same pair again, lower down) are such groups of rows per input.
 *
 * <p>Why it exists: the DAC is odd (DAC(-v) = -DAC(v)), so the column currents sum_i DAC(V_i) G_ij of such a drive
 * equal sum_u DAC(s x_u) E_uj, with E_uj = sum of sign_i G_ij over input u's rows, and its sum of V^2 is sum_u n_u
 * DAC(s x_u)^2 (n_u rows per input). A kernel that works per input ({@link CrossbarKernels#vmmDriven}) does a half
 * (pairs) or a quarter (pairs with two copies) of the multiply-adds of the row-by-row VMM and needs no voltage buffer.
 *
 * <p>Immutable; made once per placed tile. The effective matrix has a row for every input from the smallest driven
 * one to the largest (its span), in ascending order, and each input's rows are summed in ascending window order: that
 * is the order of every sum the kernels make.
 */
public final class RowDrive {
    private final int rows;
    private final int firstInput;
    private final int[] groupStart;
    private final int[] groupRows;
    private final float[] groupSigns;
    private final float[] weights;

    /**
     * A drive from each window row's input and sign.
     *
     * @param rowInput per window row, the input it carries, or -1 for an undriven row
     * @param rowSign per window row, +1 or -1 (ignored on undriven rows)
     * @throws IllegalArgumentException if the arrays differ in length, are empty, no row is driven, or a driven row's
     *     sign is not +1 or -1
     */
    public RowDrive(final int[] rowInput, final int[] rowSign) {
        Objects.requireNonNull(rowInput, "rowInput");
        Objects.requireNonNull(rowSign, "rowSign");
        if (rowInput.length != rowSign.length || rowInput.length == 0) {
            throw new IllegalArgumentException("rowInput has " + rowInput.length + " rows, rowSign " + rowSign.length
                    + ": expected the same number, at least 1");
        }
        this.rows = rowInput.length;
        for (int i = 0; i < rows; i++) {
            if (rowInput[i] >= 0 && rowSign[i] != 1 && rowSign[i] != -1) {
                throw new IllegalArgumentException(
                        "rowSign[" + i + "] = " + rowSign[i] + " on a driven row: expected +1 or -1");
            }
        }
        final int[] driven = Arrays.stream(rowInput).filter(u -> u >= 0).toArray();
        if (driven.length == 0) {
            throw new IllegalArgumentException("no row of " + rows + " is driven: expected at least one input >= 0");
        }
        this.firstInput = Arrays.stream(driven).min().getAsInt();
        final int span = Arrays.stream(driven).max().getAsInt() - firstInput + 1;
        this.groupStart = new int[span + 1];
        this.groupRows = new int[driven.length];
        this.groupSigns = new float[driven.length];
        this.weights = new float[span];
        int k = 0;
        for (int u = 0; u < span; u++) {
            groupStart[u] = k;
            for (int i = 0; i < rows; i++) {
                if (rowInput[i] == firstInput + u) {
                    groupRows[k] = i;
                    groupSigns[k] = rowSign[i];
                    k++;
                }
            }
            weights[u] = k - groupStart[u];
        }
        groupStart[span] = k;
    }

    /**
     * Window rows this drive describes.
     *
     * @return the window's row count
     */
    public int rows() {
        return rows;
    }

    /**
     * The smallest driven input.
     *
     * @return the input of the effective matrix's first row
     */
    public int firstInput() {
        return firstInput;
    }

    /**
     * The inputs from the smallest driven one to the largest, driven or not: the rows of the effective matrix (an
     * input that drives nothing has a zero row and weight 0, which change no bit of any sum).
     *
     * @return m
     */
    public int span() {
        return weights.length;
    }

    /**
     * The largest driven input: input vectors need more values than this.
     *
     * @return firstInput + span - 1
     */
    public int maxInput() {
        return firstInput + weights.length - 1;
    }

    /**
     * The number of rows input firstInput + u drives, as a float: its weight in the sums of V^2.
     *
     * @param u 0 to {@link #span()} - 1
     * @return n_u
     */
    public float weight(final int u) {
        return weights[u];
    }

    /**
     * Where input (firstInput + u)'s rows start in the row list ({@link #groupRow}, {@link #groupSign}); they end where
     * input u + 1's start.
     *
     * @param u 0 to {@link #span()}
     * @return the index of its first row in the list
     */
    public int groupStart(final int u) {
        return groupStart[u];
    }

    /**
     * The window row of entry k of the row list (each input's rows in ascending order, inputs ascending).
     *
     * @param k 0 to the number of driven rows - 1
     * @return the row
     */
    public int groupRow(final int k) {
        return groupRows[k];
    }

    /**
     * The sign of entry k of the row list.
     *
     * @param k 0 to the number of driven rows - 1
     * @return +1 or -1
     */
    public float groupSign(final int k) {
        return groupSigns[k];
    }

    /**
     * Copies the weights of the span ({@link #weight}) into {@code to[0 .. span)}.
     *
     * @param to the destination
     */
    public void weights(final float[] to) {
        System.arraycopy(weights, 0, to, 0, weights.length);
    }

    /**
     * Writes the effective conductances of the window: E[u][j] = sum over input (firstInput + u)'s rows i, ascending,
     * of sign_i G_ij (starting from 0), at {@code e[u * stride + j]}; and, when e2 is not null, the sums of G_ij^2 over
     * the same rows (fused multiply-adds, same order) at {@code e2[u * stride + j]}. This is the reference; a faster
     * kernel builds E with the same adds in the same order, so they agree bit for bit.
     *
     * @param chip the chip
     * @param w the window (its rows are this drive's rows)
     * @param e the effective conductances, at least span x stride floats
     * @param e2 the sums of squares, the same size, or null
     * @param stride floats from one input's row of e to the next, at least w.cols
     */
    public void effective(final Chip chip, final Window w, final float[] e, final float[] e2, final int stride) {
        final MemorySegment g = chip.conductance();
        final int cols = w.cols();
        for (int u = 0; u < weights.length; u++) {
            final int to = u * stride;
            Arrays.fill(e, to, to + cols, 0.0f);
            if (e2 != null) {
                Arrays.fill(e2, to, to + cols, 0.0f);
            }
            for (int k = groupStart[u]; k < groupStart[u + 1]; k++) {
                final long from = chip.offset(w.row0() + groupRows[k], w.col0());
                final float sign = groupSigns[k];
                for (int j = 0; j < cols; j++) {
                    final float gij = g.get(JAVA_FLOAT, from + (long) j * Float.BYTES);
                    e[to + j] += sign * gij;
                    if (e2 != null) {
                        e2[to + j] = Math.fma(gij, gij, e2[to + j]);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RowDrive[" + rows + " rows, inputs " + firstInput + ".." + maxInput() + "]";
    }
}
