package dev.xbar.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.datasets.TrainTest;
import org.junit.jupiter.api.Test;

class InSituTrainingTest {
    @Test
    void paperCnnLearnsMnistInSituOnTheNmi2019Chip() {
        final TrainTest data = TestData.mnist8x8(3000, 1000);
        final TrainConfig config =
                TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 7).withSchedule(1, 100);
        try (Trainer trainer = Trainer.create(config, data, 1)) {
            final TrainingResult result = trainer.run(
                    new TrainingListener() {
                        @Override
                        public void onBatch(final BatchMetrics m) {
                            System.out.println(m);
                        }
                    },
                    null);
            System.out.println(result.epochs());
            assertTrue(result.finalTestAccuracy() > 0.5, "test accuracy " + result.finalTestAccuracy());
        }
    }
}
