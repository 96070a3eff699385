package dev.xbar.models.train;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.datasets.MnistSequence;
import dev.xbar.models.mapping.UpdateScheme;
import java.util.Objects;

/**
 * Everything that defines a training run (the thread count is not part of it: results are the same for any).
 *
 * @param model "cnn", "mlp" or "convlstm"
 * @param spec the chip spec (in situ runs fabricate chip 0 of {@code seed} from it; software runs ignore it)
 * @param software true for float weights (the baseline), false for in situ training on the chip
 * @param seed the run seed: chip, shuffles and initial weights
 * @param epochs epochs
 * @param batch mini-batch size (also used for the test passes)
 * @param optimizer the optimizer
 * @param scheme how weight changes are programmed (must suit the spec's device family)
 * @param init how the chip starts
 * @param trainSamples use the first this many training images (0: all)
 * @param testSamples use the first this many test images (0: all)
 * @param microSiemensPerWeight conductance difference per unit weight (100 uS)
 * @param lossSteps which time steps carry loss (recurrent networks; feed-forward ones have one step)
 * @param sequences the MNIST-sequence task of the convlstm (frames, digits, classes); the other models ignore it
 * @param dataset the image set the cnn and mlp train on (the convlstm's sequences are built from MNIST)
 */
public record TrainConfig(
        String model,
        ChipSpec spec,
        boolean software,
        long seed,
        int epochs,
        int batch,
        OptimizerConfig optimizer,
        UpdateScheme scheme,
        InitMode init,
        int trainSamples,
        int testSamples,
        double microSiemensPerWeight,
        LossSteps lossSteps,
        MnistSequence.Config sequences,
        ImageDataset dataset) {

    /** The training samples of the 2018 MLP experiment (Li et al., Nat. Commun. 9, 2385; paper-spec.md S6). */
    public static final int MLP_PAPER_SAMPLES = 80_000;

    /** Validates every field. */
    public TrainConfig {
        Architecture.named(model);
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(lossSteps, "lossSteps");
        Objects.requireNonNull(sequences, "sequences");
        Objects.requireNonNull(dataset, "dataset");
        if (Architecture.named(model) == Architecture.CONVLSTM && dataset != ImageDataset.MNIST) {
            throw new IllegalArgumentException(
                    "the convlstm trains on MNIST-sequence, which is built from MNIST, not " + dataset.id());
        }
        if (epochs < 1 || epochs > 100_000) {
            throw new IllegalArgumentException("epochs = " + epochs + " must be in [1, 100000]");
        }
        if (batch < 1 || batch > 100_000) {
            throw new IllegalArgumentException("batch = " + batch + " must be in [1, 100000]");
        }
        if (trainSamples < 0 || testSamples < 0) {
            throw new IllegalArgumentException(
                    "trainSamples = " + trainSamples + " and testSamples = " + testSamples + " must be >= 0");
        }
        if (scheme.programsSamples() && !(optimizer instanceof OptimizerConfig.Sgd)) {
            throw new IllegalArgumentException("update scheme " + scheme.toMap().get("name")
                    + " is plain SGD sample by sample (as aihwkit's analog SGD): it needs OptimizerConfig.Sgd, not "
                    + optimizer);
        }
        if (!(microSiemensPerWeight > 0 && microSiemensPerWeight <= 10_000)) {
            throw new IllegalArgumentException(
                    "microSiemensPerWeight = " + microSiemensPerWeight + " must be in (0, 10000]");
        }
    }

    /**
     * The published run of the model: in situ, 2 epochs, RMSprop (decay 0.9, eps 1e-8), the update scheme that suits
     * the network and the spec's devices ({@link Architecture#scheme}), {@link InitMode#AUTO}, all data, 100 uS per
     * weight, loss on the last step, the default MNIST-sequence task. The CNN uses the 2019 scripts' batch 100 and lr 0.01; the MLP the 2018 demo's
     * batch 50 and lr 0.002; the ConvLSTM the 2019 script's batch 50 and lr 0.01 (paper-spec.md 3.3, 4.2 and 6). The
     * MLP trains on the 2018 paper's 80,000 samples ({@link #MLP_PAPER_SAMPLES}): 2 epochs over the first 40,000
     * training images, since the paper does not say how its 80,000 were drawn and the trainer counts whole epochs.
     *
     * @param model "cnn", "mlp" or "convlstm"
     * @param spec the chip spec
     * @param seed the seed
     * @return the config
     */
    public static TrainConfig paper(final String model, final ChipSpec spec, final long seed) {
        final Architecture arch = Architecture.named(model);
        final boolean mlp = arch == Architecture.MLP;
        return new TrainConfig(
                model,
                spec,
                false,
                seed,
                2,
                arch == Architecture.CNN ? 100 : 50,
                OptimizerConfig.RmsProp.paper(mlp ? 0.002 : 0.01),
                arch.scheme(spec.device()),
                InitMode.AUTO,
                mlp ? MLP_PAPER_SAMPLES / 2 : 0,
                0,
                100,
                LossSteps.LAST,
                MnistSequence.Config.DEFAULT,
                ImageDataset.MNIST);
    }

    /**
     * This config in software or in situ.
     *
     * @param value true for software
     * @return the config
     */
    public TrainConfig withSoftware(final boolean value) {
        final Copy c = new Copy(this);
        c.software = value;
        return c.build();
    }

    /**
     * This config with another length and batch.
     *
     * @param newEpochs epochs
     * @param newBatch batch size
     * @return the config
     */
    public TrainConfig withSchedule(final int newEpochs, final int newBatch) {
        final Copy c = new Copy(this);
        c.epochs = newEpochs;
        c.batch = newBatch;
        return c.build();
    }

    /**
     * This config with another optimizer.
     *
     * @param value the optimizer
     * @return the config
     */
    public TrainConfig withOptimizer(final OptimizerConfig value) {
        final Copy c = new Copy(this);
        c.optimizer = value;
        return c.build();
    }

    /**
     * This config with the stochastic pulse-train update (aihwkit's analog SGD): plain SGD at this config's learning
     * rate and {@link UpdateScheme.Stochastic}, the initialisation kept.
     *
     * @param train the train length and management switches
     * @return the config
     */
    public TrainConfig withStochasticUpdate(final UpdateScheme.Stochastic train) {
        return withOptimizer(new OptimizerConfig.Sgd(optimizer.learningRate())).withProgramming(train, init);
    }

    /**
     * This config with another update scheme and initialisation.
     *
     * @param newScheme the scheme
     * @param newInit the initialisation
     * @return the config
     */
    public TrainConfig withProgramming(final UpdateScheme newScheme, final InitMode newInit) {
        final Copy c = new Copy(this);
        c.scheme = newScheme;
        c.init = newInit;
        return c.build();
    }

    /**
     * This config on a subset of the data (for quick runs and tests).
     *
     * @param train first this many training images (0: all)
     * @param test first this many test images (0: all)
     * @return the config
     */
    public TrainConfig withSamples(final int train, final int test) {
        final Copy c = new Copy(this);
        c.trainSamples = train;
        c.testSamples = test;
        return c.build();
    }

    /**
     * This config with another choice of the steps that carry loss.
     *
     * @param value the steps
     * @return the config
     */
    public TrainConfig withLossSteps(final LossSteps value) {
        final Copy c = new Copy(this);
        c.lossSteps = value;
        return c.build();
    }

    /**
     * This config on another MNIST-sequence task.
     *
     * @param value the task (its train and test counts and seed define the data)
     * @return the config
     */
    public TrainConfig withSequences(final MnistSequence.Config value) {
        final Copy c = new Copy(this);
        c.sequences = value;
        return c.build();
    }

    /**
     * This config on another image set.
     *
     * @param value the dataset
     * @return the config
     */
    public TrainConfig withDataset(final ImageDataset value) {
        final Copy c = new Copy(this);
        c.dataset = value;
        return c.build();
    }

    /**
     * A field-by-field copy of a config for the withers: the one place besides the record header that lists every
     * field, so a new field is added here and not in each wither.
     */
    private static final class Copy {
        private String model;
        private ChipSpec spec;
        private boolean software;
        private long seed;
        private int epochs;
        private int batch;
        private OptimizerConfig optimizer;
        private UpdateScheme scheme;
        private InitMode init;
        private int trainSamples;
        private int testSamples;
        private double microSiemensPerWeight;
        private LossSteps lossSteps;
        private MnistSequence.Config sequences;
        private ImageDataset dataset;

        Copy(final TrainConfig c) {
            model = c.model;
            spec = c.spec;
            software = c.software;
            seed = c.seed;
            epochs = c.epochs;
            batch = c.batch;
            optimizer = c.optimizer;
            scheme = c.scheme;
            init = c.init;
            trainSamples = c.trainSamples;
            testSamples = c.testSamples;
            microSiemensPerWeight = c.microSiemensPerWeight;
            lossSteps = c.lossSteps;
            sequences = c.sequences;
            dataset = c.dataset;
        }

        TrainConfig build() {
            return new TrainConfig(
                    model,
                    spec,
                    software,
                    seed,
                    epochs,
                    batch,
                    optimizer,
                    scheme,
                    init,
                    trainSamples,
                    testSamples,
                    microSiemensPerWeight,
                    lossSteps,
                    sequences,
                    dataset);
        }
    }
}
