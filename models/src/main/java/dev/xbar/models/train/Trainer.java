package dev.xbar.models.train;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.core.kernel.Programming;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.datasets.ImageSet;
import dev.xbar.datasets.MnistSequence;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.layer.AnalogMatrix;
import dev.xbar.models.layer.Network;
import dev.xbar.models.layer.Parallel;
import dev.xbar.models.layer.WeightLayer;
import dev.xbar.models.layer.WeightMatrix;
import dev.xbar.models.mapping.NetworkLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Trains a network in situ on a simulated chip (forward on the chip, backward in software from read-back
 * conductances, updates by programming pulses; paper-spec.md 2) or in software with float weights; both report the
 * same metrics.
 *
 * <p>Data: 8x8 images with pixels in [0, 1] are mapped to the paper's [-0.2, 0.2] by x' = 0.4 x - 0.2 (background at
 * -0.2, as in the authors' data). Every epoch visits the training images in a permutation drawn from (seed, epoch);
 * the last batch may be smaller. After each epoch the whole test set is classified (on the chip, in situ).
 *
 * <p>Sequences (the ConvLSTM on MNIST-sequence): a sample is its frames stacked into one image; the network gives
 * logits at every step, the loss is taken at the steps {@link TrainConfig#lossSteps()} names, and the test accuracy is
 * read at every step (after 1, 2, ... frames); the headline accuracies are those of the last step.
 *
 * <p>Reproducibility: the chip's noise is keyed by its event counter, the shuffles and initial weights by the seed,
 * and the software products do not depend on the thread count, so a run gives the same numbers whatever the threads,
 * and a run resumed from a checkpoint ends exactly like one that was never interrupted.
 */
public final class Trainer implements AutoCloseable {
    /** Input value for a black pixel. */
    public static final float INPUT_LOW = -0.2f;
    /** Input range: a white pixel maps to INPUT_LOW + INPUT_SPAN = 0.2. */
    public static final float INPUT_SPAN = 0.4f;

    private final TrainConfig config;
    private final Parallel parallel;
    private final Substrate substrate;
    private final Network network;
    private final Optimizer optimizer;
    private final int steps;
    private final StepLoss loss;
    private final float[] trainX;
    private final int[] trainY;
    private final float[] testX;
    private final int[] testY;
    private final List<BatchMetrics> batches = new ArrayList<>();
    private final List<EpochMetrics> epochs = new ArrayList<>();
    /** The chip's events during the last test pass of this process (none before one ran). */
    private ProgrammingStats testPass = ProgrammingStats.NONE;

    private Trainer(
            final TrainConfig config,
            final TrainTest data,
            final int threads,
            final Substrate substrate,
            final boolean fresh) {
        this.config = config;
        this.parallel = new Parallel(threads);
        this.substrate = substrate;
        final Architecture arch = Architecture.named(config.model());
        try {
            this.network = arch.build(substrate.matrices(fresh), parallel, config.sequences());
        } catch (final RuntimeException e) {
            parallel.close();
            throw e;
        }
        this.optimizer = new Optimizer(config.optimizer(), network.weightLayers());
        this.steps = arch.steps(config.sequences());
        this.loss = new StepLoss(steps, network.outputSize() / steps, config.lossSteps());
        final ImageSet train = data.train();
        final ImageSet test = data.test();
        this.trainX = inputs(train, config.trainSamples(), network.inputSize(), "training");
        this.trainY = labels(train, config.trainSamples(), network.outputSize() / steps, "training");
        this.testX = inputs(test, config.testSamples(), network.inputSize(), "test");
        this.testY = labels(test, config.testSamples(), network.outputSize() / steps, "test");
    }

    /**
     * A fresh run: in situ, fabricates chip 0 of the seed from the spec and initialises it (see {@link InitMode}); in
     * software, draws the initial weights.
     *
     * @param config the run
     * @param data the 8x8 MNIST splits (pixels in [0, 1]); the ConvLSTM trains on the MNIST-sequence set of the
     *     config's task built from them ({@link Architecture#data})
     * @param threads threads for the software products (results do not depend on it)
     * @return the trainer; close it when done
     */
    public static Trainer create(final TrainConfig config, final TrainTest data, final int threads) {
        return create(config, data, threads, Programming.OPEN_LOOP);
    }

    /**
     * A fresh run whose chip's initial state is written with write-verify (or open loop, as {@link
     * #create(TrainConfig, TrainTest, int)}): each block's initial weights (the paper's all-zero start or the seeded
     * random ones, {@link InitMode}) are verified towards their targets ({@link AnalogMatrix#initialise(float[],
     * Programming)}) before training starts. Software runs ignore it.
     *
     * @param config the run
     * @param data the 8x8 MNIST splits, as for {@link #create(TrainConfig, TrainTest, int)}
     * @param threads threads for the software products (results do not depend on it)
     * @param initial how the initial weights are written onto the chip
     * @return the trainer; close it when done
     */
    public static Trainer create(
            final TrainConfig config, final TrainTest data, final int threads, final Programming initial) {
        return start(config, Architecture.named(config.model()).data(data, config.sequences()), threads, initial);
    }

    /**
     * A fresh run of a sequence model on a given MNIST-sequence set (e.g. other digits than the default).
     *
     * @param config the run
     * @param data the sequences (8x8 frames, pixels in [0, 1])
     * @param threads threads for the software products (results do not depend on it)
     * @return the trainer; close it when done
     */
    public static Trainer create(final TrainConfig config, final MnistSequence data, final int threads) {
        return start(config, sequences(config, data), threads, Programming.OPEN_LOOP);
    }

    private static Trainer start(
            final TrainConfig config, final TrainTest data, final int threads, final Programming initial) {
        return open(
                config,
                () -> data,
                threads,
                Substrate.of(config, () -> Chip.fabricate(config.spec(), config.seed(), 0), initial),
                true);
    }

    /** Builds a trainer on a substrate it then owns (closing it if the trainer cannot be built). */
    private static Trainer open(
            final TrainConfig config,
            final Supplier<TrainTest> data,
            final int threads,
            final Substrate substrate,
            final boolean fresh) {
        try {
            return new Trainer(config, data.get(), threads, substrate, fresh);
        } catch (final RuntimeException e) {
            substrate.close();
            throw e;
        }
    }

    /**
     * Continues a run from the checkpoint in {@code folder} (written by {@link #run} after each epoch).
     *
     * @param folder the checkpoint folder
     * @param data the same data the run started with (8x8 MNIST, as for {@link #create(TrainConfig, TrainTest, int)})
     * @param threads threads (may differ from the original run's)
     * @return the trainer, positioned after the last completed epoch
     * @throws IllegalArgumentException naming the file if the checkpoint is missing, damaged or inconsistent
     */
    public static Trainer resume(final Path folder, final TrainTest data, final int threads) {
        return resumeFrom(folder, config -> Architecture.named(config.model()).data(data, config.sequences()), threads);
    }

    /**
     * Continues a run, loading its data once the checkpoint has said which image set it trained on.
     *
     * @param folder the checkpoint folder
     * @param images loads a dataset's 8x8 images (as for {@link #create(TrainConfig, TrainTest, int)})
     * @param threads threads (may differ from the original run's)
     * @return the trainer, positioned after the last completed epoch
     * @throws IllegalArgumentException naming the file if the checkpoint is missing, damaged or inconsistent
     */
    public static Trainer resume(final Path folder, final Function<ImageDataset, TrainTest> images, final int threads) {
        return resumeFrom(
                folder,
                config -> Architecture.named(config.model()).data(images.apply(config.dataset()), config.sequences()),
                threads);
    }

    /**
     * Continues a sequence model's run that started on a given MNIST-sequence set.
     *
     * @param folder the checkpoint folder
     * @param data the same sequences the run started with
     * @param threads threads (may differ from the original run's)
     * @return the trainer, positioned after the last completed epoch
     * @throws IllegalArgumentException naming the file if the checkpoint is missing, damaged or inconsistent
     */
    public static Trainer resume(final Path folder, final MnistSequence data, final int threads) {
        return resumeFrom(folder, config -> sequences(config, data), threads);
    }

    private static TrainTest sequences(final TrainConfig config, final MnistSequence data) {
        if (Architecture.named(config.model()) != Architecture.CONVLSTM) {
            throw new IllegalArgumentException(
                    "model '" + config.model() + "' takes images, not MNIST-sequence (use convlstm)");
        }
        final MnistSequence.Config task = config.sequences();
        final MnistSequence.Config given = data.config();
        if (given.frames() != task.frames() || given.classes() != task.classes()) {
            throw new IllegalArgumentException("the sequences have " + given.frames() + " frames and "
                    + given.classes() + " classes, the config's task " + task.frames() + " and " + task.classes()
                    + " (set it with TrainConfig.withSequences)");
        }
        return SequenceImages.stacked(data);
    }

    private static Trainer resumeFrom(
            final Path folder, final Function<TrainConfig, TrainTest> data, final int threads) {
        final Checkpoint.Loaded loaded = Checkpoint.load(folder);
        final TrainConfig config = loaded.state().config();
        final Trainer trainer = open(
                config,
                () -> data.apply(config),
                threads,
                Substrate.of(config, loaded.state().chip()::orElseThrow),
                false);
        try {
            loaded.restore(trainer.network, trainer.optimizer);
        } catch (final RuntimeException e) {
            trainer.close();
            throw e;
        }
        trainer.batches.addAll(loaded.state().batches());
        trainer.epochs.addAll(loaded.state().epochs());
        return trainer;
    }

    /**
     * Trains the remaining epochs.
     *
     * @param listener progress
     * @param checkpointFolder where to write a checkpoint after each epoch (created if needed), or null for none
     * @return all metrics of the run
     */
    public TrainingResult run(final TrainingListener listener, final Path checkpointFolder) {
        final int batch = config.batch();
        final int n = trainY.length;
        final int perEpoch = batchesPerEpoch();
        final BatchStep step = batchStep();
        for (int epoch = epochs.size(); epoch < config.epochs(); epoch++) {
            final int[] order = Seeds.shuffle(config.seed(), epoch, n);
            double lossSum = 0;
            long correctSum = 0;
            for (int b = 0; b < perEpoch; b++) {
                final int size = Math.min(batch, n - b * batch);
                gather(step, order, b * batch, size);
                final long pulsesBefore = substrate.pulses();
                final double batchLoss = step.train(size);
                final int correct = step.correct();
                lossSum += batchLoss;
                correctSum += correct;
                final BatchMetrics m = new BatchMetrics(
                        epoch,
                        b,
                        perEpoch,
                        size,
                        batchLoss,
                        (double) correct / size,
                        substrate.pulses() - pulsesBefore);
                batches.add(m);
                listener.onBatch(m);
            }
            final ProgrammingStats beforeTest = substrate.stats();
            final List<Double> test = evaluatePerStep();
            testPass = substrate.stats().minus(beforeTest);
            final EpochMetrics m = new EpochMetrics(
                    epoch, test.getLast(), lossSum / n, (double) correctSum / n, substrate.stats(), test);
            epochs.add(m);
            if (checkpointFolder != null) {
                Checkpoint.save(checkpointFolder, state());
            }
            listener.onEpoch(m);
        }
        return new TrainingResult(epochs, batches, substrate.stats(), testPass);
    }

    /**
     * Copies the training samples {@code order[from, from + size)} into the step's buffers. A method of its own so
     * that it compiles: {@link #run} is one call per run, and xbar runs without on-stack replacement.
     */
    private void gather(final BatchStep step, final int[] order, final int from, final int size) {
        final int inputSize = network.inputSize();
        for (int s = 0; s < size; s++) {
            final int image = order[from + s];
            System.arraycopy(trainX, image * inputSize, step.inputs(), s * inputSize, inputSize);
            step.labels()[s] = trainY[image];
        }
    }

    /**
     * A training step's buffers, for {@link #run} and for callers that drive training batch by batch (the JMH
     * training-step benchmark).
     *
     * @return a step on this trainer
     */
    public BatchStep batchStep() {
        return new BatchStep();
    }

    /**
     * One training step on a mini-batch: forward, loss, backward, then an optimizer step and weight update per layer
     * (on a chip: programming pulses and read-back). Its buffers are made once and reused, so a step allocates
     * nothing of its own; it does not record metrics (that is {@link #run}'s part).
     */
    public final class BatchStep {
        private final float[] x;
        private final int[] y;
        private final Network.RangeLoss rangeLoss;
        private final List<WeightLayer> layers = network.weightLayers();
        private final float[][] change;
        private final long[] reservations;
        private final int[] updateOrder;
        private int correct;

        private BatchStep() {
            final int batch = config.batch();
            x = new float[batch * network.inputSize()];
            y = new int[batch];
            rangeLoss = (logits, dLogits, from, to) -> loss.lossAndDelta(logits, y, dLogits, from, to);
            change = new float[layers.size()][];
            reservations = new long[layers.size()];
            updateOrder = IntStream.range(0, layers.size())
                    .boxed()
                    .sorted(Comparator.comparingInt(l -> -layers.get(l).gradient().length))
                    .mapToInt(Integer::intValue)
                    .toArray();
            for (int l = 0; l < layers.size(); l++) {
                change[l] = new float[layers.get(l).gradient().length];
            }
        }

        /**
         * The batch's inputs, to fill before {@link #train}.
         *
         * @return [batch x network inputs], row-major
         */
        public float[] inputs() {
            return x;
        }

        /**
         * The batch's labels, to fill before {@link #train}.
         *
         * @return one class per sample
         */
        public int[] labels() {
            return y;
        }

        /**
         * Trains on the first {@code size} samples of the buffers.
         *
         * @param size samples, 1 to the configured batch
         * @return the batch's mean loss
         */
        public double train(final int size) {
            loss.begin(size);
            final float[] logits = network.train(x, size, rangeLoss);
            correct = loss.correct(logits, y, 0, size, steps - 1);
            update();
            return loss.loss(size);
        }

        /**
         * Samples of the last step classified correctly before its update (at the last time step).
         *
         * @return the count
         */
        public int correct() {
            return correct;
        }

        /**
         * One optimizer step and weight update per layer, the layers at the same time ({@link Parallel#each}),
         * largest first so the threads finish together: each has its own optimizer state and chip block, and each
         * layer reserves its update's randomness first, in layer order ({@link WeightMatrix#reserveUpdate}), so the
         * draws are those of a sequential update whatever the thread count. A scheme that programs samples (the
         * stochastic pulse trains) instead updates the layers one after another in layer order, each drawing its chip
         * events as it goes, with the SGD learning rate.
         */
        private void update() {
            if (config.scheme().programsSamples()) {
                final float lr = (float) config.optimizer().learningRate();
                for (final WeightLayer layer : layers) {
                    layer.updateBySamples(lr);
                }
                return;
            }
            for (int l = 0; l < layers.size(); l++) {
                reservations[l] = layers.get(l).matrix().reserveUpdate();
            }
            parallel.each(layers.size(), task -> {
                final int l = updateOrder[task];
                optimizer.step(l, layers.get(l).gradient(), change[l]);
                layers.get(l).matrix().update(change[l], reservations[l]);
            });
        }
    }

    /**
     * Classifies the test set (on the chip, in situ) in mini-batches of the configured size.
     *
     * @return the fraction classified correctly (at the last time step)
     */
    public double evaluate() {
        return evaluatePerStep().getLast();
    }

    /**
     * Classifies the test set (on the chip, in situ) in mini-batches of the configured size, reading the logits of
     * every time step: the accuracy after 1, 2, ... frames of a sequence.
     *
     * @return the fraction classified correctly at each step (one value for feed-forward networks)
     */
    public List<Double> evaluatePerStep() {
        final int inputSize = network.inputSize();
        final int batch = config.batch();
        final int n = testY.length;
        final float[] x = new float[batch * inputSize];
        final long[] correct = new long[steps];
        for (int start = 0; start < n; start += batch) {
            final int size = Math.min(batch, n - start);
            System.arraycopy(testX, start * inputSize, x, 0, size * inputSize);
            final float[] logits = network.forward(x, size);
            for (int t = 0; t < steps; t++) {
                correct[t] += loss.correct(logits, testY, start, size, t);
            }
        }
        final List<Double> accuracy = new ArrayList<>(steps);
        for (final long c : correct) {
            accuracy.add((double) c / n);
        }
        return accuracy;
    }

    /**
     * Transfers trained weights onto this trainer's network, ex situ ({@link WeightMatrix#program}): each analog layer
     * is programmed open loop through its chip's write scheme (the initial RESET and SET, then every pair to its
     * weight, then a read-back), each software layer takes the weights as they are. The chip's pulses and reads
     * are counted in {@link #result()}'s stats.
     *
     * @param weights per weight layer, [inputs x outputs] row-major, as {@link WeightMatrix#weights()} gives them
     * @throws IllegalArgumentException if the layer count or a layer's size does not match the network
     */
    public void programWeights(final float[][] weights) {
        programWeights(weights, Programming.OPEN_LOOP);
    }

    /**
     * {@link #programWeights(float[][])} with open-loop programming or write-verify ({@link Programming}): every
     * pulse and read of the verification counts in {@link #result()}'s stats too.
     *
     * @param weights per weight layer, [inputs x outputs] row-major
     * @param programming open loop or write-verify
     * @return devices still out of tolerance after write-verify, over all layers (0 for open loop)
     * @throws IllegalArgumentException if the layer count or a layer's size does not match the network
     */
    public int programWeights(final float[][] weights, final Programming programming) {
        final List<WeightLayer> layers = network.weightLayers();
        if (weights.length != layers.size()) {
            throw new IllegalArgumentException("programWeights: " + weights.length + " weight arrays for the "
                    + config.model() + " network's " + layers.size() + " weight layers");
        }
        for (int l = 0; l < weights.length; l++) {
            final WeightMatrix m = layers.get(l).matrix();
            if (weights[l].length != m.weights().length) {
                throw new IllegalArgumentException("programWeights: layer " + l + " takes " + m.inputs() + " x "
                        + m.outputs() + " = " + m.weights().length + " weights, got " + weights[l].length);
            }
        }
        int missed = 0;
        for (int l = 0; l < weights.length; l++) {
            missed += layers.get(l).matrix().program(weights[l], programming);
        }
        return missed;
    }

    /**
     * The run's definition.
     *
     * @return the config
     */
    public TrainConfig config() {
        return config;
    }

    /**
     * The network.
     *
     * @return the network
     */
    public Network network() {
        return network;
    }

    /**
     * The chip of an in situ run (its conductances can be drawn; do not run kernels on it while training).
     *
     * @return the chip, or empty in software
     */
    public Optional<Chip> chip() {
        return substrate.chip();
    }

    /**
     * Where the layers sit on the chip, for drawing.
     *
     * @return the layout, or empty in software
     */
    public Optional<NetworkLayout> layout() {
        return substrate.layout();
    }

    /**
     * Training samples per epoch (images, or sequences for the ConvLSTM), after {@link TrainConfig#trainSamples()}.
     *
     * @return the count
     */
    public int trainingSamples() {
        return trainY.length;
    }

    /**
     * Training batches per epoch: the training samples in batches of {@link TrainConfig#batch()}, the last one partial.
     *
     * @return the count
     */
    public int batchesPerEpoch() {
        return (trainY.length + config.batch() - 1) / config.batch();
    }

    /**
     * Test samples of each test pass (images, or sequences for the ConvLSTM), after {@link TrainConfig#testSamples()}.
     *
     * @return the count
     */
    public int testSamples() {
        return testY.length;
    }

    /**
     * Epochs completed so far.
     *
     * @return the count
     */
    public int epochsDone() {
        return epochs.size();
    }

    /**
     * The metrics so far.
     *
     * @return the result
     */
    public TrainingResult result() {
        return new TrainingResult(epochs, batches, substrate.stats(), testPass);
    }

    /** What a checkpoint saves now. */
    Checkpoint.State state() {
        final List<WeightLayer> layers = network.weightLayers();
        final float[][] weights = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            weights[l] = layers.get(l).matrix().weights();
        }
        return new Checkpoint.State(config, substrate.chip(), batches, epochs, weights, optimizer.state());
    }

    /** Releases the chip and the worker threads. */
    @Override
    public void close() {
        parallel.close();
        substrate.close();
    }

    private static float[] inputs(final ImageSet set, final int limit, final int inputSize, final String what) {
        if (set.pixelsPerImage() != inputSize) {
            throw new IllegalArgumentException("the " + what + " images are " + set.height() + " x " + set.width()
                    + " but the network takes " + inputSize + " values per image (8 x 8: use TrainTest.to8x8())");
        }
        final int n = count(set, limit);
        final float[] x = new float[n * inputSize];
        for (int i = 0; i < n; i++) {
            set.copyImage(i, x, i * inputSize);
            toInputs(x, i * inputSize, inputSize);
        }
        return x;
    }

    /**
     * Maps one image's pixels to input values in place. Image by image rather than in one pass over the set: xbar
     * runs without on-stack replacement, and a single loop over all 70,000 images ran interpreted.
     */
    static void toInputs(final float[] x, final int from, final int n) {
        for (int k = from; k < from + n; k++) {
            x[k] = INPUT_SPAN * x[k] + INPUT_LOW;
        }
    }

    private static int[] labels(final ImageSet set, final int limit, final int classes, final String what) {
        final int n = count(set, limit);
        final int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = set.label(i);
            if (y[i] >= classes) {
                throw new IllegalArgumentException("the " + what + " image " + i + " has label " + y[i]
                        + " but the network has " + classes + " classes");
            }
        }
        return y;
    }

    private static int count(final ImageSet set, final int limit) {
        if (set.count() == 0) {
            throw new IllegalArgumentException("the data set is empty");
        }
        return limit == 0 ? set.count() : Math.min(limit, set.count());
    }
}
