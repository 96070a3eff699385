package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.FaultModel;
import dev.xbar.core.chip.Peripherals;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Variability;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.random.FloatMath;
import dev.xbar.core.random.Purpose;
import dev.xbar.core.random.RandomStreams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transposed VMM's dot products are reassociated (lane l sums inputs l, l + N, ..), so they cannot equal the
 * scalar reference bit for bit; what they must be is the same in every JIT state, which only a fixed lane-sum order
 * gives ({@code reduceLanes(ADD)} may add in one order in the Java fallback and another in the C2 intrinsic). This
 * test states that order independently: per-lane fused multiply-adds, then lane k + h onto lane k for h = N/2 .. 1,
 * for the currents and for the sums of (V G)^2 the relative read noise needs, and checks every output bit for bit.
 *
 * <p>A 24-bit ADC whose full scale is just above the currents makes its step about one float ulp of them, so a
 * different summation order shows in the outputs instead of being rounded away.
 */
class TransposedVmmTest {
    private static CrossbarKernels simd;

    /** Float lanes (read only once the vector module is known to be there). */
    private static int lanes;

    /** Window widths (inputs) around whole vectors at every width, and primes. */
    private static final int[] COLS = {127, 128, 129, 131, 200, 257, 293};

    @BeforeAll
    static void needsTheVectorModule() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "runs with --add-modules=jdk.incubator.vector");
        simd = CrossbarKernels.named(SimdKernelProvider.NAME);
        lanes = Lanes.N;
    }

    /** An ideal 70 x 300 chip with a 24-bit ADC over +-fullScale uA (10 kOhm TIA) and the given relative noise. */
    private static ChipSpec chip(final double fullScaleMicroAmps, final double relativeReadNoise) {
        return new ChipSpec(
                        70,
                        300,
                        GateControlledDevice.ideal(),
                        Variability.none(),
                        FaultModel.none(),
                        new Peripherals(12, 0.2, 0.2, 10_000, 24, fullScaleMicroAmps / 100, 0))
                .with("variability.readNoiseRelative", relativeReadNoise);
    }

    /**
     * The lanes of sum_j a_j b_j (or of sum_j (a_j b_j)^2) as the kernel accumulates them: lane j mod N, one fused
     * multiply-add per term, j ascending.
     */
    private static float[] lanes(final float[] a, final float[] b, final int n, final boolean squareProducts) {
        final float[] acc = new float[lanes];
        for (int j = 0; j < n; j++) {
            final float x = a[j] * b[j];
            acc[j % lanes] = squareProducts ? Math.fma(x, x, acc[j % lanes]) : Math.fma(a[j], b[j], acc[j % lanes]);
        }
        return acc;
    }

    /** The fixed order: lane k + h onto lane k for h = N/2, .., 1, then lane 0. */
    private static float pairwise(final float[] lanes) {
        float[] acc = lanes;
        for (int h = acc.length / 2; h >= 1; h /= 2) {
            final float[] next = new float[acc.length];
            for (int k = 0; k < acc.length; k++) {
                next[k] = acc[k] + acc[k ^ h];
            }
            acc = next;
        }
        return acc[0];
    }

    /** The lanes added first to last, as reduceLanes(ADD)'s Java fallback does. */
    private static float sequential(final float[] lanes) {
        float sum = 0.0f;
        for (final float x : lanes) {
            sum += x;
        }
        return sum;
    }

    private static void check(final double relativeReadNoise, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        int orderShows = 0;
        int outputs = 0;
        for (final int cols : COLS) {
            // inputs in [0, 0.2] V on the DAC grid and G in [0, 10) uS: currents near 0.5 uA per input
            final ChipSpec spec = chip(0.75 * cols, relativeReadNoise);
            final Peripherals p = spec.peripherals();
            try (Chip chip = Chip.fabricate(spec, seed, 0)) {
                final Window w = new Window(3, 5, 64, cols);
                for (int r = 0; r < chip.rows(); r++) {
                    for (int c = 0; c < chip.cols(); c++) {
                        chip.set(Plane.CONDUCTANCE, r, c, (float) (random.nextDouble() * 10));
                    }
                }
                final int batch = 5; // one block of four batch rows and one single row
                final float[] v = new float[batch * cols];
                for (int k = 0; k < v.length; k++) {
                    v[k] = random.nextInt(p.dacMaxCode() + 1) * p.dacStepVolts();
                }
                final long readKey = chip.streamKey(Purpose.READ_NOISE, chip.eventCounter());
                final float[] out = new float[batch * w.rows()];
                simd.vmmTransposed(chip, w, v, out, batch);
                final float relative2 = (float) relativeReadNoise * (float) relativeReadNoise;
                final float[] g = new float[cols];
                final float[] row = new float[cols];
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < cols; j++) {
                        row[j] = FloatMath.quantize(v[b * cols + j], p.dacStepVolts(), -p.dacMaxCode(), p.dacMaxCode());
                    }
                    for (int i = 0; i < w.rows(); i++) {
                        for (int j = 0; j < cols; j++) {
                            g[j] = chip.get(Plane.CONDUCTANCE, w.row0() + i, w.col0() + j);
                        }
                        final int k = b * w.rows() + i;
                        final float[] currents = lanes(row, g, cols, false);
                        final float[] squares = lanes(row, g, cols, true);
                        final float gaussian = RandomStreams.gaussian(readKey, k);
                        final float expected = adc(p, pairwise(currents), relative2, pairwise(squares), gaussian);
                        if (expected != adc(p, sequential(currents), relative2, sequential(squares), gaussian)) {
                            orderShows++;
                        }
                        assertTrue(Math.abs(expected) < p.adcMaxCode() * p.adcStepMicroAmps(), "saturated: " + k);
                        assertEquals(
                                Float.floatToIntBits(expected),
                                Float.floatToIntBits(out[k]),
                                cols + " inputs, batch row " + b + ", output " + i + ": " + expected + " vs " + out[k]);
                        outputs++;
                    }
                }
            }
        }
        // the order shows: adding the lanes first to last would give other outputs for some of these (a tenth at 512
        // and 256 bits, fewer at 128), so a sum in another order cannot pass
        assertTrue(orderShows >= outputs / 100, orderShows + " of " + outputs + " outputs tell the orders apart");
    }

    /** Relative read noise (no absolute term) and the ADC, as the read path applies them to one output. */
    private static float adc(
            final Peripherals p, final float current, final float relative2, final float sumV2G2, final float g1) {
        final float noisy = relative2 == 0.0f ? current : current + (float) Math.sqrt(relative2 * sumV2G2) * g1;
        return FloatMath.quantize(noisy, p.adcStepMicroAmps(), p.adcMinCode(), p.adcMaxCode());
    }

    @Test
    void noiselessOutputsAreTheFixedOrderLaneSums() {
        check(0, 40);
    }

    @Test
    void relativeReadNoiseUsesTheFixedOrderSumOfSquares() {
        check(0.02, 41);
    }
}
