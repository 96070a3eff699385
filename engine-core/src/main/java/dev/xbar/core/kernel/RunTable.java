package dev.xbar.core.kernel;

/**
 * The run offsets of {@link MatrixKernels#copyRuns}, {@link MatrixKernels#sumRuns} and {@link MatrixKernels#maxRuns}
 * (an im2col's, a col2im's or a pooling's table, built once per geometry), with their largest and smallest entry found
 * once, when the table is made: a call then checks its source in constant time, the whole table against it (stricter
 * than the entries the call uses). Scanning a call's entries instead took 3% of an in situ training step of the paper
 * CNN: a conv1 run is a single value, so the scan cost about as much as the copy.
 */
public final class RunTable {
    /** The entries, a private copy: no caller can change them after the check. */
    final int[] at;

    /** The largest entry (-1 for none at least 0). */
    final int max;

    /** The smallest entry (0 for none below 0). */
    final int min;

    private RunTable(final int[] at) {
        this.at = at;
        int hi = -1;
        int lo = 0;
        for (final int a : at) {
            hi = Math.max(hi, a);
            lo = Math.min(lo, a);
        }
        this.max = hi;
        this.min = lo;
    }

    /**
     * A table of the given entries (copied).
     *
     * @param at per run, its offset from the call's base, or below 0 for padding where a kernel allows it
     * @return the table
     */
    public static RunTable of(final int... at) {
        return new RunTable(at.clone());
    }

    /**
     * Entries in the table.
     *
     * @return its length
     */
    public int length() {
        return at.length;
    }

    /**
     * One entry.
     *
     * @param k its index
     * @return the entry
     */
    public int get(final int k) {
        return at[k];
    }
}
