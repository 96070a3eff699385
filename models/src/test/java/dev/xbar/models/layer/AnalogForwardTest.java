package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Peripherals;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.models.mapping.BlockSpec;
import dev.xbar.models.mapping.NetworkLayout;
import dev.xbar.models.mapping.UpdateScheme;
import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.Seeds;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * On a noiseless chip every analog product is the software product with the read-back weights, up to the converters:
 * the input DAC (symmetric, so on a pair driven +-v its half-step error acts on G+ - G-: at most half a step / s times
 * |w| per input), the ADC (half an LSB per summed column) and the read-back's ADC (half of LSB / Vread per device).
 */
class AnalogForwardTest {
    private static final ChipSpec IDEAL = ChipSpec.preset("ideal");

    @Test
    void idealChipReproducesEveryProductOfTheCnnForwardPass() {
        try (Chip chip = Chip.fabricate(IDEAL, 5, 0);
                Parallel one = new Parallel(1)) {
            final NetworkLayout layout = NetworkLayout.packed(IDEAL, Architecture.CNN.blocks());
            final Network analog = Architecture.CNN.build(
                    (index, block) -> {
                        final AnalogMatrix m = new AnalogMatrix(
                                chip,
                                CrossbarKernels.get(),
                                layout.blocks().get(index),
                                UpdateScheme.TwoPulse.paper(),
                                100);
                        m.initialise(Seeds.initialWeights(5, index, block.inputs(), block.outputs()));
                        return m;
                    },
                    one);
            final int batch = 3;
            final SplittableRandom random = new SplittableRandom(9);
            float[] x = new float[batch * 64];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) random.nextDouble(-0.2, 0.2);
            }
            for (final Layer layer : analog.layers()) {
                final float[] out = new float[batch * layer.outputShape().size()];
                if (layer instanceof WeightLayer w) {
                    final float[] rows = layer instanceof Conv2d c ? patches(c, x, batch) : x;
                    final int n = rows.length / w.matrix().inputs();
                    final float[] exact = new float[n * w.matrix().outputs()];
                    Gemm.multiply(
                            rows,
                            w.matrix().inputs(),
                            w.matrix().weights(),
                            w.matrix().outputs(),
                            exact,
                            0,
                            n);
                    final float[] chipOut = new float[exact.length];
                    w.matrix().multiply(rows, n, chipOut);
                    assertProductsMatch((AnalogMatrix) w.matrix(), rows, n, exact, chipOut);
                    System.arraycopy(exact, 0, out, 0, out.length);
                } else {
                    Passes.forward(layer, x, out, batch);
                }
                x = out;
            }
        }
    }

    @Test
    void foldedDenseBlockProductMatchesWithinTheConverterSteps() {
        try (Chip chip = Chip.fabricate(IDEAL, 6, 0)) {
            final NetworkLayout layout = NetworkLayout.packed(IDEAL, List.of(new BlockSpec("fc", 64, 10, 2, 1, 3)));
            final AnalogMatrix m = new AnalogMatrix(
                    chip, CrossbarKernels.get(), layout.blocks().getFirst(), UpdateScheme.TwoPulse.paper(), 100);
            m.initialise(GradientCheck.randomWeights(640, 10));
            final int rows = 5;
            final float[] x = GradientCheck.randomWeights(rows * 64, 11);
            final float[] exact = new float[rows * 10];
            Gemm.multiply(x, 64, m.weights(), 10, exact, 0, rows);
            final float[] y = new float[rows * 10];
            m.multiply(x, rows, y);
            assertProductsMatch(m, x, rows, exact, y);
        }
    }

    @Test
    void aChipReadsAConvolutionsPatchesInPlaceWithTheBitsOfTheWrittenOutRows() {
        // the paper CNN's conv1 and conv2 blocks on two identical noisy chips: one multiplies the gathered patches,
        // the other reads them in place (CrossbarKernels.vmmPatches); read and output noise and the same events, so
        // a different scale, sum or draw would show
        final ChipSpec spec = ChipSpec.preset("nmi2019")
                .with("variability.readNoiseMicroSiemens", 2.0)
                .with("peripherals.outputNoiseMicroAmps", 0.5);
        final List<BlockSpec> blocks = Architecture.CNN.blocks();
        final Im2col[] geometries = {
            Im2col.same(new Shape(8, 8, 1), 3, 3),
            Im2col.same(new Shape(8, 8, blocks.getFirst().outputs()), 2, 2)
        };
        final NetworkLayout layout = NetworkLayout.packed(spec, blocks);
        for (int index = 0; index < 2; index++) {
            final Im2col g = geometries[index];
            final int batch = 7;
            final int rows = batch * g.patchesPerSample();
            final float[] image = GradientCheck.randomWeights(batch * g.input().size(), 40 + index);
            final float[] written = new float[rows * g.patchSize()];
            g.gather(image, batch, written);
            final float[][] y = new float[2][];
            final float[] untouched = new float[written.length];
            Arrays.fill(untouched, Float.NaN);
            for (int run = 0; run < 2; run++) {
                try (Chip chip = Chip.fabricate(spec, 41, 0)) {
                    final AnalogMatrix m = new AnalogMatrix(
                            chip,
                            CrossbarKernels.get(),
                            layout.blocks().get(index),
                            UpdateScheme.TwoPulse.paper(),
                            100);
                    m.initialise(Seeds.initialWeights(5, index, g.patchSize(), m.outputs()));
                    m.beginProducts(rows, 1);
                    y[run] = new float[rows * m.outputs()];
                    if (run == 0) {
                        m.multiply(written, y[run], 0, rows, 0);
                    } else {
                        // two ranges, the first cutting a sample, as the rows of a parallel split may
                        final int cut = 3 * g.patchesPerSample() + 5;
                        // both convolutions' patches are read in place
                        assertFalse(m.multiplyPatches(g, image, untouched, y[run], 0, cut, 0));
                        assertFalse(m.multiplyPatches(g, image, untouched, y[run], cut, rows, 0));
                    }
                }
            }
            assertArrayEquals(y[0], y[1], "block " + index);
            for (final float v : untouched) {
                assertTrue(Float.isNaN(v), "the patch buffer is left alone");
            }
        }
    }

    private static float[] patches(final Conv2d conv, final float[] x, final int batch) {
        final Im2col g = conv.geometry();
        final float[] p = new float[batch * g.patchesPerSample() * g.patchSize()];
        g.gather(x, batch, p);
        return p;
    }

    private static void assertProductsMatch(
            final AnalogMatrix m, final float[] x, final int rows, final float[] exact, final float[] actual) {
        final Peripherals p = IDEAL.peripherals();
        final BlockSpec b = m.block().spec();
        final double readStep = p.adcStepMicroAmps() / p.readVolts();
        final float[] w = m.weights();
        for (int r = 0; r < rows; r++) {
            double max = 0;
            for (int i = 0; i < b.inputs(); i++) {
                max = Math.max(max, Math.abs(x[r * b.inputs() + i]));
            }
            final double s = max == 0 ? 1 : p.readVolts() / max;
            for (int j = 0; j < b.outputs(); j++) {
                double sumAbsW = 0;
                double sumAbsX = 0;
                for (int i = 0; i < b.inputs(); i++) {
                    sumAbsW += Math.abs(w[i * b.outputs() + j]);
                    sumAbsX += Math.abs(x[r * b.inputs() + i]);
                }
                final double dac = 0.5 * p.dacStepVolts() / s * sumAbsW;
                final double readBack = sumAbsX * 2 * 0.5 * readStep / 100;
                final double adc =
                        b.tiles() * b.copiesHorizontal() * 0.5 * p.adcStepMicroAmps() / (s * 100 * b.copies());
                final int at = r * b.outputs() + j;
                assertEquals(exact[at], actual[at], 1.01 * (dac + readBack + adc) + 1e-6, b.name() + " output " + at);
            }
        }
    }
}
