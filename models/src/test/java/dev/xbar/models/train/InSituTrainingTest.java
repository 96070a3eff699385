package dev.xbar.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.FaultModel;
import dev.xbar.core.chip.Peripherals;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Variability;
import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepParameters;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.layer.GradientCheck;
import dev.xbar.models.layer.WeightLayer;
import dev.xbar.models.mapping.UpdateScheme;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InSituTrainingTest {
    private static final double CHANCE = 0.1;

    @Test
    void paperCnnLearnsMnistInSituOnTheNmi2019Chip() {
        final TrainConfig config =
                TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 7).withSamples(3000, 1000);
        final TrainingResult result = train(config.withSchedule(1, 100), 1);
        assertTrue(result.finalTestAccuracy() > 5 * CHANCE, "test accuracy " + result.finalTestAccuracy());
        assertTrue(
                result.stats().setPulses() > 0 && result.stats().resetPulses() > 0,
                result.stats().toString());
        assertEquals(30, result.batches().size());
    }

    /**
     * Open-loop transfer on a noiseless chip: each device of a pair lands within half a gate-DAC step (slope * step / 2)
     * of its target and reads back within half an ADC step (LSB / Vread / 2), so a weight (G+ - G-) / 100 uS is off
     * by at most (slope * step + LSB / Vread) / 100 uS, whatever the copies.
     */
    @Test
    void programWeightsPutsSoftwareWeightsOntoTheChipWithinTheConverterSteps() {
        final ChipSpec spec = ChipSpec.preset("ideal");
        final TrainConfig config = TrainConfig.paper("cnn", spec, 4).withSamples(100, 100);
        try (Trainer trainer = Trainer.create(config, TestData.mnist8x8(100, 100), 1)) {
            final List<WeightLayer> layers = trainer.network().weightLayers();
            final float[][] weights = new float[layers.size()][];
            for (int l = 0; l < weights.length; l++) {
                weights[l] = GradientCheck.randomWeights(layers.get(l).matrix().weights().length, 20 + l);
            }
            final long pulsesBefore = trainer.result().stats().setPulses();
            trainer.programWeights(weights);
            assertTrue(trainer.result().stats().setPulses() > pulsesBefore, "programming takes SET pulses");
            final GateControlledDevice device = (GateControlledDevice) spec.device();
            final Peripherals p = spec.peripherals();
            final double bound =
                    (device.slopeMicroSiemensPerVolt() * device.vgStepVolts() + p.adcStepMicroAmps() / p.readVolts())
                            / 100.0;
            for (int l = 0; l < weights.length; l++) {
                final float[] read = layers.get(l).matrix().weights();
                for (int k = 0; k < read.length; k++) {
                    assertEquals(weights[l][k], read[k], bound * 1.001, "layer " + l + " weight " + k);
                }
            }
            final float[][] wrong = {weights[0], weights[1]};
            final IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> trainer.programWeights(wrong));
            assertTrue(e.getMessage().contains("2 weight arrays"), e.getMessage());
        }
    }

    @Test
    void noiselessChipWithThePapersInitNeverStartsTraining() {
        final TrainConfig config = TrainConfig.paper("cnn", ChipSpec.preset("ideal"), 3)
                .withSamples(500, 300)
                .withSchedule(1, 100)
                .withProgramming(UpdateScheme.TwoPulse.paper(), InitMode.PAPER);
        final TrainTest data = TestData.mnist8x8(500, 300);
        try (Trainer trainer = Trainer.create(config, data, 1)) {
            final TrainingResult result = trainer.run(TrainingListener.NONE, null);
            for (final BatchMetrics m : result.batches()) {
                assertEquals(0, m.pulses(), "no gradient, no pulse: " + m);
            }
            for (final WeightLayer layer : trainer.network().weightLayers()) {
                for (final float w : layer.matrix().weights()) {
                    assertEquals(0.0f, w, "G+ = G- exactly");
                }
            }
            // all logits are 0, so every test image is called class 0
            assertEquals(
                    (double) data.test().indicesOf(0).length / 300,
                    result.finalTestAccuracy(),
                    "accuracy is the share of zeros");
        }
    }

    @Test
    void noiselessChipWithTheDefaultInitLearns() {
        final TrainConfig config =
                TrainConfig.paper("cnn", ChipSpec.preset("ideal"), 3).withSamples(2000, 500);
        assertEquals(InitMode.AUTO, config.init());
        final TrainingResult result = train(config.withSchedule(1, 100), 1);
        assertTrue(result.finalTestAccuracy() > 5 * CHANCE, "test accuracy " + result.finalTestAccuracy());
    }

    @Test
    void stepDevicesTrainInSituWithPulseCounts() {
        final ChipSpec spec = new ChipSpec(
                128,
                64,
                new ConstantStep(StepParameters.defaults()),
                Variability.none(),
                FaultModel.none(),
                Peripherals.dpe2018());
        final TrainConfig config = TrainConfig.paper("mlp", spec, 4).withSamples(2000, 500);
        assertEquals(UpdateScheme.PulseCounts.defaults(), config.scheme());
        final TrainingResult result = train(config.withSchedule(1, 100), 1);
        assertTrue(result.finalTestAccuracy() > 5 * CHANCE, "test accuracy " + result.finalTestAccuracy());
        assertTrue(result.stats().stepPulses() > 0);
    }

    @Test
    void softwareBaselineLearnsTheSameNetwork() {
        final TrainConfig config = TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 2)
                .withSoftware(true)
                .withSamples(2000, 500);
        final TrainingResult result = train(config.withSchedule(1, 100), 1);
        assertTrue(result.finalTestAccuracy() > 5 * CHANCE, "test accuracy " + result.finalTestAccuracy());
        assertEquals(0, result.stats().setPulses() + result.stats().reads());
    }

    @Test
    void badSettingsAreRejectedByName() {
        final TrainConfig config = TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 2);
        final IllegalArgumentException epochs =
                assertThrows(IllegalArgumentException.class, () -> config.withSchedule(0, 100));
        assertTrue(epochs.getMessage().contains("epochs = 0"), epochs.getMessage());
        final IllegalArgumentException lr =
                assertThrows(IllegalArgumentException.class, () -> config.withOptimizer(new OptimizerConfig.Sgd(-1)));
        assertTrue(lr.getMessage().contains("learning rate = -1"), lr.getMessage());
        final IllegalArgumentException model = assertThrows(
                IllegalArgumentException.class, () -> TrainConfig.paper("lenet", ChipSpec.preset("nmi2019"), 2));
        assertTrue(model.getMessage().contains("lenet"), model.getMessage());
    }

    @Test
    void twoPulseSchemeOnStepDevicesIsRejected() {
        final ChipSpec spec = new ChipSpec(
                128,
                64,
                new ConstantStep(StepParameters.defaults()),
                Variability.none(),
                FaultModel.none(),
                Peripherals.dpe2018());
        final TrainConfig config = TrainConfig.paper("mlp", spec, 4)
                .withProgramming(UpdateScheme.TwoPulse.paper(), InitMode.AUTO)
                .withSamples(100, 100);
        final IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Trainer.create(config, TestData.mnist8x8(100, 100), 1));
        assertTrue(e.getMessage().contains("ConstantStep"), e.getMessage());
    }

    @Test
    void resumedRunEndsExactlyLikeAnUninterruptedOne(@TempDir final Path dir) {
        final TrainConfig config = TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 11)
                .withSamples(400, 200)
                .withSchedule(3, 50);
        final TrainTest data = TestData.mnist8x8(400, 200);
        final TrainingResult whole;
        final float[] wholeG;
        try (Trainer trainer = Trainer.create(config, data, 1)) {
            whole = trainer.run(TrainingListener.NONE, null);
            wholeG = conductances(trainer.chip().orElseThrow());
        }
        final Path checkpoint = dir.resolve("run");
        try (Trainer trainer = Trainer.create(config, data, 1)) {
            assertThrows(
                    IllegalStateException.class,
                    () -> trainer.run(
                            new TrainingListener() {
                                @Override
                                public void onBatch(final BatchMetrics m) {
                                    if (m.epoch() == 1 && m.batch() == 3) {
                                        throw new IllegalStateException("killed in epoch 1");
                                    }
                                }
                            },
                            checkpoint));
        }
        try (Trainer trainer = Trainer.resume(checkpoint, data, 2)) {
            assertEquals(1, trainer.epochsDone());
            final TrainingResult resumed = trainer.run(TrainingListener.NONE, checkpoint);
            assertEquals(whole, resumed);
            assertArrayEquals(wholeG, conductances(trainer.chip().orElseThrow()));
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        for (final boolean software : new boolean[] {true, false}) {
            final TrainConfig config = TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 5)
                    .withSoftware(software)
                    .withSamples(600, 200)
                    .withSchedule(1, 300);
            final TrainTest data = TestData.mnist8x8(600, 200);
            try (Trainer one = Trainer.create(config, data, 1);
                    Trainer two = Trainer.create(config, data, 2)) {
                assertEquals(one.run(TrainingListener.NONE, null), two.run(TrainingListener.NONE, null));
                for (int l = 0; l < one.network().weightLayers().size(); l++) {
                    assertArrayEquals(
                            one.network().weightLayers().get(l).matrix().weights(),
                            two.network().weightLayers().get(l).matrix().weights());
                }
            }
        }
    }

    @Test
    void damagedCheckpointsAreRejectedByName(@TempDir final Path dir) throws Exception {
        final TrainConfig config = TrainConfig.paper("mlp", ChipSpec.preset("natcomm2018"), 1)
                .withSamples(100, 100)
                .withSchedule(1, 50);
        final TrainTest data = TestData.mnist8x8(100, 100);
        try (Trainer trainer = Trainer.create(config, data, 1)) {
            trainer.run(TrainingListener.NONE, dir);
        }
        final Path state = dir.resolve("gen-1").resolve(Checkpoint.STATE_FILE);
        final byte[] bytes = java.nio.file.Files.readAllBytes(state);
        bytes[bytes.length / 2] ^= 1;
        java.nio.file.Files.write(state, bytes);
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Trainer.resume(dir, data, 1));
        assertTrue(e.getMessage().contains(state.toString()) && e.getMessage().contains("checksum"), e.getMessage());
    }

    private static TrainingResult train(final TrainConfig config, final int threads) {
        final TrainTest data = TestData.mnist8x8(
                config.trainSamples() == 0 ? 60_000 : config.trainSamples(),
                config.testSamples() == 0 ? 10_000 : config.testSamples());
        try (Trainer trainer = Trainer.create(config, data, threads)) {
            return trainer.run(TrainingListener.NONE, null);
        }
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
