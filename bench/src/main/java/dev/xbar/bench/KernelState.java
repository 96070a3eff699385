package dev.xbar.bench;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.kernel.CrossbarKernels;
import java.util.SplittableRandom;

/**
 * What every kernel benchmark shares: the implementation under test, picked by name so scalar and SIMD run the same
 * benchmark code, and helpers to fabricate a chip in a realistic state.
 */
final class KernelState {
    private KernelState() {}

    /** The kernels named by a benchmark's {@code impl} parameter ("scalar" or "simd"). */
    static CrossbarKernels kernels(final String impl) {
        return CrossbarKernels.named(impl);
    }

    /** A fabricated chip of the preset with uniform random conductances in [0, gMax). */
    static Chip chip(final ChipSpec spec, final float gMax, final long seed) {
        final Chip chip = Chip.fabricate(spec, seed, 0);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                chip.set(Plane.CONDUCTANCE, r, c, (float) (random.nextDouble() * gMax));
            }
        }
        return chip;
    }

    /** Uniform random values in [-range, range). */
    static float[] uniform(final int n, final double range, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-range, range);
        }
        return v;
    }
}
