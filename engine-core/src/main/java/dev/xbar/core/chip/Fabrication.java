package dev.xbar.core.chip;

import dev.xbar.core.device.DeviceModel;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.random.Purpose;
import dev.xbar.core.random.RandomStreams;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fills a new chip's planes. Device (r, c) draws index r * cols + c of each FABRICATION stream (event 0), so a
 * device's parameters depend only on (seed, chipIndex, r, c), not on the visiting order.
 */
final class Fabrication {
    private Fabrication() {}

    static void fill(final Chip chip) {
        drawDevices(chip);
        drawFaults(chip);
        final String mapFile = chip.spec().faults().mapFile();
        if (!mapFile.isEmpty()) {
            FaultMap.apply(chip, Path.of(mapFile));
        }
    }

    private static long key(final Chip chip, final Purpose purpose) {
        return chip.streamKey(purpose, 0);
    }

    /** sigma * xi, or exactly 0 without a draw when sigma is 0. */
    private static double spread(final long key, final long index, final double sigma) {
        return sigma == 0 ? 0 : sigma * RandomStreams.gaussian(key, index);
    }

    /**
     * A step device bound's distance from w = 0 relative to the mean one: |1 + sigma xi| (aihwkit with
     * enforce_consistency), at least 1e-3 so that w = 0 stays strictly inside the range.
     */
    private static double reach(final long key, final long index, final double sigma) {
        return Math.max(1e-3, Math.abs(1 + spread(key, index, sigma)));
    }

