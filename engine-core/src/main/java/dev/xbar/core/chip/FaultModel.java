package dev.xbar.core.chip;

import dev.xbar.core.Check;
import java.util.List;
import java.util.Objects;

/**
 * Which devices are faulty. A stuck device ignores every programming event: stuck-low devices sit at their gMin,
 * stuck-high at their gMax, stuck-random at a uniform value in [gMin, gMax]. Dead rows and columns conduct nothing (G
 * = 0) and ignore programming too. Faulty devices are drawn from the chip's FAULTS stream: independently per device,
 * or, with {@code clusterRadius > 0}, as clusters (the devices with the lowest local mean of a uniform field over a
 * (2r+1)^2 box, so exactly round(fraction * devices) are faulty). A measured fault map (CSV, see {@link FaultMap})
 * is applied last and overrides.
 *
 * @param stuckLowFraction fraction of devices stuck at low conductance
 * @param stuckHighFraction fraction stuck at high conductance
 * @param stuckRandomFraction fraction stuck at a random conductance
 * @param deadRows rows (0-based) that conduct nothing
 * @param deadColumns columns (0-based) that conduct nothing
 * @param clusterRadius 0 for independent faults, else the radius in devices of the clustering box
 * @param mapFile a fault map CSV path (relative paths resolve against the working directory), or empty for none
 */
public record FaultModel(
        double stuckLowFraction,
        double stuckHighFraction,
        double stuckRandomFraction,
        List<Integer> deadRows,
        List<Integer> deadColumns,
        int clusterRadius,
        String mapFile) {

    /** Validates every field and copies the lists. */
    public FaultModel {
        Check.range("stuckLowFraction", stuckLowFraction, 0, 1);
        Check.range("stuckHighFraction", stuckHighFraction, 0, 1);
        Check.range("stuckRandomFraction", stuckRandomFraction, 0, 1);
        Check.range(
                "stuckLowFraction + stuckHighFraction + stuckRandomFraction",
                stuckFraction(stuckLowFraction, stuckHighFraction, stuckRandomFraction),
                0,
                1);
        deadRows = List.copyOf(Objects.requireNonNull(deadRows, "deadRows"));
        deadColumns = List.copyOf(Objects.requireNonNull(deadColumns, "deadColumns"));
        Check.range("clusterRadius", clusterRadius, 0, 64);
        Objects.requireNonNull(mapFile, "mapFile");
    }

    private static double stuckFraction(final double low, final double high, final double random) {
        return low + high + random;
    }

    /**
     * The total stuck fraction.
     *
     * @return low + high + random
     */
    public double stuckFraction() {
        return stuckFraction(stuckLowFraction, stuckHighFraction, stuckRandomFraction);
    }

    /**
     * No faults.
     *
     * @return the preset
     */
    public static FaultModel none() {
        return new FaultModel(0, 0, 0, List.of(), List.of(), 0, "");
    }

    /**
     * The spec's assumption for the 2019 chip (paper-spec.md 1.1 and open question 8): the five columns the 2017
     * driver switched off (1-based 47, 48, 49, 61, 64) are dead and 5% of devices are stuck at a random conductance.
     *
     * @return the preset
     */
    public static FaultModel nmi2019() {
        return new FaultModel(0, 0, 0.05, List.of(), List.of(46, 47, 48, 60, 63), 0, "");
    }

    /**
     * The 2018 chip: 11% unresponsive devices (Li et al., Nat. Commun. 2018), taken as stuck at a random conductance.
     *
     * @return the preset
     */
    public static FaultModel natcomm2018() {
        return new FaultModel(0, 0, 0.11, List.of(), List.of(), 0, "");
    }
}
