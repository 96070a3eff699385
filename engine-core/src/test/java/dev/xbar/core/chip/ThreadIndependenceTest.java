package dev.xbar.core.chip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.xbar.core.kernel.CrossbarKernels;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Chips of a study give the same results whether they run one after another or on many threads at once. */
class ThreadIndependenceTest {
    private static float[] runChip(final int index) {
        final CrossbarKernels k = CrossbarKernels.named("scalar");
        try (Chip chip = Chip.fabricate(ChipSpec.preset("nmi2019"), 2026, index)) {
            final Window w = Window.of(chip);
            k.resetAll(chip, w);
            k.setAll(chip, w, 1.6f);
            final float[] delta = new float[w.size()];
            for (int i = 0; i < delta.length; i++) {
                delta[i] = ((i * 37 + index) % 11 - 5) * 0.01f;
            }
            k.programGate(chip, w, delta);
            final float[] g = new float[w.size()];
            k.readConductances(chip, w, g);
            return g;
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        final float[][] sequential =
                IntStream.range(0, 8).mapToObj(ThreadIndependenceTest::runChip).toArray(float[][]::new);
        final float[][] parallel = IntStream.range(0, 8)
                .parallel()
                .mapToObj(ThreadIndependenceTest::runChip)
                .toArray(float[][]::new);
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(sequential[i], parallel[i], "chip " + i);
        }
    }
}
