package dev.xbar.cli;

import dev.xbar.cli.report.Progress;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.Programming;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.datasets.MnistSequence;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.BatchMetrics;
import dev.xbar.models.train.EpochMetrics;
import dev.xbar.models.train.InitMode;
import dev.xbar.models.train.LossSteps;
import dev.xbar.models.train.OptimizerConfig;
import dev.xbar.models.train.TrainConfig;
import dev.xbar.models.train.Trainer;
import dev.xbar.models.train.TrainingListener;
import dev.xbar.models.train.TrainingResult;
import dev.xbar.models.train.Warmup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xbar train}: trains a network in situ on a simulated chip (or in software) on MNIST and
 * writes a run folder. With no options it is the paper's run: the CNN, in situ, {@code nmi2019}.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = {
            "Train a network on MNIST or Fashion-MNIST, in situ on a simulated 1T1R chip (default) or in software.",
            "Writes summary.json, metrics.csv, accuracy.png, chip.png (.svg too with --svg) and chip snapshots to the run folder.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  xbar train                            # the paper's run: cnn in situ, nmi2019",
            "  xbar train --model mlp --seed 3       # the 2018 MLP on its natcomm2018 chip",
            "  xbar train --mode software            # the float baseline",
            "  xbar train --dataset fashion-mnist    # the cnn on Fashion-MNIST",
            "  xbar train --train-samples 6000 --epochs 1     # a quick look",
            "  xbar train --resume runs/cnn-20261201-101500   # continue a killed run",
            "  xbar export runs/cnn-20261201-101500           # the run for NumPy"
        })
