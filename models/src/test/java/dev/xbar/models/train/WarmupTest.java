package dev.xbar.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WarmupTest {
    @Test
    void everyModelWarmsUpInSituAndInSoftware() throws InterruptedException {
        for (final String model : Architecture.ids()) {
            for (final boolean software : new boolean[] {false, true}) {
                final TrainConfig config = TrainConfig.paper(
                                model, ChipSpec.preset(Architecture.named(model).paperPreset()), 3)
                        .withSoftware(software);
                try (Warmup warmup = Warmup.start(config)) {
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (warmup.steps() < 3 && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    assertTrue(warmup.steps() >= 3, model + (software ? " software" : " in situ") + ": steps");
                }
            }
        }
    }

    @Test
    void aWarmupLeavesTheRunItPrecedesUnchanged() {
        final TrainConfig config = TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 5);
        final float[] alone = firstLogits(config);
        final Warmup warmup = Warmup.start(config);
        try {
            assertArrayEquals(alone, firstLogits(config), "with a warm-up of the same config running beside it");
        } finally {
            warmup.close();
        }
    }

    @Test
    void stopOnlyAsksAndCloseWaitsForTheLastStep() throws InterruptedException {
        final TrainConfig config = TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 5);
        final Warmup warmup = Warmup.start(config);
        warmup.stop();
        warmup.close();
        final int steps = warmup.steps();
        Thread.sleep(100);
        assertEquals(steps, warmup.steps(), "no step after close");
        warmup.close(); // idempotent
    }

    /** The test logits of a synthetic trainer after three steps on the same seed. */
    private static float[] firstLogits(final TrainConfig config) {
        try (SyntheticStep step = SyntheticStep.of(config, 2, 11)) {
            for (int k = 0; k < 3; k++) {
                step.train();
            }
            return step.test().clone();
        }
    }
}
