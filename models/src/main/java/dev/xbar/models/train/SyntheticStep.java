package dev.xbar.models.train;

import dev.xbar.datasets.ImageSet;
import dev.xbar.datasets.TrainTest;
import java.util.SplittableRandom;

/**
 * A trainer of a configuration on random 8x8 images, and one mini-batch of random inputs and labels to step it with:
 * a real run's training step and test pass, without its data. The JMH training-step benchmark measures it, and {@link
 * Warmup} runs it while a command is still loading its data.
 *
 * <p>The images are uniform in [0, 1] from a seeded stream; a step's time does not depend on their values except
 * through the zeros of the ReLUs. The trainer, its chip and its random streams are its own.
 */
public final class SyntheticStep implements AutoCloseable {
    private final Trainer trainer;
    private final Trainer.BatchStep step;
    private final int batch;

    private SyntheticStep(final Trainer trainer, final long seed) {
        this.trainer = trainer;
        this.step = trainer.batchStep();
        this.batch = trainer.config().batch();
        final SplittableRandom random = new SplittableRandom(seed);
        final int inputs = trainer.network().inputSize();
        final TrainConfig config = trainer.config();
        final int classes = trainer.network().outputSize()
                / Architecture.named(config.model()).steps(config.sequences());
        final float[] x = step.inputs();
        for (int k = 0; k < batch * inputs; k++) {
            x[k] = (float) random.nextDouble();
        }
        Trainer.toInputs(x, 0, batch * inputs); // pixels in [0, 1] to inputs, as the trainer maps its images
        for (int s = 0; s < batch; s++) {
            step.labels()[s] = random.nextInt(classes);
        }
    }

    /**
     * A trainer of {@code config} (its model, substrate, chip spec and recipe) on all of {@code 2 x batch} random
     * images, labelled 0, 1, .., 9, 0, ..
     *
     * @param config the run's configuration
     * @param threads the trainer's threads
     * @param seed the images' and labels' stream
     * @return the step, holding its trainer until {@link #close}
     */
    public static SyntheticStep of(final TrainConfig config, final int threads, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final int batch = config.batch();
        final TrainTest data = new TrainTest(images(random, 2 * batch), images(random, 2 * batch));
        return new SyntheticStep(Trainer.create(config.withSamples(0, 0), data, threads), random.nextLong());
    }

    /**
     * Lets the test pass read the chip layers' inputs in place ({@link dev.xbar.models.layer.Network#readInPlace}),
     * as a yield study's trials do.
     *
     * @return this step
     */
    public SyntheticStep readInPlace() {
        trainer.network().readInPlace(true);
        return this;
    }

    private static ImageSet images(final SplittableRandom random, final int n) {
        final float[] pixels = new float[n * 64];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (float) random.nextDouble();
        }
        final byte[] labels = new byte[n];
        // every class, whatever the batch: the ConvLSTM's sequence task draws each digit from these images
        for (int s = 0; s < n; s++) {
            labels[s] = (byte) (s % 10);
        }
        return ImageSet.of(8, 8, pixels, labels);
    }

    /**
     * One training step on the batch; the weights keep moving from step to step, as in a real run.
     *
     * @return the batch's mean loss
     */
    public double train() {
        return step.train(batch);
    }

    /**
     * The forward pass of the batch, as a test pass runs it.
     *
     * @return the logits
     */
    public float[] test() {
        return trainer.network().forward(step.inputs(), batch);
    }

    /** Closes the trainer (its threads and chip). */
    @Override
    public void close() {
        trainer.close();
    }
}