final class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            defaultValue = "cnn",
            completionCandidates = Choices.TrainModels.class,
            description = "Network: cnn (Wang 2019, 1015 weights), mlp (Li 2018, 64-54-10) or convlstm (Wang 2019, "
                    + "850 weights, on MNIST-sequence).")
    String model;

    @Option(
            names = "--dataset",
            paramLabel = "DATA",
            defaultValue = "mnist",
            description = "cnn and mlp: mnist or fashion-mnist (Zalando's, from Debian's dataset-fashion-mnist, "
                    + "fetched and SHA-256 checked like MNIST), both as 8x8 inputs.")
    String dataset;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "insitu",
            completionCandidates = Choices.TrainModes.class,
            description = "insitu (train the conductances on the simulated chip) or software (float weights, the "
                    + "baseline). exsitu is a yield study mode: see 'xbar yield --mode'.")
    String mode;

    /**
     * The old spelling of {@code --mode software}, kept so scripts keep working. A flag read in {@link #checkOptions}
     * rather than a setter of {@link #mode}: picocli gives {@code --mode} its default after a setter has run, which
     * silently turned {@code --software} runs back into in situ ones.
     */
    @Option(names = "--software", hidden = true, description = "Deprecated: --mode software.")
    boolean legacySoftware;

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            completionCandidates = Choices.Presets.class,
            description =
                    "Chip preset: nmi2019, natcomm2018, ideal or nmi2019-sim (the authors' simulation; 'xbar spec presets'). Default: the chip of the model's paper "
                            + "(natcomm2018 for the mlp, nmi2019 otherwise).")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE", description = "Chip spec as JSON (instead of --preset).")
    Path specFile;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            converter = DeviceChoice.Converter.class,
            description = "Replace the spec's device by a family's defaults: gate, constant-step, linear-step,"
                    + " soft-bounds or exp-step (piecewise-step: with --device-table, or in a spec file).")
    DeviceChoice device;

    @Option(
            names = "--device-table",
            paramLabel = "FILE",
            description = "A measured step response (CSV: header 'up,down', then the step factors at equally"
                    + " spaced conductances, lowest first): trains a piecewise-step device with the spec's pulse"
                    + " parameters.")
    Path deviceTable;

    @Option(
            names = "--init",
            paramLabel = "paper|random|auto",
            description = "How the chip starts. paper: RESET all, then SET all at the scheme's gate voltage (every "
                    + "weight starts near 0 and only write noise breaks the symmetry: with no write noise the network "
                    + "cannot learn); random: then each pair programmed to a seeded random weight U(-1,1)/sqrt(inputs); "
                    + "auto: random on chips without write noise (noiseless gate devices, step devices), paper "
                    + "otherwise. summary.json records the choice (init) and its outcome (init_used). Default: auto.")
    String init;

    /** How the initial weights are written: open loop, or write-verify (recorded as program in summary.json). */
    @Mixin
    ProgramOptions programOptions;

    @Option(
            names = "--loss-steps",
            paramLabel = "last|all",
            description = "convlstm only: loss on the 'last' time step (the paper's code) or on 'all' steps. "
                    + "Default: last.")
    String lossSteps;

    @Option(
            names = "--sequence-task",
            paramLabel = "sequence|sum",
            description = "convlstm only: the MNIST-sequence class. sequence: which digit sequence it is (the "
                    + "default task: the 6 orderings of 3, 5, 8, where any two frames fix the class); sum: the sum "
                    + "of the frames' digits mod 10 (every frame changes it; digits 0-9 with repeats unless given).")
    String sequenceTask;

    @Option(
            names = "--sequence-digits",
            paramLabel = "D,D,...",
            description = "convlstm only: the distinct digits the frames show. Default: 3,5,8 (0-9 for sum).")
    String sequenceDigits;

    @Option(
            names = "--sequence-frames",
            paramLabel = "N",
            description = "convlstm only: frames per sequence (time steps). Default: 3.")
    Integer sequenceFrames;

    @Option(
            names = "--sequence-repeats",
            paramLabel = "yes|no",
            description = "convlstm only: whether a digit may appear in several frames of a sequence. "
                    + "Default: no (yes for sum).")
    String sequenceRepeats;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Passes over the training samples. Default: 2, as in the paper.")
    Integer epochs;

    @Option(
            names = "--batch",
            paramLabel = "SAMPLES",
            description = "Mini-batch size, in samples. Default: 100 for the cnn, 50 for the mlp.")
    Integer batch;

    @Option(
            names = "--lr",
            paramLabel = "RATE",
            description = "RMSprop learning rate (dimensionless; the SGD rate with --update stochastic). Default: 0.01 "
                    + "for the cnn, 0.002 for the mlp.")
    Double lr;

    @Mixin
    UpdateOptions updateOptions;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            defaultValue = "1",
            description = "Seed of the chip, shuffles and initial weights.")
    long seed;

    @Option(
            names = "--train-samples",
            paramLabel = "N",
            description = "Train on the first N training samples (images; sequences for the convlstm); 0: all. "
                    + "Default: all (60,000 images, 12,000 sequences), but 40,000 for the mlp (2 epochs of "
                    + "40,000 are the 2018 paper's 80,000 training samples).")
    Integer trainSamples;

    @Option(
            names = "--test-samples",
            paramLabel = "N",
            defaultValue = "0",
            description = "Test on the first N test samples; 0: all 10,000.")
    int testSamples;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads for the software products; results do not depend on it. "
                    + "Default: the available processors.")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder. Default: runs/<model>-<timestamp>.")
    Path out;

    @Mixin
    FigureOptions figures;

    @Option(
            names = "--force",
            description = "With --out: replace the run files of a run already in that folder (summary.json, "
                    + "metrics.csv, the plots, chip files and checkpoint; other files stay).")
    boolean force;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "Continue the run in DIR from its last completed epoch, with the options in its checkpoint "
                    + "(so only --threads and --data may be given).")
    Path resume;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Folder with the dataset's files. Default for mnist: $XBAR_DATA, else "
                    + "~/.cache/xbar/datasets/mnist; for fashion-mnist: ~/.cache/xbar/datasets/fashion-mnist.")
    Path data;

    @Spec
    CommandSpec spec;

    /** The options that define a run; a resumed run takes them from its checkpoint. */
    private static final List<String> RUN_OPTIONS = List.of(
            "--model",
            "--dataset",
            "--preset",
            "--loss-steps",
            "--sequence-task",
            "--sequence-digits",
            "--sequence-frames",
            "--sequence-repeats",
            "--spec",
            "--device",
            "--device-table",
            "--init",
            "--program",
            "--verify-iterations",
            "--verify-tolerance",
            "--software",
            "--mode",
            "--epochs",
            "--batch",
            "--lr",
            "--seed",
            "--train-samples",
            "--test-samples",
            "--out",
            "--force");

    @Override
    public Integer call() {
        PhaseClock clock = PhaseClock.fromEnvironment();
        Provenance provenance = Provenance.of(spec);
        int threadCount = checkOptions();
        boolean inSoftware = Choices.software(mode); // a bad --mode is refused before the data is loaded
        if (resume != null) {
            try (RunFolder folder = RunFolder.resume(resume)) {
                // wall_seconds: the trainer's work (chip, training, tests), not the data loading before it
                long[] start = new long[1];
                try (Trainer trainer = Trainer.resume(
                        folder.checkpoints(),
                        d -> {
                            TrainTest images = d.fetchAndLoad8x8(d.folder(data));
                            clock.mark("data");
                            start[0] = System.nanoTime();
                            return images;
                        },
                        threadCount)) {
                    return train(folder, trainer, threadCount, start[0], provenance, null, clock);
                }
            }
        }
        Path dir = out != null ? out : defaultFolder();
        RunFolder.checkFresh(dir, force);
        TrainConfig config = config(inSoftware);
        // the kernels compile on random images while the data loads and the chip is made (Warmup)
        try (Warmup warmup = Warmup.start(config)) {
            TrainTest images = config.dataset().fetchAndLoad8x8(config.dataset().folder(data));
            checkSamples(config, images);
            clock.mark("data");
            long start = System.nanoTime();
            try (Trainer trainer = Trainer.create(config, images, threadCount, programOptions.programming());
                    RunFolder folder = RunFolder.fresh(dir, force)) {
                warmup.stop();
                return train(folder, trainer, threadCount, start, provenance, specSource(), clock);
            }
        }
    }

    /** Where the chip spec comes from (a preset, or a file that may start from one), for the summary. */
    private SpecSource specSource() {
        return SpecSource.of(
                preset != null ? preset : Architecture.named(model).paperPreset(), specFile, device, deviceTable);
    }

    private int train(
            RunFolder folder,
            Trainer trainer,
            int threadCount,
            long start,
            Provenance provenance,
            SpecSource source,
            PhaseClock clock) {
        clock.mark("trainer and chip");
        var printer = spec.commandLine().getOut();
        if (trainer.epochsDone() == trainer.config().epochs() && folder.finished()) {
            printer.printf(
                    Locale.ROOT,
                    "%s is a finished run (%d of %d epochs, summary written); nothing to resume%n",
                    folder.dir(),
                    trainer.epochsDone(),
                    trainer.config().epochs());
            return Main.OK;
        }
        RunReport report = new RunReport(
                folder.dir(),
                trainer,
                CrossbarKernels.get().name(),
                threadCount,
                provenance,
                source,
                figures.formats());
        report.start(source == null ? null : programOptions.programming());
        printer.println(report.headline());
        printer.flush();
        int epochsLeft = trainer.config().epochs() - trainer.epochsDone();
        clock.startBatches(trainer.batchesPerEpoch() * epochsLeft, epochsLeft);
        TrainingResult result = trainer.run(
                new ProgressListener(trainer.config().epochs(), trainer.epochsDone(), trainer.trainingSamples(), clock),
                folder.checkpoints());
        clock.mark("training and tests");
        report.write(result, (System.nanoTime() - start) / 1e9);
        clock.mark("report");
        printer.printf(
                Locale.ROOT,
                "final test accuracy %.2f%%; run folder %s%n",
                100 * result.finalTestAccuracy(),
                folder.dir().toAbsolutePath());
        clock.print(spec.commandLine().getErr());
        return Main.OK;
    }

    /** Checks every option before any work; returns the thread count. */
    private int checkOptions() {
        if (legacySoftware) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--mode") && !Choices.software(mode)) {
                throw usage("--software is the old spelling of --mode software: drop it or --mode " + mode);
            }
            mode = "software";
        }
        if (resume != null) {
            for (String option : RUN_OPTIONS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw usage("--resume " + resume + " continues the run with the options in its checkpoint: drop "
                            + option + " (or start a new run with --out)");
                }
            }
        }
        if (force && out == null) {
            throw usage("--force replaces the run files of the --out folder: give --out DIR");
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > 1024) {
            throw usage("--threads = " + threadCount + " must be in [1, 1024]");
        }
        if (!Architecture.ids().contains(model)) {
            throw usage(
                    "--model '" + model + "' is not a model (expected " + String.join(", ", Architecture.ids()) + ")");
        }
        if (preset != null && !ChipSpec.PRESET_NAMES.contains(preset)) {
            throw usage("--preset '" + preset + "' is not a preset (expected "
                    + String.join(", ", ChipSpec.PRESET_NAMES) + ")");
        }
        if (init != null && !List.of("paper", "random", "auto").contains(init)) {
            throw usage("--init '" + init + "' must be paper, random or auto");
        }
        Programming initial;
        try {
            initial = programOptions.programming();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (initial instanceof Programming.WriteVerify && Choices.software(mode)) {
            throw usage("--program verify writes a chip's initial weights: a software run has no chip");
        }
        if (lossSteps != null && !List.of("last", "all").contains(lossSteps)) {
            throw usage("--loss-steps '" + lossSteps + "' must be last or all");
        }
        sequenceTask();
        imageDataset();
        if (epochs != null && (epochs < 1 || epochs > 100_000)) {
            throw usage("--epochs = " + epochs + " must be in [1, 100000]");
        }
        if (batch != null && (batch < 1 || batch > 100_000)) {
            throw usage("--batch = " + batch + " must be in [1, 100000]");
        }
        if (lr != null && !(lr > 0 && lr <= 1e3)) {
            throw usage("--lr = " + lr + " must be in (0, 1000]");
        }
        if (trainSamples != null && trainSamples < 0) {
            throw usage("--train-samples = " + trainSamples + " must be >= 0 (0: all)");
        }
        if (testSamples < 0) {
            throw usage("--test-samples = " + testSamples + " must be >= 0 (0: all)");
        }
        checkUpdate();
        return threadCount;
    }

    /**
     * The MNIST-sequence task the options ask for (the default task without them), refusing options that are not for
     * this model or do not make a task.
     */
    private MnistSequence.Config sequenceTask() {
        boolean given =
                sequenceTask != null || sequenceDigits != null || sequenceFrames != null || sequenceRepeats != null;
        if (!given) {
            return MnistSequence.Config.DEFAULT;
        }
        if (!"convlstm".equals(model)) {
            throw usage("--sequence-task, --sequence-digits, --sequence-frames and --sequence-repeats are for "
                    + "--model convlstm, not " + model);
        }
        MnistSequence.Task task;
        try {
            task = sequenceTask == null ? MnistSequence.Task.SEQUENCE : MnistSequence.Task.named(sequenceTask);
        } catch (IllegalArgumentException e) {
            throw usage("--sequence-task '" + sequenceTask + "' must be sequence or sum");
        }
        boolean sum = task == MnistSequence.Task.SUM;
        if (sequenceRepeats != null && !List.of("yes", "no").contains(sequenceRepeats)) {
            throw usage("--sequence-repeats '" + sequenceRepeats + "' must be yes or no");
        }
        boolean repeats = sequenceRepeats == null ? sum : sequenceRepeats.equals("yes");
        List<Integer> digits = sequenceDigits == null
                ? (sum ? List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9) : MnistSequence.Config.DEFAULT.digits())
                : digits(sequenceDigits);
        MnistSequence.Config d = MnistSequence.Config.DEFAULT;
        try {
            return new MnistSequence.Config(
                    digits,
                    sequenceFrames == null ? d.frames() : sequenceFrames,
                    repeats,
                    task,
                    d.trainCount(),
                    d.testCount(),
                    d.seed());
        } catch (IllegalArgumentException e) {
            throw usage("the MNIST-sequence task (--sequence-*): " + e.getMessage());
        }
    }

    /** The image set of {@code --dataset}; the convlstm's sequences are built from MNIST only. */
    private ImageDataset imageDataset() {
        ImageDataset d;
        try {
            d = ImageDataset.named(dataset);
        } catch (IllegalArgumentException e) {
            throw usage("--dataset " + e.getMessage());
        }
        if (d != ImageDataset.MNIST && "convlstm".equals(model)) {
            throw usage("--dataset " + dataset + " is for --model cnn or mlp: the convlstm trains on MNIST-sequence, "
                    + "which is built from MNIST");
        }
        return d;
    }

    private List<Integer> digits(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String t = part.strip();
            if (t.length() != 1 || t.charAt(0) < '0' || t.charAt(0) > '9') {
                throw usage("--sequence-digits '" + text + "' must be digits 0-9 separated by commas");
            }
            out.add(t.charAt(0) - '0');
        }
        return out;
    }

    /** Refuses more samples than the data has, rather than quietly using fewer. */
    private void checkSamples(TrainConfig config, TrainTest images) {
        int[] counts = Architecture.named(config.model()).imageCounts(images, config.sequences());
        if (trainSamples != null && trainSamples > counts[0]) {
            throw usage("--train-samples = " + trainSamples + " is more than the " + counts[0]
                    + " training images of the " + config.model() + " data");
        }
        if (testSamples > counts[1]) {
            throw usage("--test-samples = " + testSamples + " is more than the " + counts[1] + " test images of the "
                    + config.model() + " data");
        }
    }

    /** The --update options: values checked now, none on a resumed run (its checkpoint has the scheme). */
    private void checkUpdate() {
        for (String option : UpdateOptions.NAMES) {
            if (resume != null && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw usage("--resume " + resume + " continues the run with the options in its checkpoint: drop "
                        + option + " (or start a new run with --out)");
            }
        }
        try {
            updateOptions.check();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private TrainConfig config(boolean inSoftware) {
        String presetName = preset != null ? preset : Architecture.named(model).paperPreset();
        ChipSpec chipSpec = specFile != null ? ChipSpec.load(specFile) : ChipSpec.preset(presetName);
        try {
            chipSpec = DeviceChoice.apply(device, deviceTable, chipSpec);
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        }
        TrainConfig config = TrainConfig.paper(model, chipSpec, seed)
                .withSoftware(inSoftware)
                .withDataset(imageDataset());
        config = config.withSchedule(epochs != null ? epochs : config.epochs(), batch != null ? batch : config.batch());
        if (lr != null) {
            config = config.withOptimizer(OptimizerConfig.RmsProp.paper(lr));
        }
        if (lossSteps != null) {
            config = config.withLossSteps(LossSteps.named(lossSteps));
        }
        config = config.withSequences(sequenceTask());
        if (init != null) {
            config = config.withProgramming(config.scheme(), InitMode.named(init));
        }
        config = config.withSamples(trainSamples != null ? trainSamples : config.trainSamples(), testSamples);
        try {
            return updateOptions.applyTo(config);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Path defaultFolder() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = Path.of("runs", model + "-" + stamp);
        for (int i = 2; Files.exists(folder); i++) {
            folder = Path.of("runs", model + "-" + stamp + "-" + i);
        }
        return folder;
    }

    /**
     * Draws the progress line (epoch, batch, loss, running accuracy, samples/s, time left) and tells the clock when
     * each batch and test pass ends.
     */
    private static final class ProgressListener implements TrainingListener {
        private final int epochs;
        private final Progress progress;
        private final PhaseClock clock;
        private long seen;
        private double correct;
        private long samplesDone;

        ProgressListener(int epochs, int epochsDone, int trainCount, PhaseClock clock) {
            this.epochs = epochs;
            this.clock = clock;
            this.progress = Progress.forStdout((long) trainCount * (epochs - epochsDone), "images");
        }

        @Override
        public void onBatch(BatchMetrics m) {
            clock.batchDone();
            seen += m.samples();
            correct += m.accuracy() * m.samples();
            samplesDone += m.samples();
            progress.update(
                    samplesDone,
                    String.format(
                            Locale.ROOT,
                            "epoch %d/%d batch %d/%d loss %.3f acc %.1f%%",
                            m.epoch() + 1,
                            epochs,
                            m.batch() + 1,
                            m.batchesPerEpoch(),
                            m.meanLoss(),
                            100 * correct / seen));
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            clock.epochDone();
            progress.println(String.format(
                    Locale.ROOT,
                    "epoch %d: test accuracy %.2f%%, train loss %.4f, train accuracy %.2f%%",
                    m.epoch() + 1,
                    100 * m.testAccuracy(),
                    m.meanTrainLoss(),
                    100 * m.trainAccuracy()));
            seen = 0;
            correct = 0;
        }
    }
}
