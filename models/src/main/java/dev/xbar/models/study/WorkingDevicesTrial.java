package dev.xbar.models.study;

import dev.xbar.core.chip.Chip;

/**
 * The {@code devices} model: fabricates the chip and measures the fraction of its devices that take programming
 * (neither stuck nor on a dead row or column). No network and no training, so a trial costs one fabrication: a fast
 * way to check a study's setup, and the device-level yield behind the network-level one. Its expected value is
 * closed-form, (1 - stuck fraction) x (live rows / rows) x (live columns / cols), which the tests use. Reports 0
 * pulses and no counts: with no network there is no training, programming or inference to estimate energy for.
 */
public final class WorkingDevicesTrial implements TrialFunction {
    private static final long serialVersionUID = 1L;

    /** The trial function (stateless). */
    public WorkingDevicesTrial() {}

    @Override
    public TrialOutcome run(final Trial trial) {
        try (Chip chip =
                Chip.fabricate(trial.point().spec(), trial.seed(), trial.id().trial())) {
            int working = 0;
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    working += chip.isProgrammable(r, c) ? 1 : 0;
                }
            }
            return new TrialOutcome((double) working / (chip.rows() * chip.cols()), 0);
        }
    }
}
