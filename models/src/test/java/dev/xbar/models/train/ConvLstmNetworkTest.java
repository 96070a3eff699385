package dev.xbar.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Window;
import dev.xbar.datasets.ImageSet;
import dev.xbar.datasets.MnistSequence;
import dev.xbar.datasets.SequenceSet;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.layer.FloatMatrix;
import dev.xbar.models.layer.GradientCheck;
import dev.xbar.models.layer.Network;
import dev.xbar.models.layer.Parallel;
import dev.xbar.models.layer.SoftmaxCrossEntropy;
import dev.xbar.models.mapping.Block;
import dev.xbar.models.mapping.BlockSpec;
import dev.xbar.models.mapping.NetworkLayout;
import dev.xbar.models.mapping.UpdateScheme;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper's ConvLSTM network on MNIST-sequence: sizes, placement, per-step outputs, loss steps and training. */
class ConvLstmNetworkTest {
    private static final double CHANCE = 1.0 / 6;

    @Test
    void weightsAndBlocksAreThePapers() {
        final List<BlockSpec> blocks = Architecture.CONVLSTM.blocks();
        assertEquals(
                List.of(58, 40, 90, 12),
                List.of(
                        blocks.get(0).rows(),
                        blocks.get(0).cols(),
                        blocks.get(1).rows(),
                        blocks.get(1).cols()));
        try (Parallel one = new Parallel(1)) {
            final Network net = software(one, 1);
            assertEquals(2, net.weightLayers().size());
            assertEquals(29 * 20, net.weightLayers().get(0).gradient().length);
            assertEquals(45 * 6, net.weightLayers().get(1).gradient().length);
            assertEquals(580 + 270, net.weightCount());
            assertEquals(3 * 64, net.inputSize());
            assertEquals(3 * 6, net.outputSize());
        }
    }

    @Test
    void blocksSitAtTheAuthorsCornersSkippingDeadColumns() {
        final ChipSpec spec = ChipSpec.preset("nmi2019");
        assertEquals(List.of(46, 47, 48, 60, 63), spec.faults().deadColumns());
        final NetworkLayout layout = Architecture.CONVLSTM.layout(spec);
        assertEquals(new Window(66, 0, 58, 40), layout.blocks().get(0).bounds());
        // dense: 12 working columns from column 44, which the dead 46-48 stretch to 44-58
        final Block dense = layout.blocks().get(1);
        assertEquals(new Window(30, 44, 90, 15), dense.bounds());
        assertArrayEquals(
                new int[] {0, 1, -1, -1, -1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5},
                dense.tiles().getFirst().colOutput());
    }

