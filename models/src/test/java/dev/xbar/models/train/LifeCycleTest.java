package dev.xbar.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.core.kernel.Programming;
import dev.xbar.models.layer.GradientCheck;
import dev.xbar.models.layer.WeightLayer;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Write-verify transfer and ageing of a network's chip. */
class LifeCycleTest {

    /**
     * On the nmi2019 chip (10% slope spread, 8 uS write noise, 5% stuck devices) open-loop weights land about a third
     * of a unit weight off; write-verify brings every pair whose devices work within 2 x tolerance / 100 uS of its
     * weight, counting its reads and extra pulses.
     */
    @Test
    void writeVerifyBringsWeightsWithinTheToleranceAndCountsWhatItTakes() {
        final float[][] target;
        final double openError;
        final long openPulses;
        try (Trainer trainer = Trainer.create(config(), TestData.mnist8x8(100, 100), 1)) {
            target = randomWeights(trainer.network().weightLayers());
            final long before = pulses(trainer.result().stats());
            assertEquals(0, trainer.programWeights(target, Programming.OPEN_LOOP));
            openPulses = pulses(trainer.result().stats()) - before;
            openError = medianError(trainer.network().weightLayers(), target);
        }
        try (Trainer trainer = Trainer.create(config(), TestData.mnist8x8(100, 100), 1)) {
            final ProgrammingStats before = trainer.result().stats();
            final int missed = trainer.programWeights(target, new Programming.WriteVerify(20, 3));
            final ProgrammingStats after = trainer.result().stats();
            final double verifyError = medianError(trainer.network().weightLayers(), target);
            assertTrue(openError > 0.15, "open loop is off by " + openError);
            assertTrue(verifyError < 2 * 3 / 100.0, "write-verify is off by " + verifyError);
            assertTrue(missed > 0, "stuck devices miss");
            assertTrue(pulses(after) - pulses(before) > openPulses, "verification adds pulses");
            assertTrue(after.reads() - before.reads() > 4060, "and reads every block more than once");
        }
    }

    /** Ages 0 and t0 give the programmed chip; later ones drift; a software run has no chip to age. */
    @Test
    void retentionTestsEveryAgeFromTheProgrammedState() {
        final ChipSpec spec =
                ChipSpec.preset("nmi2019").with("variability.driftNu", 0.05).with("variability.driftNuSpread", 0.02);
        final TrainConfig config =
                TrainConfig.paper("cnn", spec, 5).withSamples(1000, 300).withSchedule(1, 100);
        try (Trainer trainer = Trainer.create(config, TestData.mnist8x8(1000, 300), 1)) {
            trainer.run(TrainingListener.NONE, null);
            final List<Retention.Point> points = Retention.test(trainer, List.of(0.0, 1e7, 0.0, 1.0), 2, false);
            assertEquals(points.get(0).accuracies(), points.get(2).accuracies(), "no compounding, same noise");
            assertEquals(points.get(0).accuracies(), points.get(3).accuracies(), "up to t0 nothing drifts");
            assertTrue(points.get(1).mean() < points.get(0).mean() - 0.1, points.toString());
            final List<Retention.Point> compensated = Retention.test(trainer, List.of(0.0, 1e7), 1, true);
            assertEquals(2, compensated.size());
        }
        try (Trainer software = Trainer.create(config.withSoftware(true), TestData.mnist8x8(1000, 300), 1)) {
            assertThrows(IllegalArgumentException.class, () -> Retention.test(software, List.of(1.0), 1, false));
        }
    }

    /**
     * train --program verify: the initial weights (the paper's zeros) are verified before training, so the pairs start
     * closer to 0 than open loop leaves them, at the cost of reads and pulses; the same chip for any thread count.
     */
    @Test
    void writeVerifyInitialisationVerifiesTheStartingWeightsForAnyThreadCount() {
        final Programming verify = new Programming.WriteVerify(20, 5);
        final float[] open;
        final double openSize;
        final ProgrammingStats openStats;
        try (Trainer trainer = Trainer.create(config(), TestData.mnist8x8(100, 100), 1, Programming.OPEN_LOOP)) {
            open = conductances(trainer);
            openSize = medianError(
                    trainer.network().weightLayers(), zeros(trainer.network().weightLayers()));
            openStats = trainer.result().stats();
        }
        try (Trainer plain = Trainer.create(config(), TestData.mnist8x8(100, 100), 1)) {
            assertArrayEquals(open, conductances(plain), "open loop is the default");
        }
        final float[] one;
        try (Trainer trainer = Trainer.create(config(), TestData.mnist8x8(100, 100), 1, verify)) {
            one = conductances(trainer);
            final double verifiedSize = medianError(
                    trainer.network().weightLayers(), zeros(trainer.network().weightLayers()));
            final ProgrammingStats stats = trainer.result().stats();
            assertTrue(openSize > 0.15, "open loop starts pairs " + openSize + " of a unit weight apart");
            assertTrue(verifiedSize < 2 * 5 / 100.0, "write-verify starts them " + verifiedSize + " apart");
            assertTrue(stats.reads() > openStats.reads() + 4060, "verification reads every device again");
            assertTrue(pulses(stats) > pulses(openStats), "and corrects with more pulses");
        }
        try (Trainer trainer = Trainer.create(config(), TestData.mnist8x8(100, 100), 2, verify)) {
            assertArrayEquals(one, conductances(trainer), "threads 1 and 2 give the same chip");
        }
    }

    private static float[] conductances(final Trainer trainer) {
        return trainer.chip().orElseThrow().conductance().toArray(ValueLayout.JAVA_FLOAT);
    }

    private static float[][] zeros(final List<WeightLayer> layers) {
        final float[][] zeros = new float[layers.size()][];
        for (int l = 0; l < zeros.length; l++) {
            zeros[l] = new float[layers.get(l).matrix().weights().length];
        }
        return zeros;
    }

    private static TrainConfig config() {
        return TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 4).withSamples(100, 100);
    }

    private static float[][] randomWeights(final List<WeightLayer> layers) {
        final float[][] weights = new float[layers.size()][];
        for (int l = 0; l < weights.length; l++) {
            weights[l] = GradientCheck.randomWeights(layers.get(l).matrix().weights().length, 20 + l);
        }
        return weights;
    }

    private static double medianError(final List<WeightLayer> layers, final float[][] target) {
        final java.util.List<Double> errors = new java.util.ArrayList<>();
        for (int l = 0; l < target.length; l++) {
            final float[] read = layers.get(l).matrix().weights();
            for (int k = 0; k < read.length; k++) {
                errors.add((double) Math.abs(read[k] - target[l][k]));
            }
        }
        java.util.Collections.sort(errors);
        return errors.get(errors.size() / 2);
    }

    private static long pulses(final ProgrammingStats s) {
        return s.setPulses() + s.resetPulses() + s.stepPulses();
    }
}
