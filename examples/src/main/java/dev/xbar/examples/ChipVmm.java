package dev.xbar.examples;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.CrossbarKernels;
import java.util.Random;

/**
 * A vector-matrix multiply on a fabricated chip: program a 16 x 4 block of the paper's 1T1R devices at four gate
 * voltages, read the conductances back, drive the rows with a batch of input vectors and compare the measured column
 * currents with Ohm's and Kirchhoff's laws applied to the read-back conductances. The difference is the chip's read
 * noise, output noise and ADC.
 */
public final class ChipVmm {
    private ChipVmm() {}

    /**
     * Runs the example.
     *
     * @param args none
     */
    public static void main(final String[] args) {
        final CrossbarKernels kernels = CrossbarKernels.get(); // SIMD with xbar-engine-simd and the vector module
        System.out.println("kernels: " + kernels.name());
        final int rows = 16;
        final int cols = 4;
        final int batch = 8;
        try (Chip chip = Chip.fabricate(ChipSpec.preset("nmi2019"), 7, 0)) { // seed 7, chip #0
            final Window block = new Window(0, 0, rows, cols);
            kernels.resetAll(chip, block);
            kernels.setAll(chip, block, 1.0f); // every device SET at Vg = 1.0 V
            final float[] deltaGate = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    deltaGate[r * cols + c] = 0.2f * c; // column c raised by another 0.2c V of gate
                }
            }
            kernels.programGate(chip, block, deltaGate);
            final float[] g = new float[rows * cols];
            kernels.readConductances(chip, block, g); // microsiemens, at the read voltage

            final Random random = new Random(1);
            final float[] volts = new float[batch * rows];
            for (int i = 0; i < volts.length; i++) {
                volts[i] = 0.2f * (random.nextFloat() * 2 - 1); // within the +-0.2 V read range
            }
            final float[] microAmps = new float[batch * cols];
            kernels.vmm(chip, block, volts, microAmps, batch);

            double worst = 0;
            double scale = 0;
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < cols; c++) {
                    double ideal = 0;
                    for (int r = 0; r < rows; r++) {
                        ideal += volts[b * rows + r] * g[r * cols + c];
                    }
                    worst = Math.max(worst, Math.abs(microAmps[b * cols + c] - ideal));
                    scale = Math.max(scale, Math.abs(ideal));
                }
            }
            System.out.printf("column mean G (uS):");
            for (int c = 0; c < cols; c++) {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    sum += g[r * cols + c];
                }
                System.out.printf(" %.1f", sum / rows);
            }
            System.out.printf(
                    "%nVMM of %d vectors: largest |I - V.G| = %.2f uA of currents up to %.1f uA%n",
                    batch, worst, scale);
            System.out.println(chip.stats());
        }
    }
}
