package dev.xbar.models.train;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.device.GateControlledDevice;

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
}