    private static void drawDevices(final Chip chip) {
        final ChipSpec spec = chip.spec();
        final Variability v = spec.variability();
        final DeviceModel device = spec.device();
        final double gMin = device.gMinMicroSiemens();
        final double gMax = device.gMaxMicroSiemens();
        final double boundSigma = v.boundsSpread() * (gMax - gMin);
        final double minRange = 1e-3 * (gMax - gMin);
        final long gMinKey = key(chip, Purpose.FABRICATION_G_MIN);
        final long gMaxKey = key(chip, Purpose.FABRICATION_G_MAX);
        final long slopeKey = key(chip, Purpose.FABRICATION_SLOPE);
        final long offsetKey = key(chip, Purpose.FABRICATION_OFFSET);
        final long stepKey = key(chip, Purpose.FABRICATION_STEP);
        final long upDownKey = key(chip, Purpose.FABRICATION_UP_DOWN);
        final long driftKey = key(chip, Purpose.FABRICATION_DRIFT);
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                final long index = (long) r * chip.cols() + c;
                final double lo;
                final double hi;
                if (device instanceof StepDevice s) {
                    // aihwkit w_min/w_max_dtod: each bound spreads relative to its distance from w = 0 (the center),
                    // which stays inside every device's range; conductance stays at or above 0
                    final double center = s.steps().centerMicroSiemens();
                    hi = center + (gMax - center) * reach(gMaxKey, index, v.boundsSpread());
                    lo = Math.max(0, center - (center - gMin) * reach(gMinKey, index, v.boundsSpread()));
                } else {
                    lo = Math.max(0, gMin + spread(gMinKey, index, boundSigma));
                    hi = Math.max(lo + minRange, gMax + spread(gMaxKey, index, boundSigma));
                }
                chip.set(Plane.G_MIN, r, c, (float) lo);
                chip.set(Plane.G_MAX, r, c, (float) hi);
                chip.set(Plane.DRIFT_NU, r, c, (float)
                        Math.max(0, v.driftNu() + spread(driftKey, index, v.driftNuSpread())));
                switch (device) {
                    case GateControlledDevice g -> {
                        final double slope =
                                g.slopeMicroSiemensPerVolt() * (1 + spread(slopeKey, index, v.slopeSpread()));
                        chip.set(Plane.SLOPE, r, c, (float) Math.max(0, slope));
                        chip.set(Plane.OFFSET, r, c, (float)
                                (g.offsetMicroSiemens() + spread(offsetKey, index, v.offsetSpreadMicroSiemens())));
                        chip.set(Plane.CONDUCTANCE, r, c, (float) Math.clamp(g.resetMicroSiemens(), lo, hi));
                    }
                    case StepDevice s -> {
                        // aihwkit PulsedDevice: the larger mean step is dw_min, the smaller dw_min (1 - |up_down|);
                        // the gain (dw_min_dtod) is shared by both directions, the asymmetry spread (up_down_dtod)
                        // moves them apart; enforce_consistency keeps both steps non-negative
                        final double beta = s.steps().upDown();
                        final double gain = 1 + spread(stepKey, index, v.stepSpread());
                        final double skew = spread(upDownKey, index, v.upDownSpread());
                        final double dw = s.steps().dwMinMicroSiemens();
                        chip.set(Plane.STEP_UP, r, c, (float) (dw * Math.abs(Math.min(beta, 0) + gain + skew)));
                        chip.set(Plane.STEP_DOWN, r, c, (float) (dw * Math.abs(-Math.max(beta, 0) + gain - skew)));
                        chip.set(Plane.CONDUCTANCE, r, c, (float) lo);
                    }
                }
            }
        }
    }

    private static void drawFaults(final Chip chip) {
        final FaultModel faults = chip.spec().faults();
        final int rows = chip.rows();
        final int cols = chip.cols();
        final double total = faults.stuckFraction();
        if (total > 0) {
            final long faultKey = key(chip, Purpose.FAULTS);
            final long kindKey = key(chip, Purpose.FAULT_KIND);
            final boolean[] faulty = faults.clusterRadius() == 0
                    ? independentFaults(faultKey, rows, cols, total)
                    : clusteredFaults(faultKey, rows, cols, total, faults.clusterRadius());
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    final long index = (long) r * cols + c;
                    if (faulty[(int) index]) {
                        final double u = RandomStreams.uniform(kindKey, 2 * index) * total;
                        final float code = u < faults.stuckLowFraction()
                                ? FaultCode.STUCK_LOW
                                : u < faults.stuckLowFraction() + faults.stuckHighFraction()
                                        ? FaultCode.STUCK_HIGH
                                        : FaultCode.STUCK_RANDOM;
                        markStuck(chip, r, c, code, stuckLevel(chip, r, c, code));
                    }
                }
            }
        }
        for (final int r : faults.deadRows()) {
            for (int c = 0; c < cols; c++) {
                markStuck(chip, r, c, FaultCode.DEAD, 0);
            }
        }
        for (final int c : faults.deadColumns()) {
            for (int r = 0; r < rows; r++) {
                markStuck(chip, r, c, FaultCode.DEAD, 0);
            }
        }
    }

    /**
     * The conductance a device stuck with a fault code sits at: its own gMin or gMax, a uniform value between them
     * (index 2 * (r * cols + c) + 1 of the FAULT_KIND stream), or 0 when dead.
     */
    static float stuckLevel(final Chip chip, final int r, final int c, final float code) {
        final float lo = chip.get(Plane.G_MIN, r, c);
        final float hi = chip.get(Plane.G_MAX, r, c);
        if (code == FaultCode.STUCK_LOW) {
            return lo;
        } else if (code == FaultCode.STUCK_HIGH) {
            return hi;
        } else if (code == FaultCode.STUCK_RANDOM) {
            final long index = 2L * ((long) r * chip.cols() + c) + 1;
            return lo + (hi - lo) * RandomStreams.uniform(key(chip, Purpose.FAULT_KIND), index);
        }
        return 0;
    }

    static void markStuck(final Chip chip, final int r, final int c, final float code, final float g) {
        chip.set(Plane.FAULT, r, c, code);
        chip.set(Plane.CONDUCTANCE, r, c, g);
    }

    private static boolean[] independentFaults(final long key, final int rows, final int cols, final double fraction) {
        final boolean[] faulty = new boolean[rows * cols];
        for (int i = 0; i < faulty.length; i++) {
            faulty[i] = RandomStreams.uniform(key, i) < fraction;
        }
        return faulty;
    }

    /**
     * Clustered faults: smooth a uniform field with a (2r+1)^2 box mean and mark the round(fraction * n) lowest
     * devices (ties broken by index), so faults form blobs of about the box size.
     */
    private static boolean[] clusteredFaults(
            final long key, final int rows, final int cols, final double fraction, final int radius) {
        final int n = rows * cols;
        final float[] field = new float[n];
        for (int i = 0; i < n; i++) {
            field[i] = RandomStreams.uniform(key, i);
        }
        final long[] ranked = new long[n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double sum = 0;
                int count = 0;
                for (int rr = Math.max(0, r - radius); rr <= Math.min(rows - 1, r + radius); rr++) {
                    for (int cc = Math.max(0, c - radius); cc <= Math.min(cols - 1, c + radius); cc++) {
                        sum += field[rr * cols + cc];
                        count++;
                    }
                }
                final int index = r * cols + c;
                // the float bits of a non-negative mean order like the mean; the index breaks ties
                ranked[index] = ((long) Float.floatToIntBits((float) (sum / count)) << 32) | index;
            }
        }
        Arrays.sort(ranked);
        final boolean[] faulty = new boolean[n];
        final int count = (int) Math.round(fraction * n);
        for (int k = 0; k < count; k++) {
            faulty[(int) (ranked[k] & 0xFFFFFFFFL)] = true;
        }
        return faulty;
    }
}
