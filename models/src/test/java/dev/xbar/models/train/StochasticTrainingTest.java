package dev.xbar.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.device.SoftBounds;
import dev.xbar.core.kernel.PulseTrain;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.mapping.UpdateScheme;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In situ training with the stochastic pulse-train scheme ({@link UpdateScheme.Stochastic}). */
class StochasticTrainingTest {
    private static final ChipSpec SOFT_BOUNDS = ChipSpec.preset("nmi2019").withDevice(SoftBounds.defaults());

    private static TrainConfig stochastic(final long seed, final PulseTrain train) {
        return TrainConfig.paper("cnn", SOFT_BOUNDS, seed).withStochasticUpdate(new UpdateScheme.Stochastic(train));
    }

    @Test
    void theCnnLearnsAndTheResultDoesNotDependOnTheThreadCount() {
        final TrainConfig config =
                stochastic(5, PulseTrain.defaults()).withSamples(1000, 300).withSchedule(1, 100);
        final TrainTest data = TestData.mnist8x8(1000, 300);
        try (Trainer one = Trainer.create(config, data, 1);
                Trainer two = Trainer.create(config, data, 2)) {
            final TrainingResult a = one.run(TrainingListener.NONE, null);
            assertEquals(a, two.run(TrainingListener.NONE, null));
            assertArrayEquals(
                    conductances(one.chip().orElseThrow()),
                    conductances(two.chip().orElseThrow()));
            // 10 SGD batches of sample-by-sample pulse trains move it off chance (15%); the README has full runs
            assertTrue(a.finalTestAccuracy() > 0.12, "test accuracy " + a.finalTestAccuracy());
            assertTrue(a.stats().stepPulses() > 0);
        }
    }

    /** The ConvLSTM's patches of every step and its per-step dense layer program the chip, for any thread count. */
    @Test
    void theConvLstmTrainsItsStepsSampleBySampleForAnyThreadCount() {
        final TrainConfig paper = TrainConfig.paper("convlstm", SOFT_BOUNDS, 3);
        final TrainConfig config = paper.withStochasticUpdate(UpdateScheme.Stochastic.defaults())
                .withSamples(200, 60)
                .withSchedule(1, 50);
        final TrainTest mnist = TestData.mnist8x8();
        try (Trainer one = Trainer.create(config, mnist, 1);
                Trainer two = Trainer.create(config, mnist, 2)) {
            final TrainingResult a = one.run(TrainingListener.NONE, null);
            assertEquals(a, two.run(TrainingListener.NONE, null));
            assertArrayEquals(
                    conductances(one.chip().orElseThrow()),
                    conductances(two.chip().orElseThrow()));
            assertTrue(a.stats().stepPulses() > 0);
        }
    }

    @Test
    void aResumedRunKeepsItsSchemeAndEndsExactlyLikeAnUninterruptedOne(@TempDir final Path dir) {
        final PulseTrain train = new PulseTrain(10, false, false);
        final TrainConfig config = stochastic(7, train).withSamples(150, 50).withSchedule(2, 50);
        final TrainTest data = TestData.mnist8x8(150, 50);
        final TrainingResult whole;
        final float[] wholeG;
        try (Trainer trainer = Trainer.create(config, data, 1)) {
            whole = trainer.run(TrainingListener.NONE, null);
            wholeG = conductances(trainer.chip().orElseThrow());
        }
        final Path checkpoint = dir.resolve("run");
        try (Trainer first = Trainer.create(config, data, 1)) {
            assertThrows(
                    IllegalStateException.class,
                    () -> first.run(
                            new TrainingListener() {
                                @Override
                                public void onEpoch(final EpochMetrics m) {
                                    throw new IllegalStateException("killed after epoch " + m.epoch());
                                }
                            },
                            checkpoint));
        }
        final Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
        loaded.state().chip().orElseThrow().close();
        assertEquals(new UpdateScheme.Stochastic(train), loaded.state().config().scheme());
        try (Trainer trainer = Trainer.resume(checkpoint, data, 2)) {
            assertEquals(config, trainer.config());
            assertEquals(1, trainer.epochsDone());
            assertEquals(whole, trainer.run(TrainingListener.NONE, null));
            assertArrayEquals(wholeG, conductances(trainer.chip().orElseThrow()));
        }
    }

    @Test
    void theSchemeIsPlainSgd() {
        final TrainConfig paper = TrainConfig.paper("cnn", SOFT_BOUNDS, 1);
        final IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> paper.withProgramming(UpdateScheme.Stochastic.defaults(), paper.init()));
        assertTrue(e.getMessage().contains("needs OptimizerConfig.Sgd"), e.getMessage());
        final TrainConfig sgd = paper.withStochasticUpdate(UpdateScheme.Stochastic.defaults());
        assertEquals(new OptimizerConfig.Sgd(paper.optimizer().learningRate()), sgd.optimizer());
        assertEquals(paper.init(), sgd.init());
    }

    private static float[] conductances(final Chip chip) {
        final float[] g = new float[chip.rows() * chip.cols()];
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                g[r * chip.cols() + c] = chip.get(Plane.CONDUCTANCE, r, c);
            }
        }
        return g;
    }
}
