package dev.xbar.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.CostedOperation;
import dev.xbar.core.chip.EnergyEstimate;
import dev.xbar.core.chip.EnergyModel;
import dev.xbar.core.chip.ProgrammingStats;
import org.junit.jupiter.api.Test;

/**
 * The counts a real short in-situ run leaves for the energy estimate: a test pass of the 2018 MLP (64-54-10 on the
 * 128 x 64 chip, blocks 128 x 54 and 108 x 10: paper-spec 6) takes, per image, one vector through each block, and
 * nothing else; the estimate of the whole run is its counts times the per-operation costs.
 */
class EnergyCountsTest {
    @Test
    void aTestPassOfTheMlpTakesOneVectorPerBlockAndImage() {
        final int testImages = 100;
        final TrainConfig config = TrainConfig.paper("mlp", ChipSpec.preset("natcomm2018"), 3)
                .withSamples(200, testImages)
                .withSchedule(1, 50);
        try (Trainer trainer = Trainer.create(config, TestData.mnist8x8(200, testImages), 1)) {
            final TrainingResult result = trainer.run(TrainingListener.NONE, null);
            final long n = testImages;
            assertEquals(
                    new ProgrammingStats(0, 0, 0, 0, 2 * n, n * (128 * 54 + 108 * 10), n * (128 + 108), n * (54 + 10)),
                    result.testPass());

            final ProgrammingStats s = result.stats();
            final EnergyModel m = config.spec().energy();
            final EnergyEstimate e = EnergyEstimate.of(s, m);
            final double[] joules = {
                s.setPulses() * m.setPulseJoules(),
                s.resetPulses() * m.resetPulseJoules(),
                s.stepPulses() * m.stepPulseJoules(),
                s.vmmDevices() * m.readJoulesPerDevice(),
                s.dacConversions() * m.dacJoulesPerConversion(),
                s.adcConversions() * m.adcJoulesPerConversion(),
                s.reads() * (m.readJoulesPerDevice() + m.adcJoulesPerConversion())
            };
            final double[] seconds = {
                s.setPulses() * m.setPulseSeconds(),
                s.resetPulses() * m.resetPulseSeconds(),
                s.stepPulses() * m.stepPulseSeconds(),
                s.vmms() * m.readPulseSeconds(),
                0,
                s.vmms() * m.adcSecondsPerConversion(),
                s.reads() * (m.readPulseSeconds() + m.adcSecondsPerConversion())
            };
            double total = 0;
            for (final CostedOperation op : CostedOperation.values()) {
                final EnergyEstimate.Cost c = e.costs().get(op.ordinal());
                assertEquals(joules[op.ordinal()], c.joules(), 1e-12 * joules[op.ordinal()], op.id());
                assertEquals(seconds[op.ordinal()], c.seconds(), 1e-12 * seconds[op.ordinal()], op.id());
                total += joules[op.ordinal()];
            }
            assertEquals(total, e.joules(), 1e-12 * total);
        }
    }
}
