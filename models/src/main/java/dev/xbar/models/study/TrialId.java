package dev.xbar.models.study;

import java.io.Serializable;

/**
 * Names one trial: chip {@code trial} (0-based, below the study's chips per point) of grid point {@code point}.
 * Serializable because cluster runners ship blocks of ids and key their result maps by it.
 *
 * @param point the grid point index
 * @param trial the chip index within the point
 */
public record TrialId(int point, int trial) implements Serializable, Comparable<TrialId> {

    /** Checks that both indices are non-negative. */
    public TrialId {
        if (point < 0 || trial < 0) {
            throw new IllegalArgumentException("trial id (" + point + ", " + trial + ") must not be negative");
        }
    }

    /** Point-major order, the order of a study's global trial index. */
    @Override
    public int compareTo(final TrialId o) {
        return point != o.point ? Integer.compare(point, o.point) : Integer.compare(trial, o.trial);
    }

    @Override
    public String toString() {
        return "trial " + trial + " of point " + point;
    }
}
