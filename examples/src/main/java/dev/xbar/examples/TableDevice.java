package dev.xbar.examples;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.PiecewiseStep;
import dev.xbar.core.device.StepParameters;
import dev.xbar.core.kernel.CrossbarKernels;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A custom device model from a response table: reads the step factors of a {@link PiecewiseStep} device from a CSV
 * file, puts it on the nmi2019 chip in place of the 1T1R device ({@link ChipSpec#withDevice}), and traces the
 * device's response: the mean conductance of a block after each batch of potentiating, then depressing pulses.
 */
public final class TableDevice {
    private TableDevice() {}

    /**
     * Runs the example.
     *
     * @param args the table file; default {@code data/piecewise-response.csv} (in the examples folder)
     */
    public static void main(final String[] args) {
        final Path table = Path.of(args.length > 0 ? args[0] : "data/piecewise-response.csv");
        final PiecewiseStep device = PiecewiseStep.readTable(table, StepParameters.defaults());
        final ChipSpec spec = ChipSpec.preset("nmi2019").withDevice(device);
        System.out.println("device: " + device);
        final CrossbarKernels kernels = CrossbarKernels.get();
        try (Chip chip = Chip.fabricate(spec, 3, 0)) {
            final Window block = new Window(0, 0, 8, 8);
            final float[] g = new float[block.size()];
            final int[] pulses = new int[block.size()];
            for (final int perStep : new int[] {250, -250}) {
                Arrays.fill(pulses, perStep);
                for (int step = 0; step < 4; step++) {
                    kernels.applyPulses(chip, block, pulses);
                    kernels.readConductances(chip, block, g);
                    double sum = 0;
                    for (final float v : g) {
                        sum += v;
                    }
                    System.out.printf("after %+4d pulses per device: mean G = %.2f uS%n", perStep, sum / g.length);
                }
            }
            System.out.println(chip.stats());
        }
    }
}
