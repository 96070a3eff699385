package dev.xbar.models.layer;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Which of a layer's weight-gradient slices ({@link Gemm#gradientSlice}: fixed {@link Gemm#GRADIENT_SLICE_ROWS}-row
 * slices of one mini-batch) have been summed, and which are left.
 *
 * <p>A slice whose rows all lie in one backward range is summed at the end of that range ({@link #sumWithin}), on the
 * thread that has just written its rows, while they are still in its cache: a convolution's patches (6,400 rows of 60
 * values for the paper CNN's second layer) do not fit in L2, and a second pass over them after all ranges read them
 * back from memory, half of them from the other core. The slices no range covers whole (a dense layer's one slice of
 * 100 rows, a slice across two ranges) are {@link #pending} and summed after all ranges. Every slice still has its own
 * partial, added in slice order ({@link Gemm#reduce}), so the gradient is bit for bit the same whatever the ranges
 * and threads.
 *
 * <p>Threads: ranges mark disjoint slices; {@link #pending} is read after the ranges' region has ended.
 */
final class GradientSlices {
    private int rows;
    private int count;
    private boolean[] summed = new boolean[0];
    private int[] pending = new int[0];
    private int pendingCount;

    /**
     * Starts a mini-batch: nothing summed yet.
     *
     * @param rows the batch's gradient rows
     */
    void begin(final int rows) {
        this.rows = rows;
        this.count = Gemm.gradientSlices(rows);
        if (summed.length < count) {
            summed = new boolean[count];
            pending = new int[count];
        }
        Arrays.fill(summed, 0, count, false);
        pendingCount = -1;
    }

    /**
     * Slices of the batch.
     *
     * @return ceil(rows / slice rows)
     */
    int count() {
        return count;
    }

    /**
     * Sums the slices whose rows all lie in [from, to), the rows a backward range has just finished.
     *
     * @param from first row of the range
     * @param to one past its last row
     * @param sum sums one slice into its partial
     */
    void sumWithin(final int from, final int to, final IntConsumer sum) {
        final int first = Math.ceilDiv(from, Gemm.GRADIENT_SLICE_ROWS);
        final int end = to == rows ? count : to / Gemm.GRADIENT_SLICE_ROWS;
        for (int s = first; s < end; s++) {
            sum.accept(s);
            summed[s] = true;
        }
    }

    /**
     * The slices no range summed, listed on the first call after the ranges.
     *
     * @return how many
     */
    int pending() {
        if (pendingCount < 0) {
            pendingCount = 0;
            for (int s = 0; s < count; s++) {
                if (!summed[s]) {
                    pending[pendingCount++] = s;
                }
            }
        }
        return pendingCount;
    }

    /**
     * One of the slices no range summed.
     *
     * @param k 0 to {@link #pending()} - 1
     * @return its slice index
     */
    int pendingSlice(final int k) {
        return pending[k];
    }
}
