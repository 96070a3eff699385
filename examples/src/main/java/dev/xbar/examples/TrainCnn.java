package dev.xbar.examples;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.datasets.DatasetCache;
import dev.xbar.datasets.Mnist;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.train.EpochMetrics;
import dev.xbar.models.train.TrainConfig;
import dev.xbar.models.train.Trainer;
import dev.xbar.models.train.TrainingListener;
import dev.xbar.models.train.TrainingResult;

/**
 * The paper's CNN trained in situ on a simulated nmi2019 chip, as {@code xbar train --model cnn} does, but on the
 * first 2000 training and 1000 test images for one epoch, so that it runs in seconds. MNIST comes from the dataset
 * cache ({@code XBAR_DATA} or {@code ~/.cache/xbar/datasets}), fetched and verified if missing.
 */
public final class TrainCnn {
    private TrainCnn() {}

    /**
     * Runs the example.
     *
     * @param args none
     */
    public static void main(final String[] args) {
        final TrainTest mnist = Mnist.fetchAndLoad(DatasetCache.resolve(null)).to8x8(); // the paper's 8x8 inputs
        final TrainConfig config = TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 1) // seed 1
                .withSchedule(1, 100) // 1 epoch, batch 100
                .withSamples(2000, 1000);
        final TrainingListener progress = new TrainingListener() {
            @Override
            public void onEpoch(final EpochMetrics epoch) {
                System.out.printf(
                        "epoch %d: train loss %.3f, test accuracy %.1f %%%n",
                        epoch.epoch() + 1, epoch.meanTrainLoss(), 100 * epoch.testAccuracy());
            }
        };
        try (Trainer trainer = Trainer.create(config, mnist, 1)) {
            final TrainingResult result = trainer.run(progress, null); // no checkpoints
            System.out.printf("test accuracy on the chip: %.1f %%%n", 100 * trainer.evaluate());
            System.out.println(result.stats());
        }
    }
}
