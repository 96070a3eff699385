package dev.xbar.models.train;

import dev.xbar.core.Check;
import dev.xbar.core.chip.Ageing;
import dev.xbar.core.chip.Chip;
import dev.xbar.models.layer.AnalogMatrix;
import dev.xbar.models.layer.WeightLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Tests a trained chip at several ages after its programming ended ({@link Ageing}: every age from the same state, so
 * no compounding and the same noise draws at every age), each age with one or more test passes. Optionally with a
 * global drift compensation: each layer's outputs are scaled by the ratio of the sum of its conductances read when
 * programming ended to the sum read at that age (one read of every device per layer and age, counted).
 */
public final class Retention {
    private Retention() {}

    /**
     * The test accuracy at one age.
     *
     * @param seconds the age, seconds after programming ended
     * @param accuracies one accuracy per test pass (each pass a fresh draw of read noise)
     */
    public record Point(double seconds, List<Double> accuracies) {
        /** Copies the list. */
        public Point {
            accuracies = List.copyOf(accuracies);
        }

        /**
         * The mean over the test passes.
         *
         * @return the mean accuracy
         */
        public double mean() {
            return accuracies.stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
        }

        /**
         * The sample standard deviation over the test passes (0 for one pass).
         *
         * @return the spread
         */
        public double sd() {
            final double m = mean();
            final int n = accuracies.size();
            return n < 2
                    ? 0
                    : Math.sqrt(accuracies.stream()
                                    .mapToDouble(a -> (a - m) * (a - m))
                                    .sum()
                            / (n - 1));
        }
    }

    /**
     * Tests the trainer's chip at each age; leaves the chip at the last age, with no compensation gain.
     *
     * @param trainer an in situ trainer whose chip has been programmed (trained, or weights transferred)
     * @param ages ages in seconds, each at least 0
     * @param reads test passes per age, at least 1
     * @param compensate whether to apply the global drift compensation
     * @return one point per age, in the order given
     * @throws IllegalArgumentException if the trainer has no chip or an argument is out of range
     */
    public static List<Point> test(
            final Trainer trainer, final List<Double> ages, final int reads, final boolean compensate) {
        final Chip chip = trainer.chip()
                .orElseThrow(
                        () -> new IllegalArgumentException("the run was trained in software: it has no chip to age"));
        Check.range("reads", reads, 1, 1_000_000);
        final List<AnalogMatrix> layers = new ArrayList<>();
        for (final WeightLayer l : trainer.network().weightLayers()) {
            if (l.matrix() instanceof AnalogMatrix m) {
                layers.add(m);
            }
        }
        final double[] reference = new double[layers.size()];
        for (int l = 0; l < layers.size() && compensate; l++) {
            reference[l] = layers.get(l).conductanceSum();
        }
        final Ageing ageing = Ageing.of(chip);
        final List<Point> points = new ArrayList<>(ages.size());
        try {
            for (final double seconds : ages) {
                ageing.at(seconds);
                for (int l = 0; l < layers.size() && compensate; l++) {
                    final double now = layers.get(l).conductanceSum();
                    layers.get(l).outputGain(now > 0 ? (float) (reference[l] / now) : 1.0f);
                }
                final List<Double> accuracies = new ArrayList<>(reads);
                for (int r = 0; r < reads; r++) {
                    accuracies.add(trainer.evaluate());
                }
                points.add(new Point(seconds, accuracies));
            }
        } finally {
            layers.forEach(m -> m.outputGain(1.0f));
        }
        return points;
    }
}
