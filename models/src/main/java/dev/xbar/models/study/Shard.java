package dev.xbar.models.study;

/**
 * One k-th of a study, for batch schedulers: shard {@code i/k} holds the trials whose global index mod k equals i.
 * Interleaving (rather than contiguous ranges) gives every shard a share of every grid point, so shards take about
 * the same time even when points differ in cost.
 *
 * @param index i, from 0 to count - 1
 * @param count k, at least 1
 */
public record Shard(int index, int count) {
    /** The whole study. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks {@code 0 <= index < count}. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "shard " + index + "/" + count + " is not valid (expected i/k with k >= 1 and 0 <= i < k)");
        }
    }

    /**
     * Parses {@code i/k}.
     *
     * @param text e.g. {@code 2/8}
     * @return the shard
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static Shard parse(final String text) {
        final String[] parts = text.split("/", -1);
        if (parts.length == 2) {
            try {
                final int i = Integer.parseInt(parts[0].trim());
                final int k = Integer.parseInt(parts[1].trim());
                if (k >= 1 && i >= 0 && i < k) {
                    return new Shard(i, k);
                }
            } catch (final NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(
                "--shard '" + text + "' is not valid (expected i/k with integers k >= 1 and 0 <= i < k, e.g. 0/4)");
    }

    /**
     * Whether a trial belongs to this shard.
     *
     * @param globalIndex the trial's global index in its study
     * @return true when {@code globalIndex mod count == index}
     */
    public boolean contains(final int globalIndex) {
        return globalIndex % count == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
