package dev.xbar.core.chip;

import dev.xbar.core.Check;

/**
 * Device-to-device spread (drawn once at fabrication from the chip's FABRICATION streams), read noise (drawn on every
 * read) and optional conductance drift. Every spread is the standard deviation of a Gaussian; cycle-to-cycle write
 * noise belongs to the device model.
 *
 * @param slopeSpread relative spread of a gate device's slope: slope_ij = slope (1 + slopeSpread xi), at least 0
 * @param offsetSpreadMicroSiemens absolute spread of a gate device's offset
 * @param boundsSpread spread of each bound. Step devices (aihwkit w_min_dtod = w_max_dtod): relative to the bound's
 *     own distance from w = 0, the center of the mean bounds, each bound drawn separately: gMax_ij = center + (gMax -
 *     center) |1 + boundsSpread xi|, gMin_ij = center - (center - gMin) |1 + boundsSpread xi'| (kept at or above 0),
 *     so w = 0 is inside every device's range. Gate devices: relative to the range, gMax_ij = gMax + boundsSpread
 *     (gMax - gMin) xi, gMin_ij kept at or above 0 and gMax_ij above gMin_ij
 * @param stepSpread relative spread of a step device's step gain, shared by both directions (aihwkit dw_min_dtod)
 * @param upDownSpread spread of a step device's up/down asymmetry in units of dw (aihwkit up_down_dtod): up = dw
 *     |1 + min(beta, 0) + stepSpread xi + upDownSpread xi'|, down = dw |1 - max(beta, 0) + stepSpread xi - upDownSpread
 *     xi'|
 * @param readNoiseMicroSiemens absolute read noise: each read sees G + readNoise xi
 * @param readNoiseRelative relative read noise: each read sees G (1 + readNoiseRelative xi)
 * @param driftNu mean drift exponent nu of G(t) = G0 (t / t0)^-nu (0: no drift)
 * @param driftNuSpread device-to-device spread of nu (nu_ij kept at or above 0)
 * @param driftT0Seconds reference time t0 after programming at which G = G0
 */
public record Variability(
        double slopeSpread,
        double offsetSpreadMicroSiemens,
        double boundsSpread,
        double stepSpread,
        double upDownSpread,
        double readNoiseMicroSiemens,
        double readNoiseRelative,
        double driftNu,
        double driftNuSpread,
        double driftT0Seconds) {

    /** Validates every field. */
    public Variability {
        Check.range("slopeSpread", slopeSpread, 0, 1);
        Check.range("offsetSpreadMicroSiemens", offsetSpreadMicroSiemens, 0, 1000);
        Check.range("boundsSpread", boundsSpread, 0, 1);
        Check.range("stepSpread", stepSpread, 0, 2);
        Check.range("upDownSpread", upDownSpread, 0, 1);
        Check.range("readNoiseMicroSiemens", readNoiseMicroSiemens, 0, 100);
        Check.range("readNoiseRelative", readNoiseRelative, 0, 1);
        Check.range("driftNu", driftNu, 0, 1);
        Check.range("driftNuSpread", driftNuSpread, 0, 1);
        Check.range("driftT0Seconds", driftT0Seconds, 1e-9, 1e9);
    }

    /**
     * No variability at all.
     *
     * @return the preset
     */
    public static Variability none() {
        return new Variability(0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    }

    /**
     * The spec's assumptions for the authors' chips (paper-spec.md, open question 7): 10% device-to-device spread of
     * the slope, 1 uS absolute read noise, no drift.
     *
     * @return the preset
     */
    public static Variability measuredChip() {
        return new Variability(0.1, 0, 0, 0, 0, 1, 0, 0, 0, 1);
    }
}
