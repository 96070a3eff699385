package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.FaultModel;
import dev.xbar.core.chip.Peripherals;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Variability;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.SoftBounds;
import dev.xbar.core.device.StepParameters;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.PulseTrain;
import dev.xbar.models.mapping.Block;
import dev.xbar.models.mapping.BlockSpec;
import dev.xbar.models.mapping.NetworkLayout;
import dev.xbar.models.mapping.Tile;
import dev.xbar.models.mapping.UpdateScheme;
import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The stochastic pulse-train update of a chip block ({@link AnalogMatrix#updateRows}) against the closed form of
 * aihwkit's coincidence rule, and its reproducibility across kernel implementations.
 */
class StochasticUpdateTest {
    private static final double DW = 0.1;
    private static final float US_PER_WEIGHT = 100;

    /**
     * One sample on a 3 x 2 block with two stacked copies (12 x 2 devices), noiseless constant steps, fixed BL 31
     * with update management: every device's pulse count per update is Binomial(31, p_x p_d) with p_x = A |x_i|, p_d
     * = B |d_j|, A = k sqrt(dMax / xMax), B = k sqrt(xMax / dMax), k = sqrt(lr uS-per-weight / 2 / (dw BL)), so its
     * mean is lr uS-per-weight / 2 |x_i d_j| / dw, and its direction is sign(rowSign x_i (-d_j)): the pair moves by
     * -lr x d in weight. Counted from each device's conductance change over 4000 updates (d alternating in sign so
     * the devices stay inside their range), the means must fall within 5 standard errors of the closed form.
     */
    @Test
    void pulseCountsOfOneSampleFollowTheCoincidenceRule() {
        final ChipSpec spec = new ChipSpec(
                16,
                4,
                new ConstantStep(new StepParameters(DW, 0, 0, 0, 120)),
                Variability.none(),
                FaultModel.none(),
                Peripherals.dpe2018());
        final float lr = 0.01f;
        final int bl = 31;
        final float[] x = {0.2f, -0.1f, 0.05f};
        final float[] d = {0.4f, -0.8f};
        final int trials = 4000;
        try (Chip chip = Chip.fabricate(spec, 1, 0)) {
            final Block block = NetworkLayout.packed(spec, List.of(new BlockSpec("fc", 3, 2, 2, 1, 1)))
                    .blocks()
                    .getFirst();
            final AnalogMatrix m = new AnalogMatrix(
                    chip,
                    CrossbarKernels.get(),
                    block,
                    new UpdateScheme.Stochastic(new PulseTrain(bl, true, false)),
                    US_PER_WEIGHT);
            m.initialise(null);
            final Tile tile = block.tiles().getFirst();
            final Window w = tile.window();
            final double[] sum = new double[w.size()];
            final float[] sample = new float[2];
            for (int t = 0; t < trials; t++) {
                final float sign = t % 2 == 0 ? 1 : -1;
                sample[0] = sign * d[0];
                sample[1] = sign * d[1];
                final float[] before = conductances(chip, w);
                m.updateRows(new float[][] {x}, new float[][] {sample}, 1, lr);
                final float[] after = conductances(chip, w);
                for (int k = 0; k < w.size(); k++) {
                    final long n = Math.round((after[k] - before[k]) / DW);
                    final int i = k / w.cols();
                    final int j = k % w.cols();
                    final double direction =
                            Math.signum(tile.rowSign()[i] * x[tile.rowInput()[i]] * -sample[tile.colOutput()[j]]);
                    assertTrue(n * direction >= 0, "device " + k + " moved against sign(x d): " + n);
                    sum[k] += Math.abs(n);
                }
            }
            final double k = Math.sqrt(lr * US_PER_WEIGHT / 2 / (DW * bl));
            final double a = k * Math.sqrt(0.8 / 0.2);
            final double b = k * Math.sqrt(0.2 / 0.8);
            for (int dev = 0; dev < w.size(); dev++) {
                final int i = dev / w.cols();
                final int j = dev % w.cols();
                final double p = a * Math.abs(x[tile.rowInput()[i]]) * b * Math.abs(d[tile.colOutput()[j]]);
                final double expected = bl * p;
                assertEquals(
                        lr * US_PER_WEIGHT / 2 * Math.abs(x[tile.rowInput()[i]] * d[tile.colOutput()[j]]) / DW,
                        expected,
                        1e-6 * expected);
                final double stdErr = Math.sqrt(bl * p * (1 - p) / trials);
                assertEquals(expected, sum[dev] / trials, 5 * stdErr, "device " + dev);
            }
        }
    }

    /**
     * The CNN's blocks on a soft-bounds chip with device-to-device spreads and cycle noise, updated with BL management
     * over random rows: the scalar reference and the SIMD kernels leave the same chip, bit for bit.
     */
    @Test
    void scalarAndSimdKernelsTrainTheSameChip() {
        final ChipSpec spec = ChipSpec.preset("nmi2019").withDevice(SoftBounds.defaults());
        final NetworkLayout layout = NetworkLayout.packed(spec, Architecture.CNN.blocks());
        try (Chip scalar = Chip.fabricate(spec, 3, 0);
                Chip simd = Chip.fabricate(spec, 3, 0)) {
            final List<AnalogMatrix> a = matrices(scalar, CrossbarKernels.named("scalar"), layout);
            final List<AnalogMatrix> b = matrices(simd, CrossbarKernels.named("simd"), layout);
            final SplittableRandom random = new SplittableRandom(4);
            final int rows = 40;
            for (int step = 0; step < 3; step++) {
                for (int l = 0; l < a.size(); l++) {
                    final float[] x = values(random, rows * a.get(l).inputs(), 1.0);
                    final float[] d = values(random, rows * a.get(l).outputs(), 0.5);
                    a.get(l).updateRows(new float[][] {x}, new float[][] {d}, rows, 0.01f);
                    b.get(l).updateRows(new float[][] {x}, new float[][] {d}, rows, 0.01f);
                }
            }
            assertTrue(scalar.stats().stepPulses() > 0);
            assertEquals(scalar.stats(), simd.stats());
            for (int l = 0; l < a.size(); l++) {
                assertArrayEquals(a.get(l).weights(), b.get(l).weights());
            }
            assertArrayEquals(
                    conductances(scalar, new Window(0, 0, spec.rows(), spec.cols())),
                    conductances(simd, new Window(0, 0, spec.rows(), spec.cols())));
        }
    }

    @Test
    void otherSchemesRefuseSamplesAndTheStochasticOneRefusesWeightChanges() {
        final ChipSpec spec = ChipSpec.preset("nmi2019").withDevice(SoftBounds.defaults());
        final NetworkLayout layout = NetworkLayout.packed(spec, List.of(new BlockSpec("fc", 2, 2, 1, 1, 1)));
        try (Chip chip = Chip.fabricate(spec, 1, 0)) {
            final AnalogMatrix counts = new AnalogMatrix(
                    chip,
                    CrossbarKernels.get(),
                    layout.blocks().getFirst(),
                    UpdateScheme.PulseCounts.defaults(),
                    US_PER_WEIGHT);
            assertThrows(
                    IllegalStateException.class,
                    () -> counts.updateRows(new float[][] {new float[2]}, new float[][] {new float[2]}, 1, 0.1f));
            final AnalogMatrix trains = new AnalogMatrix(
                    chip,
                    CrossbarKernels.get(),
                    layout.blocks().getFirst(),
                    UpdateScheme.Stochastic.defaults(),
                    US_PER_WEIGHT);
            assertThrows(IllegalStateException.class, () -> trains.update(new float[4]));
        }
    }

    private static List<AnalogMatrix> matrices(
            final Chip chip, final CrossbarKernels kernels, final NetworkLayout layout) {
        return layout.blocks().stream()
                .map(block -> {
                    final AnalogMatrix m =
                            new AnalogMatrix(chip, kernels, block, UpdateScheme.Stochastic.defaults(), US_PER_WEIGHT);
                    final BlockSpec s = block.spec();
                    m.initialise(Seeds.initialWeights(3, layout.blocks().indexOf(block), s.inputs(), s.outputs()));
                    return m;
                })
                .toList();
    }

    private static float[] values(final SplittableRandom random, final int n, final double scale) {
        final float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) random.nextDouble(-scale, scale);
        }
        return v;
    }

    private static float[] conductances(final Chip chip, final Window w) {
        final float[] g = new float[w.size()];
        for (int i = 0; i < w.rows(); i++) {
            for (int j = 0; j < w.cols(); j++) {
                g[i * w.cols() + j] = chip.get(Plane.CONDUCTANCE, w.row0() + i, w.col0() + j);
            }
        }
        return g;
    }
}
