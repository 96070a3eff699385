package dev.xbar.models.study;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.datasets.MnistSequence;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.layer.WeightLayer;
import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.Retention;
import dev.xbar.models.train.TrainConfig;
import dev.xbar.models.train.Trainer;
import dev.xbar.models.train.TrainingListener;
import dev.xbar.models.train.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trials of the {@code cnn} and {@code mlp} networks on 8x8 MNIST or Fashion-MNIST (the study's dataset), with the paper's training recipe
 * ({@link TrainConfig#paper}: batch 100, RMSprop, the update scheme that suits the device) and the study's epochs and
 * image counts.
 *
 * <ul>
 *   <li><b>In situ</b>: fabricates the trial's chip (chip 0 of the trial seed, from the point's spec), trains the
 *       network on it and reports the final test accuracy and every SET, RESET and step pulse.
 *   <li><b>Ex situ</b>: the network is trained once per study in software (seed = the master seed, on the base
 *       spec's network); each trial fabricates its chip, programs those weights onto it through its write scheme,
 *       open loop or with write-verify (the point's {@link GridPoint#programming()}: the study's, with any swept
 *       write-verify parameter set; {@link Trainer#programWeights}), and tests it.
 *       Pulses are those of that programming, verification included.
 * </ul>
 *
 * Each trial also keeps its chip's counts ({@link TrialCounts}): in situ the training's (less its test passes), ex
 * situ the programming's (write-verify reads included), and those of the last test pass, for the energy estimate.
 *
 * A study with ages ({@link Study#ages()}) then tests the chip once more at each age ({@link Retention}: the drift
 * clock starts when training or the ex situ programming ends, every age from that same state, so no compounding, and
 * with the same read-noise draws at every age, which follow those of the test at the end of programming).
 *
 * Each trial runs single-threaded (runners parallelise across trials). The data and the software weights are cached
 * per JVM, so a cluster member loads them once.
 */
public final class NetworkTrial implements TrialFunction {
    private static final long serialVersionUID = 1L;

    private static final Map<String, TrainTest> DATA = new ConcurrentHashMap<>();
    private static final Map<String, float[][]> SOFTWARE_WEIGHTS = new ConcurrentHashMap<>();

    /** The dataset. */
    private final ImageDataset dataset;

    /** The data folder as an absolute path, or null for the default cache (a String: Path is not serializable). */
    private final String dataFolder;

    /** Whether missing files are fetched. */
    private final boolean fetch;

    /**
     * Trials on the files of a dataset in a folder.
     *
     * @param dataset the dataset
     * @param dataFolder the folder with its four files, or null for the default cache
     * @param fetch whether to fetch missing files (a cluster worker does not: it runs on the data it was given)
     */
    public NetworkTrial(final ImageDataset dataset, final Path dataFolder, final boolean fetch) {
        this.dataset = dataset;
        this.dataFolder =
                dataFolder == null ? null : dataFolder.toAbsolutePath().toString();
        this.fetch = fetch;
    }

    @Override
    public void prepare(final Study study) {
        data();
        if (study.mode() == TrialMode.EXSITU) {
            softwareWeights(study);
        }
    }

    /** The identity of the verified files every trial reads. */
    @Override
    public String dataSha256() {
        return dataset.sha256();
    }

    @Override
    public void check(final Study study) {
        final Architecture arch = Architecture.named(study.model());
        for (final GridPoint point : study.points()) {
            try {
                arch.layout(point.spec());
            } catch (final IllegalArgumentException e) {
                final String label = point.label(study.sweeps());
                throw new IllegalArgumentException(
                        (label.isEmpty() ? "the base spec" : "grid point " + label) + ": " + e.getMessage(), e);
            }
        }
        final int[] counts = arch.imageCounts(data(), MnistSequence.Config.DEFAULT);
        final Study.Training t = study.training();
        if (t.trainImages() > counts[0]) {
            throw new IllegalArgumentException(
                    "--train-images = " + t.trainImages() + " is more than the " + counts[0] + " training images");
        }
        if (t.testImages() > counts[1]) {
            throw new IllegalArgumentException(
                    "--test-images = " + t.testImages() + " is more than the " + counts[1] + " test images");
        }
    }

    /** The training and test images each trial uses: the study's counts, or all of the data for 0. */
    @Override
    public int[] setSizes(final Study study) {
        final int[] counts = Architecture.named(study.model()).imageCounts(data(), MnistSequence.Config.DEFAULT);
        final Study.Training t = study.training();
        return new int[] {
            t.trainImages() == 0 ? counts[0] : t.trainImages(), t.testImages() == 0 ? counts[1] : t.testImages()
        };
    }

    @Override
    public TrialOutcome run(final Trial trial) {
        final Study study = trial.study();
        return switch (study.mode()) {
            case INSITU -> inSitu(study, trial.point().spec(), trial.seed());
            case EXSITU -> exSitu(study, trial.point(), trial.seed());
        };
    }

    private TrialOutcome inSitu(final Study study, final ChipSpec spec, final long seed) {
        try (Trainer trainer = Trainer.create(config(study, spec, seed), data(), 1)) {
            trainer.network().readInPlace(true);
            final TrainingResult result = trainer.run(TrainingListener.NONE, null);
            return new TrialOutcome(
                    result.finalTestAccuracy(),
                    pulses(result.stats()),
                    result.finalTestAccuracyPerStep(),
                    atAges(trainer, study),
                    new TrialCounts(result.trainingStats(), result.testPass(), trainer.testSamples()));
        }
    }

    private TrialOutcome exSitu(final Study study, final GridPoint point, final long seed) {
        final float[][] weights = softwareWeights(study);
        final Study.Training t = study.training();
        // The chip's trainer never trains, so it keeps one training image instead of converting the whole set.
        final TrainConfig config = config(study, point.spec(), seed).withSamples(1, t.testImages());
        try (Trainer trainer = Trainer.create(config, data(), 1)) {
            // the trials of a study share the JVM: the in-place kernel's warm-up is paid once, its speed every trial
            trainer.network().readInPlace(true);
            final ProgrammingStats before = trainer.result().stats();
            trainer.programWeights(weights, point.programming());
            final ProgrammingStats programmed = trainer.result().stats();
            final List<Double> steps = trainer.evaluatePerStep();
            final TrialCounts counts = new TrialCounts(
                    programmed.minus(before), trainer.result().stats().minus(programmed), trainer.testSamples());
            return new TrialOutcome(steps.getLast(), pulses(counts.work()), steps, atAges(trainer, study), counts);
        }
    }

    /** The accuracy at each of the study's ages (one test pass each, no compensation). */
    private static List<Double> atAges(final Trainer trainer, final Study study) {
        if (study.ages().labels().isEmpty()) {
            return List.of();
        }
        return Retention.test(trainer, study.ages().seconds(), 1, false).stream()
                .map(Retention.Point::mean)
                .toList();
    }

    private static TrainConfig config(final Study study, final ChipSpec spec, final long seed) {
        final Study.Training t = study.training();
        final TrainConfig paper = TrainConfig.paper(study.model(), spec, seed).withDataset(t.dataset());
        final TrainConfig config = paper.withSchedule(t.epochs(), 100)
                .withSamples(t.trainImages(), t.testImages())
                .withProgramming(paper.scheme(), t.init());
        return study.stochasticUpdate().map(config::withStochasticUpdate).orElse(config);
    }

    private float[][] softwareWeights(final Study study) {
        return SOFTWARE_WEIGHTS.computeIfAbsent(study.hash(), h -> {
            final TrainConfig config = config(study, study.base(), study.seed()).withSoftware(true);
            try (Trainer trainer = Trainer.create(config, data(), 1)) {
                trainer.run(TrainingListener.NONE, null);
                final List<WeightLayer> layers = trainer.network().weightLayers();
                final float[][] weights = new float[layers.size()][];
                for (int l = 0; l < weights.length; l++) {
                    weights[l] = layers.get(l).matrix().weights().clone();
                }
                return weights;
            }
        });
    }

    private TrainTest data() {
        return DATA.computeIfAbsent(dataset.id() + " " + (dataFolder == null ? "" : dataFolder), key -> {
            final Path folder = dataset.folder(dataFolder == null ? null : Path.of(dataFolder));
            return fetch ? dataset.fetchAndLoad8x8(folder) : dataset.load8x8(folder);
        });
    }

    private static long pulses(final ProgrammingStats stats) {
        return stats.setPulses() + stats.resetPulses() + stats.stepPulses();
    }
}
