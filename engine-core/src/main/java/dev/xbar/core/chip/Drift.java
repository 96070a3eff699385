package dev.xbar.core.chip;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.xbar.core.Check;
import java.lang.foreign.MemorySegment;

/**
 * Power-law conductance drift, G(t) = G(t0) (t / t0)^-nu, with each device's own nu from {@link Plane#DRIFT_NU} (mean
 * and spread from {@link Variability}). Drift is applied explicitly, by simulated time, so a study decides when
 * retention matters; stuck and dead devices do not drift. The clock of every device starts when its chip's programming
 * ends (the end of training or of an ex situ transfer): ages up to t0 leave G as programmed. To test one chip at
 * several ages, use {@link Ageing}, which ages each time from the same programmed state; {@link #age} compounds.
 */
public final class Drift {
    private Drift() {}

    /**
     * Ages the window's working devices from t0 to t after their programming: G = G (t / t0)^-nu. Applying it twice
     * compounds, as ageing t1 then t2 is ageing t1 * t2 / t0.
     *
     * @param chip the chip
     * @param w the window
     * @param seconds the time since programming, at least the spec's t0
     */
    public static void age(final Chip chip, final Window w, final double seconds) {
        w.checkFits(chip);
        final double t0 = chip.spec().variability().driftT0Seconds();
        Check.range("seconds", seconds, t0, Double.MAX_VALUE);
        final double logRatio = Math.log(seconds / t0);
        final MemorySegment g = chip.conductance();
        final MemorySegment nu = chip.plane(Plane.DRIFT_NU);
        final MemorySegment fault = chip.faults();
        for (int i = 0; i < w.rows(); i++) {
            for (int j = 0; j < w.cols(); j++) {
                final long at = chip.offset(w.row0() + i, w.col0() + j);
                if (fault.get(JAVA_FLOAT, at) == FaultCode.OK) {
                    final double factor = Math.exp(-nu.get(JAVA_FLOAT, at) * logRatio);
                    g.set(JAVA_FLOAT, at, (float) (g.get(JAVA_FLOAT, at) * factor));
                }
            }
        }
    }
}
