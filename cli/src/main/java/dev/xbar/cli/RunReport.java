package dev.xbar.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.cli.report.Heatmap;
import dev.xbar.cli.report.LinePlot;
import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ChipSpecJson;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.core.io.AtomicFiles;
import dev.xbar.models.mapping.Block;
import dev.xbar.models.mapping.NetworkLayout;
import dev.xbar.models.mapping.Tile;
import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.BatchMetrics;
import dev.xbar.models.train.EpochMetrics;
import dev.xbar.models.train.OptimizerConfig;
import dev.xbar.models.train.TrainConfig;
import dev.xbar.models.train.Trainer;
import dev.xbar.models.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a training run folder, each written atomically: {@code metrics.csv},
 * {@code accuracy.png}, for in situ runs {@code chip.png} with the chip snapshots
 * {@code chip-initial.bin} (after initialisation) and {@code chip-final.bin}, and last
 * {@code summary.json}, so a summary exists only when every other file of the run does.
 */
final class RunReport {

    static final String INITIAL_CHIP = "chip-initial.bin";
    static final String FINAL_CHIP = "chip-final.bin";
    static final String SUMMARY = "summary.json";

    private final Path folder;
    private final Trainer trainer;
    private final TrainConfig config;
    private final String kernels;
    private final int threads;
    private final int epochsBefore;

    RunReport(Path folder, Trainer trainer, String kernels, int threads) {
        this.folder = folder;
        this.trainer = trainer;
        this.config = trainer.config();
        this.kernels = kernels;
        this.threads = threads;
        this.epochsBefore = trainer.epochsDone();
    }

    String headline() {
        String where = config.software()
                ? "in software (float weights)"
                : String.format(Locale.ROOT, "in situ on a %s chip (%d devices used)", presetName(), devicesUsed());
        return String.format(
                Locale.ROOT,
                "training %s (%d weights) %s, seed %d, %d epochs, batch %d, %s kernels, %d threads",
                config.model(),
                trainer.network().weightCount(),
                where,
                config.seed(),
                config.epochs(),
                config.batch(),
                kernels,
                threads);
    }

    /** In situ, saves the freshly initialised chip. */
    void start() {
        if (epochsBefore == 0) {
            trainer.chip().ifPresent(chip -> chip.save(folder.resolve(INITIAL_CHIP)));
        }
    }

    /** Writes the run's files, the summary last. */
    void write(TrainingResult result, double wallSeconds) {
        writeMetrics(result);
        writeAccuracyPlot(result);
        trainer.chip().ifPresent(chip -> {
            chip.save(folder.resolve(FINAL_CHIP));
            writeChipPlot(chip);
        });
        writeSummary(result, wallSeconds);
    }

