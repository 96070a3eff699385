package dev.xbar.cli;

import dev.xbar.cli.report.Progress;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.datasets.DatasetCache;
import dev.xbar.datasets.Mnist;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.Architecture;
import dev.xbar.models.BatchMetrics;
import dev.xbar.models.EpochMetrics;
import dev.xbar.models.LossSteps;
import dev.xbar.models.OptimizerConfig;
import dev.xbar.models.TrainConfig;
import dev.xbar.models.Trainer;
import dev.xbar.models.TrainingListener;
import dev.xbar.models.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
            "Train a network on MNIST, in situ on a simulated 1T1R chip (default) or in software.",
            "Writes summary.json, metrics.csv, accuracy.png/.svg, chip.png/.svg and chip snapshots to the run folder.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  xbar train                            # the paper's run: cnn in situ, nmi2019",
            "  xbar train --model mlp --seed 3       # the 2018 MLP on its natcomm2018 chip",
            "  xbar train --mode software            # the float baseline",
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
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "insitu",
            completionCandidates = Choices.TrainModes.class,
            description = "insitu (train the conductances on the simulated chip) or software (float weights, the "
                    + "baseline). exsitu is a yield study mode: see 'xbar yield --mode'.")
    String mode;

    /** The old spelling of {@code --mode software}, kept so scripts keep working. */
    @Option(names = "--software", hidden = true, description = "Deprecated: --mode software.")
    void software(boolean on) {
        if (on) {
            mode = "software";
        }
    }

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            completionCandidates = Choices.Presets.class,
            description = "Chip preset: nmi2019, natcomm2018 or ideal. Default: the chip of the model's paper "
                    + "(natcomm2018 for the mlp, nmi2019 otherwise).")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE", description = "Chip spec as JSON (instead of --preset).")
    Path specFile;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            converter = DeviceChoice.Converter.class,
            description = "Replace the spec's device: gate, constant-step, linear-step, soft-bounds or exp-step.")
    DeviceChoice device;

    @Option(
            names = "--loss-steps",
            paramLabel = "last|all",
            description = "convlstm only: loss on the 'last' time step (the paper's code) or on 'all' steps. "
                    + "Default: last.")
    String lossSteps;

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
            description = "RMSprop learning rate (dimensionless). Default: 0.01 for the cnn, 0.002 for the mlp.")
    Double lr;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            defaultValue = "1",
            description = "Seed of the chip, shuffles and initial weights.")
    long seed;

    @Option(
            names = "--train-samples",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Train on the first N training samples (images; sequences for the convlstm); 0: all " + "60,000.")
    int trainSamples;

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

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "Continue the run in DIR from its last completed "
                    + "epoch; the other run options are taken from its checkpoint.")
    Path resume;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Folder with the MNIST files. Default: $XBAR_DATA, else ~/.cache/xbar/datasets/mnist.")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean inSoftware = Choices.software(mode); // a bad --mode is refused before the data is loaded
        TrainTest mnist = Mnist.fetchAndLoad(DatasetCache.resolve(data)).to8x8();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > 1024) {
            throw new IllegalArgumentException("--threads = " + threadCount + " must be in [1, 1024]");
        }
        Path folder = resume != null ? resume : out != null ? out : defaultFolder();
        Path checkpoints = folder.resolve("checkpoint");
        long start = System.nanoTime();
        try (Trainer trainer = resume != null
                ? Trainer.resume(checkpoints, mnist, threadCount)
                : Trainer.create(config(inSoftware), mnist, threadCount)) {
            RunReport report =
                    new RunReport(folder, trainer, CrossbarKernels.get().name(), threadCount);
            report.start();
            var printer = spec.commandLine().getOut();
            printer.println(report.headline());
            printer.flush();
            TrainingResult result = trainer.run(
                    new ProgressListener(trainer.config().epochs(), trainer.epochsDone(), trainer.trainingSamples()),
                    checkpoints);
            report.write(result, (System.nanoTime() - start) / 1e9);
            printer.printf(
                    Locale.ROOT,
                    "final test accuracy %.2f%%; run folder %s%n",
                    100 * result.finalTestAccuracy(),
                    folder.toAbsolutePath());
            return 0;
        }
    }

    private TrainConfig config(boolean inSoftware) {
        if (resume != null && out != null) {
            throw new IllegalArgumentException("--resume DIR continues in DIR: drop --out");
        }
        String presetName = preset != null ? preset : Architecture.named(model).paperPreset();
        ChipSpec chipSpec = specFile != null ? ChipSpec.load(specFile) : ChipSpec.preset(presetName);
        if (device != null) {
            chipSpec = device.applyTo(chipSpec);
        }
        TrainConfig config = TrainConfig.paper(model, chipSpec, seed).withSoftware(inSoftware);
        config = config.withSchedule(epochs != null ? epochs : config.epochs(), batch != null ? batch : config.batch());
        if (lr != null) {
            config = config.withOptimizer(OptimizerConfig.RmsProp.paper(lr));
        }
        if (lossSteps != null) {
            config = config.withLossSteps(LossSteps.named(lossSteps));
        }
        return config.withSamples(trainSamples, testSamples);
    }

    private Path defaultFolder() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = Path.of("runs", model + "-" + stamp);
        for (int i = 2; Files.exists(folder); i++) {
            folder = Path.of("runs", model + "-" + stamp + "-" + i);
        }
        return folder;
    }

    /** Draws the progress line: epoch, batch, loss, running accuracy, samples/s, time left. */
    private static final class ProgressListener implements TrainingListener {
        private final int epochs;
        private final Progress progress;
        private long seen;
        private double correct;
        private long samplesDone;

        ProgressListener(int epochs, int epochsDone, int trainCount) {
            this.epochs = epochs;
            this.progress = Progress.forStdout((long) trainCount * (epochs - epochsDone), "images");
        }

        @Override
        public void onBatch(BatchMetrics m) {
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
