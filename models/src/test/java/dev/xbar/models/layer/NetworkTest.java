package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.datasets.MnistSequence;
import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused training pass against the separate passes, and both against the thread count. */
class NetworkTest {
    /** An odd batch: the last range is short on every thread count (ranges of 6 samples on 1 thread, of 2 on 3). */
    private static final int BATCH = 23;

    @Test
    void rangesAreEvenAndGiveEveryThreadTheSameShareOfAPaperBatch() {
        assertEquals(20, Network.samplesPerRange(100, 1));
        assertEquals(10, Network.samplesPerRange(100, 2));
        for (int threads = 1; threads <= 16; threads++) {
            for (int batch = 1; batch <= 300; batch++) {
                final int size = Network.samplesPerRange(batch, threads);
                assertEquals(0, size % 2, batch + " samples on " + threads + " threads: " + size);
                assertTrue(size >= 2, batch + " samples on " + threads + " threads: " + size);
                final int ranges = Parallel.slices(batch, size);
                assertTrue(ranges <= threads * Network.RANGES_PER_THREAD, batch + " on " + threads + ": " + ranges);
                assertTrue(
                        size == 2 || Parallel.slices(batch, size - 2) > threads * Network.RANGES_PER_THREAD,
                        batch + " on " + threads + ": ranges of " + size + " are not the smallest that fit");
            }
        }
    }

    @Test
    void aTrainingPassIsForwardLossAndBackwardBitForBitForAnyThreadCount() {
        for (final Architecture arch : Architecture.values()) {
            try (Parallel one = new Parallel(1)) {
                final Network reference = network(arch, one);
                final float[] x = inputs(reference);
                // a sequence network gives a row of logits per time step, each judged against a label
                final int rowsPerSample = arch.steps(MnistSequence.Config.DEFAULT);
                final int classes = reference.outputSize() / rowsPerSample;
                final int[] labels = labels(BATCH * rowsPerSample, classes);
                final float[] logits = reference.forward(x, BATCH).clone();
                final float[] delta = new float[logits.length];
                SoftmaxCrossEntropy.lossAndDelta(logits, labels, 0, labels.length, classes, delta);
                reference.backward(delta, BATCH);
                for (final int threads : new int[] {1, 3}) {
                    try (Parallel parallel = new Parallel(threads)) {
                        assertEquals(threads == 1 ? 6 : 2, Network.samplesPerRange(BATCH, threads), "range size");
                        final Network fused = network(arch, parallel);
                        final double[] losses = new double[labels.length];
                        final float[] trained = fused.train(
                                x,
                                BATCH,
                                (l, d, from, to) -> SoftmaxCrossEntropy.lossAndDelta(
                                        l, labels, from * rowsPerSample, to * rowsPerSample, classes, d, losses));
                        assertArrayEquals(logits, trained, arch + ", " + threads + " threads: logits");
                        assertArrayEquals(logits, fused.forward(x, BATCH), arch + ", " + threads + " threads: forward");
                        for (int l = 0; l < reference.weightLayers().size(); l++) {
                            assertArrayEquals(
                                    reference.weightLayers().get(l).gradient(),
                                    fused.weightLayers().get(l).gradient(),
                                    arch + ", " + threads + " threads: gradient of weight layer " + l);
                        }
                    }
                }
            }
        }
    }

    private static Network network(final Architecture arch, final Parallel parallel) {
        return arch.build(
                (index, block) -> new FloatMatrix(
                        block.inputs(),
                        block.outputs(),
                        Seeds.initialWeights(7, index, block.inputs(), block.outputs())),
                parallel);
    }

    private static float[] inputs(final Network net) {
        final SplittableRandom random = new SplittableRandom(8);
        final float[] x = new float[BATCH * net.inputSize()];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextDouble(0, 1);
        }
        return x;
    }

    private static int[] labels(final int rows, final int classes) {
        final SplittableRandom random = new SplittableRandom(9);
        final int[] labels = new int[rows];
        for (int k = 0; k < labels.length; k++) {
            labels[k] = random.nextInt(classes);
        }
        return labels;
    }
}