    @Test
    void logitsOfAStepDependOnlyOnTheFramesSoFar() {
        try (Parallel one = new Parallel(1)) {
            final Network net = software(one, 2);
            final int batch = 2;
            final float[] x = new float[batch * net.inputSize()];
            final SplittableRandom random = new SplittableRandom(5);
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) random.nextDouble(-0.2, 0.2);
            }
            final float[] before = net.forward(x, batch).clone();
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < 64; p++) {
                    x[b * 192 + 2 * 64 + p] = -x[b * 192 + 2 * 64 + p];
                }
            }
            final float[] after = net.forward(x, batch);
            for (int b = 0; b < batch; b++) {
                final int sample = b * 18;
                assertArrayEquals(
                        Arrays.copyOfRange(before, sample, sample + 12),
                        Arrays.copyOfRange(after, sample, sample + 12),
                        "steps 1 and 2 do not see frame 3");
                assertFalse(
                        Arrays.equals(before, sample + 12, sample + 18, after, sample + 12, sample + 18),
                        "step 3 sees frame 3");
            }
        }
    }

    @Test
    void lastStepLossLeavesEarlierStepsWithoutGradientAndAllStepsSumsThem() {
        final int batch = 2;
        final int steps = 3;
        final int classes = 4;
        final float[] logits = GradientCheck.randomWeights(batch * steps * classes, 7);
        final int[] labels = {3, 1};
        final float[] rows = new float[classes];
        final float[] rowDelta = new float[classes];
        final float[] delta = new float[logits.length];
        final double last = lossAndDelta(new StepLoss(steps, classes, LossSteps.LAST), logits, labels, batch, delta);
        double expectedLast = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                final int at = (b * steps + t) * classes;
                System.arraycopy(logits, at, rows, 0, classes);
                final double l = SoftmaxCrossEntropy.lossAndDelta(rows, labels, b, 1, classes, rowDelta);
                for (int k = 0; k < classes; k++) {
                    assertEquals(t == steps - 1 ? rowDelta[k] : 0.0f, delta[at + k], "sample " + b + " step " + t);
                }
                expectedLast += t == steps - 1 ? l : 0;
            }
        }
        assertEquals(expectedLast, last, 1e-9);
        final double all = lossAndDelta(new StepLoss(steps, classes, LossSteps.ALL), logits, labels, batch, delta);
        double expectedAll = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                final int at = (b * steps + t) * classes;
                System.arraycopy(logits, at, rows, 0, classes);
                expectedAll += SoftmaxCrossEntropy.lossAndDelta(rows, labels, b, 1, classes, rowDelta);
                for (int k = 0; k < classes; k++) {
                    assertEquals(rowDelta[k], delta[at + k], "sample " + b + " step " + t);
                }
            }
        }
        assertEquals(expectedAll, all, 1e-9);
    }

    /**
     * After one frame only the first digit is known, so no classifier can beat, on each distinct first image, the most
     * common class among the test sequences that start with it; after two frames the ordering is known. A per-step
     * accuracy read at the wrong step would break the first bound or miss the second.
     */
    @Test
    void perStepAccuracyReadsTheFramesSeenSoFar() {
        final MnistSequence data =
                MnistSequence.build(patterns(), new MnistSequence.Config(List.of(3, 5, 8), 600, 300, 4));
        final TrainConfig config = TrainConfig.paper("convlstm", ChipSpec.preset("ideal"), 3)
                .withSoftware(true)
                .withLossSteps(LossSteps.ALL)
                .withSchedule(4, 50);
        final TrainingResult result;
        try (Trainer trainer = Trainer.create(config, data, 1)) {
            result = trainer.run(TrainingListener.NONE, null);
        }
        final List<Double> perStep = result.finalTestAccuracyPerStep();
        assertEquals(3, perStep.size());
        assertEquals(result.finalTestAccuracy(), perStep.get(2));
        final double bound = bestFromFirstFrame(data.test());
        assertTrue(bound < 0.65, "the bound itself is informative: " + bound);
        assertTrue(perStep.get(0) <= bound, "after frame 1: " + perStep + ", bound " + bound);
        assertTrue(perStep.get(0) > 0.8 * 0.5, "the first digit is learnt: " + perStep);
        assertTrue(perStep.get(1) > 0.9, "after frame 2 the ordering is known: " + perStep);
        assertTrue(perStep.get(2) > 0.9, "after frame 3: " + perStep);
    }

    @Test
    void shortInSituRunLearnsAboveChance() {
        final TrainConfig config = TrainConfig.paper("convlstm", ChipSpec.preset("nmi2019"), 7)
                .withSamples(1200, 300)
                .withSchedule(1, 50);
        assertEquals(LossSteps.LAST, config.lossSteps());
        assertEquals(UpdateScheme.TwoPulse.paper(), config.scheme());
        final TrainingResult result;
        try (Trainer trainer = Trainer.create(config, TestData.mnist8x8(), 1)) {
            assertEquals(850, trainer.network().weightCount());
            result = trainer.run(TrainingListener.NONE, null);
        }
        assertTrue(result.finalTestAccuracy() > 3 * CHANCE, "test accuracy " + result.finalTestAccuracyPerStep());
        assertTrue(
                result.stats().setPulses() > 0 && result.stats().resetPulses() > 0,
                result.stats().toString());
        assertEquals(24, result.batches().size());
    }

    @Test
    void resumedRunEndsExactlyLikeAnUninterruptedOneWhateverTheThreads(@TempDir final Path dir) {
        final TrainConfig config = TrainConfig.paper("convlstm", ChipSpec.preset("nmi2019"), 11)
                .withSamples(300, 100)
                .withSchedule(2, 50)
                .withLossSteps(LossSteps.ALL);
        final TrainTest mnist = TestData.mnist8x8();
        final TrainingResult whole;
        final float[] wholeG;
        try (Trainer trainer = Trainer.create(config, mnist, 1)) {
            whole = trainer.run(TrainingListener.NONE, null);
            wholeG = conductances(trainer.chip().orElseThrow());
        }
        final Path checkpoint = dir.resolve("run");
        try (Trainer trainer = Trainer.create(config, mnist, 1)) {
            assertThrows(
                    IllegalStateException.class,
                    () -> trainer.run(
                            new TrainingListener() {
                                @Override
                                public void onBatch(final BatchMetrics m) {
                                    if (m.epoch() == 1 && m.batch() == 2) {
                                        throw new IllegalStateException("killed in epoch 1");
                                    }
                                }
                            },
                            checkpoint));
        }
        try (Trainer trainer = Trainer.resume(checkpoint, mnist, 2)) {
            assertEquals(config, trainer.config());
            final TrainingResult resumed = trainer.run(TrainingListener.NONE, checkpoint);
            assertEquals(whole, resumed);
            assertEquals(3, resumed.epochs().getFirst().testAccuracyPerStep().size());
            assertArrayEquals(wholeG, conductances(trainer.chip().orElseThrow()));
        }
    }

    @Test
    void unknownLossStepsAndSequencesForAnImageModelAreRejectedByName() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossSteps.named("first"));
        assertTrue(e.getMessage().contains("'first'"), e.getMessage());
        assertEquals(LossSteps.ALL, LossSteps.named("all"));
        final MnistSequence data =
                MnistSequence.build(patterns(), new MnistSequence.Config(List.of(3, 5, 8), 60, 30, 4));
        final TrainConfig cnn =
                TrainConfig.paper("cnn", ChipSpec.preset("ideal"), 1).withSoftware(true);
        final IllegalArgumentException model =
                assertThrows(IllegalArgumentException.class, () -> Trainer.create(cnn, data, 1));
        assertTrue(model.getMessage().contains("'cnn' takes images"), model.getMessage());
    }

    /** A whole batch's loss through the range API, the ranges in reverse order as threads may run them. */
    private static double lossAndDelta(
            final StepLoss loss, final float[] logits, final int[] labels, final int batch, final float[] delta) {
        loss.begin(batch);
        loss.lossAndDelta(logits, labels, delta, 1, batch);
        loss.lossAndDelta(logits, labels, delta, 0, 1);
        return loss.loss(batch);
    }

    private static Network software(final Parallel parallel, final long seed) {
        return Architecture.CONVLSTM.build(
                (index, block) -> new FloatMatrix(
                        block.inputs(),
                        block.outputs(),
                        Seeds.initialWeights(seed, index, block.inputs(), block.outputs())),
                parallel);
    }

    /** Sum over distinct first images of the most common class among the sequences that start with it, over n. */
    private static double bestFromFirstFrame(final SequenceSet set) {
        final Map<Integer, int[]> byFirst = new HashMap<>();
        for (int s = 0; s < set.count(); s++) {
            byFirst.computeIfAbsent(set.sourceIndex(s, 0), k -> new int[MnistSequence.CLASSES])[set.label(s)]++;
        }
        int best = 0;
        for (final int[] counts : byFirst.values()) {
            best += Arrays.stream(counts).max().orElseThrow();
        }
        return (double) best / set.count();
    }

    /**
     * 8x8 "digits" 3, 5 and 8 as noisy stripes (rows, columns, diagonals), so the frames are easy to tell apart and
     * what limits accuracy is what a step has seen: 30 training images per digit, and 4 test images, so that many test
     * sequences share a first image and the first-frame bound stays near 1/2.
     */
    private static TrainTest patterns() {
        return new TrainTest(patternSet(1, 30), patternSet(2, 4));
    }

    private static ImageSet patternSet(final long seed, final int perDigit) {
        final int[] digits = {3, 5, 8};
        final SplittableRandom random = new SplittableRandom(seed);
        final float[] pixels = new float[digits.length * perDigit * 64];
        final byte[] labels = new byte[digits.length * perDigit];
        for (int d = 0; d < digits.length; d++) {
            for (int n = 0; n < perDigit; n++) {
                final int image = d * perDigit + n;
                labels[image] = (byte) digits[d];
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        final int line = d == 0 ? y : d == 1 ? x : (x + y) % 8;
                        final float ink = line % 3 == 0 ? 0.8f : 0.0f;
                        pixels[image * 64 + y * 8 + x] = ink + (float) random.nextDouble(0, 0.2);
                    }
                }
            }
        }
        return ImageSet.of(8, 8, pixels, labels);
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