    private void writeSummary(TrainingResult result, double wallSeconds) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", config.model());
        summary.put("software", config.software());
        summary.put("preset", config.software() ? null : presetName());
        summary.put("weights", trainer.network().weightCount());
        summary.put("devices", config.software() ? 0 : devicesUsed());
        summary.put("epochs", config.epochs());
        summary.put("batch", config.batch());
        summary.put("seed", config.seed());
        summary.put("optimizer", optimizer(config.optimizer()));
        summary.put("update_scheme", config.software() ? null : config.scheme().toString());
        summary.put("train_samples", trainSamples(result));
        summary.put(
                "test_accuracy",
                result.epochs().stream().map(EpochMetrics::testAccuracy).toList());
        summary.put("final_test_accuracy", result.finalTestAccuracy());
        if (Architecture.named(config.model()).steps() > 1) {
            summary.put("loss_steps", config.lossSteps().id());
            summary.put("test_accuracy_per_step", result.finalTestAccuracyPerStep());
        }
        summary.put("wall_seconds", wallSeconds);
        long trainedNow = result.batches().stream()
                .skip(result.batches().size() - batchesThisSession(result))
                .mapToLong(BatchMetrics::samples)
                .sum();
        summary.put("train_samples_per_second", trainedNow / wallSeconds);
        ProgrammingStats s = result.stats();
        Map<String, Object> programming = new LinkedHashMap<>();
        programming.put("set", s.setPulses());
        programming.put("reset", s.resetPulses());
        programming.put("step", s.stepPulses());
        programming.put("reads", s.reads());
        programming.put("vmms", s.vmms());
        summary.put("programming", programming);
        summary.put("kernels", kernels);
        summary.put("threads", threads);
        summary.put("chip_spec", config.software() ? null : ChipSpecJson.toMap(config.spec()));
        try {
            String json = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(summary) + "\n";
            AtomicFiles.writeString(folder.resolve(SUMMARY), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + SUMMARY + ": " + e.getMessage(), e);
        }
    }

    /** Batches run by this process (a resumed run reports the whole run but timed only its own part). */
    private int batchesThisSession(TrainingResult result) {
        int perEpoch =
                result.batches().isEmpty() ? 0 : result.batches().getFirst().batchesPerEpoch();
        return Math.min(result.batches().size(), perEpoch * (config.epochs() - epochsBefore));
    }

    private static long trainSamples(TrainingResult result) {
        return result.batches().stream().mapToLong(BatchMetrics::samples).sum();
    }

    private static Map<String, Object> optimizer(OptimizerConfig o) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (o) {
            case OptimizerConfig.RmsProp r -> {
                m.put("name", "rmsprop");
                m.put("lr", r.learningRate());
                m.put("decay", r.decay());
                m.put("epsilon", r.epsilon());
            }
            case OptimizerConfig.Sgd sgd -> {
                m.put("name", "sgd");
                m.put("lr", sgd.learningRate());
            }
        }
        return m;
    }

    private void writeMetrics(TrainingResult result) {
        StringBuilder csv = new StringBuilder("kind,epoch,batch,loss_per_sample,batch_accuracy,pulses,test_accuracy\n");
        for (BatchMetrics b : result.batches()) {
            csv.append(String.format(
                    Locale.ROOT,
                    "batch,%d,%d,%.6f,%.4f,%d,%n",
                    b.epoch() + 1,
                    b.batch() + 1,
                    b.meanLoss(),
                    b.accuracy(),
                    b.pulses()));
        }
        for (EpochMetrics e : result.epochs()) {
            csv.append(String.format(
                    Locale.ROOT,
                    "epoch,%d,,%.6f,%.4f,,%.4f%n",
                    e.epoch() + 1,
                    e.meanTrainLoss(),
                    e.trainAccuracy(),
                    e.testAccuracy()));
        }
        AtomicFiles.writeString(folder.resolve("metrics.csv"), csv.toString());
    }

    private void writeAccuracyPlot(TrainingResult result) {
        List<BatchMetrics> batches = result.batches();
        int window = Math.max(1, batches.size() / 100);
        double[] bx = new double[batches.size()];
        double[] by = new double[batches.size()];
        double sum = 0;
        for (int i = 0; i < batches.size(); i++) {
            BatchMetrics b = batches.get(i);
            sum += b.accuracy();
            if (i >= window) {
                sum -= batches.get(i - window).accuracy();
            }
            bx[i] = b.epoch() + (b.batch() + 1.0) / b.batchesPerEpoch();
            by[i] = 100 * sum / Math.min(i + 1, window);
        }
        List<EpochMetrics> epochs = result.epochs();
        double[] ex = new double[epochs.size()];
        double[] ey = new double[epochs.size()];
        for (int i = 0; i < epochs.size(); i++) {
            ex[i] = epochs.get(i).epoch() + 1;
            ey[i] = 100 * epochs.get(i).testAccuracy();
        }
        String title = config.model()
                + (config.software() ? " in software" : " in situ (" + presetName() + ")")
                + String.format(Locale.ROOT, ", seed %d: %.2f%% test", config.seed(), 100 * result.finalTestAccuracy());
        new LinePlot(
                        title,
                        "epoch",
                        "accuracy (%)",
                        List.of(
                                new LinePlot.Series(
                                        window == 1 ? "train batches" : "train batches (mean of " + window + ")",
                                        bx,
                                        by),
                                new LinePlot.Series("test set after each epoch", ex, ey)))
                .writePng(folder.resolve("accuracy.png"));
    }

    private void writeChipPlot(Chip finalChip) {
        List<Heatmap.Panel> panels = new ArrayList<>();
        Path initial = folder.resolve(INITIAL_CHIP);
        if (Files.exists(initial)) {
            try (Chip before = Chip.load(initial)) {
                panels.add(panel("after initialisation", before));
            }
        }
        panels.add(panel("after training", finalChip));
        List<Heatmap.Block> blocks = new ArrayList<>();
        for (Block b : layout().blocks()) {
            var w = b.bounds();
            blocks.add(new Heatmap.Block(b.spec().name(), w.row0(), w.col0(), w.rows(), w.cols()));
        }
        new Heatmap(panels, blocks, "uS").writePng(folder.resolve("chip.png"));
    }

    private static Heatmap.Panel panel(String title, Chip chip) {
        float[] g = new float[chip.rows() * chip.cols()];
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                g[r * chip.cols() + c] = chip.get(Plane.CONDUCTANCE, r, c);
            }
        }
        return new Heatmap.Panel(title, g, chip.rows(), chip.cols());
    }

    private NetworkLayout layout() {
        return trainer.layout().orElseThrow();
    }

    /** Devices that hold a weight: used rows times used columns of every tile. */
    private int devicesUsed() {
        int devices = 0;
        for (Block b : layout().blocks()) {
            for (Tile t : b.tiles()) {
                devices += count(t.rowInput()) * count(t.colOutput());
            }
        }
        return devices;
    }

    private static int count(int[] lines) {
        int n = 0;
        for (int line : lines) {
            n += line >= 0 ? 1 : 0;
        }
        return n;
    }

    /** The preset this spec equals, or "custom". */
    String presetName() {
        Optional<String> name = ChipSpec.PRESET_NAMES.stream()
                .filter(p -> ChipSpec.preset(p).equals(config.spec()))
                .findFirst();
        return name.orElse("custom");
    }
}
