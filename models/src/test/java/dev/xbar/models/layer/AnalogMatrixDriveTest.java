package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Peripherals;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.models.mapping.Block;
import dev.xbar.models.mapping.BlockSpec;
import dev.xbar.models.mapping.Tile;
import dev.xbar.models.mapping.UpdateScheme;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * AnalogMatrix drives every used row from its input at the row's sign, whatever the layout: pairs with unused rows
 * between them, unpaired rows, swapped signs, an input's rows spread over the tile. On a noiseless chip its forward
 * product is then x times the read-back weights (sum of sign G over an input's rows / uS-per-weight), within the DAC
 * and ADC steps.
 */
class AnalogMatrixDriveTest {
    private static final ChipSpec IDEAL = ChipSpec.preset("ideal");
    private static final double PER_WEIGHT = 100;

    private static void assertProductOfReadBackWeights(final int[] rowInput, final int[] rowSign, final long seed) {
        final int inputs = 3;
        final int outputs = 2;
        final BlockSpec spec = new BlockSpec("fc", inputs, outputs, 1, 1, 1);
        final Window w = new Window(2, 1, rowInput.length, outputs);
        final Block block = new Block(spec, w, List.of(new Tile(w, rowInput, rowSign, new int[] {0, 1})));
        final SplittableRandom random = new SplittableRandom(seed);
        try (Chip chip = Chip.fabricate(IDEAL, seed, 0)) {
            final AnalogMatrix m =
                    new AnalogMatrix(chip, CrossbarKernels.get(), block, UpdateScheme.TwoPulse.paper(), PER_WEIGHT);
            final float[] initial = new float[inputs * outputs];
            for (int k = 0; k < initial.length; k++) {
                initial[k] = (float) random.nextDouble(-0.5, 0.5);
            }
            m.initialise(initial); // programs the devices, then reads them back into the weights
            final int batch = 5;
            final float[] x = new float[batch * inputs];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) random.nextDouble(-1, 1);
            }
            final float[] y = new float[batch * outputs];
            m.multiply(x, batch, y);
            final Peripherals p = IDEAL.peripherals();
            for (int b = 0; b < batch; b++) {
                double max = 0;
                for (int i = 0; i < inputs; i++) {
                    max = Math.max(max, Math.abs(x[b * inputs + i]));
                }
                final double s = p.readVolts() / max;
                for (int j = 0; j < outputs; j++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (int i = 0; i < inputs; i++) {
                        exact += x[b * inputs + i] * m.weights()[i * outputs + j];
                        magnitude += Math.abs(m.weights()[i * outputs + j]);
                    }
                    // a DAC step on each input, an ADC step on the current, in weight units; read-back rounding
                    final double tolerance = p.dacStepVolts() / s * magnitude
                            + p.adcStepMicroAmps() / (s * PER_WEIGHT)
                            + 1e-4 * (1 + magnitude);
                    assertEquals(exact, y[b * outputs + j], tolerance, "row " + b + " output " + j);
                }
            }
        }
    }

    @Test
    void pairsWithAnUnusedRowBetweenThem() {
        assertProductOfReadBackWeights(new int[] {0, -1, 0, 1, 1, 2, 2}, new int[] {1, 0, -1, 1, -1, 1, -1}, 1);
    }

    @Test
    void unpairedRowsAndSwappedSigns() {
        assertProductOfReadBackWeights(new int[] {0, 0, 1, 2, 2}, new int[] {-1, 1, 1, 1, -1}, 2);
    }

    @Test
    void anInputsRowsSpreadOverTheTileWithAnUndrivenInputBetween() {
        assertProductOfReadBackWeights(new int[] {2, 0, 0, 2, 2, 0}, new int[] {1, 1, -1, -1, 1, -1}, 3);
    }
}
