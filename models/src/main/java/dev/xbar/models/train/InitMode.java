package dev.xbar.models.train;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.device.GateControlledDevice;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an in situ run programs its chip before training.
 *
 * <p>The symmetry trap: the paper's initialisation (RESET all, then SET all at 1.6 V) puts G+ and G- of every pair at
 * the same level, so every weight starts at zero plus write noise. Only that noise breaks the symmetry; on a chip
 * without write noise every weight is exactly zero, every gradient is zero and training never starts.
 */
public enum InitMode {
    /**
     * The paper: gate devices RESET all, then SET all at 1.6 V; step devices pulsed to mid-range. Weights start at
     * about zero.
     */
    PAPER,
    /** PAPER, then each pair programmed to a seeded random weight U(-1, 1) / sqrt(inputs), the software init. */
    RANDOM,
    /** RANDOM on chips without write noise (noiseless gate devices, and step devices), PAPER otherwise. */
    AUTO;

    /**
     * Whether a chip of this spec starts from the seeded random weights after the paper's initialisation.
     *
     * @param spec the chip's spec
     * @return true for RANDOM, and for AUTO on a chip without write noise
     */
    public boolean drawsWeights(final ChipSpec spec) {
        return switch (this) {
            case PAPER -> false;
            case RANDOM -> true;
            case AUTO -> !(spec.device() instanceof GateControlledDevice g) || g.writeNoiseMicroSiemens() == 0;
        };
    }

    /**
     * The name on the command line and in result files.
     *
     * @return {@code paper}, {@code random} or {@code auto}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode of a name.
     *
     * @param id {@code paper}, {@code random} or {@code auto}
     * @return the mode
     * @throws IllegalArgumentException listing the names
     */
    public static InitMode named(final String id) {
        return Arrays.stream(values())
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + id + "' is not an initialisation (expected paper, random or auto)"));
    }

    /**
     * The initialisation a chip of this spec actually gets: this mode, or for AUTO the one it chooses.
     *
     * @param spec the chip's spec
     * @return PAPER or RANDOM
     */
    public InitMode used(final ChipSpec spec) {
        return drawsWeights(spec) ? RANDOM : PAPER;
    }
}
