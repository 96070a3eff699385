package dev.xbar.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.CrossbarKernels;
import org.junit.jupiter.api.Test;

/** The README's example, run as a test so it cannot rot. The body between the markers is pasted into README.md. */
class ReadmeExampleTest {
    @Test
    void fabricateRunAVmmAndProgram() {
        // README:BEGIN
        CrossbarKernels kernels = CrossbarKernels.get(); // SIMD if available, else the scalar reference
        try (Chip chip = Chip.fabricate(ChipSpec.preset("nmi2019"), 42, 0)) { // seed 42, chip #0
            Window block = new Window(0, 0, 4, 2); // 4 rows (inputs) x 2 columns (outputs)
            kernels.resetAll(chip, block); // the paper's initialisation:
            kernels.setAll(chip, block, 1.6f); // RESET all, then SET all at Vg = 1.6 V (~290 uS)

            float[] volts = {0.2f, -0.1f, 0.05f, 0f}; // one input vector, volts
            float[] microAmps = new float[2];
            kernels.vmm(chip, block, volts, microAmps, 1); // I_j = sum_i V_i G_ij + noise, through the ADC

            float[] deltaVg = {0.1f, -0.2f, 0, 0, 0, 0, 0, 0}; // raise G[0][0], lower G[0][1]
            kernels.programGate(chip, block, deltaVg); // two-pulse scheme: RESET where < 0, then SET
            float[] microSiemens = new float[8];
            kernels.readConductances(chip, block, microSiemens); // read back at 0.2 V

            System.out.printf(
                    "I = %s uA, G = %s uS, %s%n",
                    java.util.Arrays.toString(microAmps), java.util.Arrays.toString(microSiemens), chip.stats());
            // README:END
            assertTrue(microSiemens[0] > microSiemens[1], "the raised device ends above the lowered one");
        }
    }
}
