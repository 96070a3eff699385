package dev.xbar.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.cli.export.Npz;
import dev.xbar.cli.report.AccuracyFigure;
import dev.xbar.cli.report.ChipFigure;
import dev.xbar.cli.report.FigureFormat;
import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ChipSpecJson;
import dev.xbar.core.chip.EnergyEstimate;
import dev.xbar.core.chip.EnergyModel;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.core.io.AtomicFiles;
import dev.xbar.core.io.BoundedFiles;
import dev.xbar.core.kernel.Programming;
import dev.xbar.models.layer.WeightLayer;
import dev.xbar.models.mapping.Block;
import dev.xbar.models.mapping.BlockSpec;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The files of a training run folder, each written atomically: {@code metrics.csv}, {@code accuracy.png} (and
 * {@code .svg} when asked), {@code weights.npz}, for in situ runs {@code chip.png} (and {@code .svg}) with the chip snapshots {@code
 * chip-initial.bin} (after initialisation) and {@code chip-final.bin}, and last {@code summary.json}, so a summary
 * exists only when every other file of the run does.
 */
final class RunReport {

    static final String INITIAL_CHIP = "chip-initial.bin";
    static final String FINAL_CHIP = "chip-final.bin";
    static final String SUMMARY = "summary.json";
    static final String WEIGHTS = "weights.npz";
    /** A fresh run's command line, start and chip source, so that a resumed run's summary still names them. */
    static final String PROVENANCE = "provenance.json";
    /** The {@code format} of {@code summary.json}: 2 added the provenance fields. */
    static final String FORMAT = "xbar-run-2";

    /**
     * The fields of {@code summary.json} that define the run: runs that agree on all of them but the seed are repeats
     * of one configuration ({@code xbar summarize} pools them). Every other field is in {@link #OUTPUT_FIELDS}; a
     * test keeps the two lists complete, so a new field must be put in one.
     */
    static final List<String> CONFIG_FIELDS = List.of(
            "model",
            "software",
            "preset",
            "base_preset",
            "spec_file",
            "device_override",
            "spec_sha256",
            "weights",
            "devices",
            "epochs",
            "batch",
            "seed",
            "optimizer",
            "update_scheme",
            "init",
            "init_used",
            "program",
            "train_set_size",
            "test_set_size",
            "train_samples",
            "datasets",
            "loss_steps",
            "sequence_task",
            "chip_spec");

    /** The fields of {@code summary.json} that describe the outcome or where and when it ran, not the run. */
    static final List<String> OUTPUT_FIELDS = List.of(
            "format",
            "xbar_version",
            "git_commit",
            "command_line",
            "started_at",
            "finished_at",
            "first_command_line",
            "first_started_at",
            "test_accuracy",
            "final_test_accuracy",
            "test_accuracy_per_step",
            "wall_seconds",
            "train_samples_per_second",
            "programming",
            "energy",
            "kernels",
            "threads");

    private final Path folder;
    private final Trainer trainer;
    private final TrainConfig config;
    private final String kernels;
    private final int threads;
    private final int epochsBefore;
    private final Provenance provenance;
    private final SpecSource source;
    private final Set<FigureFormat> figures;

    /**
     * The report of a run.
     *
     * @param source where the chip spec came from; null for a resumed run (read from its {@value #PROVENANCE})
     */
    RunReport(
            Path folder,
            Trainer trainer,
            String kernels,
            int threads,
            Provenance provenance,
            SpecSource source,
            Set<FigureFormat> figures) {
        this.folder = folder;
        this.trainer = trainer;
        this.config = trainer.config();
        this.kernels = kernels;
        this.threads = threads;
        this.epochsBefore = trainer.epochsDone();
        this.provenance = provenance;
        this.source = source;
        this.figures = figures;
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

    /**
     * In situ, saves the freshly initialised chip; a fresh run saves its provenance for a later resume, with the
     * write-verify parameters of its initial weights (a resumed run's summary reads them back).
     *
     * @param initial how a fresh run wrote its initial weights; null for a resumed run
     */
    void start(Programming initial) {
        if (epochsBefore == 0) {
            trainer.chip().ifPresent(chip -> chip.save(folder.resolve(INITIAL_CHIP)));
        }
        if (source != null) {
            Map<String, Object> first = new LinkedHashMap<>();
            first.put("command_line", provenance.commandLine());
            first.put("started_at", provenance.started().toString());
            first.putAll(source.toMap(config.spec()));
            if (initial instanceof Programming.WriteVerify v && !config.software()) {
                first.put("program", v.toMap());
            }
            writeJson(PROVENANCE, first);
        }
    }

    /** The fresh run's provenance file, or an empty map for runs that predate it. */
    private Map<String, Object> firstProvenance() {
        Path file = folder.resolve(PROVENANCE);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, Object> m = JSON.std.mapFrom(BoundedFiles.readString(file, 1 << 20, "run provenance"));
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Writes the run's files, the summary last. */
    void write(TrainingResult result, double wallSeconds) {
        writeMetrics(result);
        // the accuracy figure renders on its own thread while the chip files and figure are written: in a fresh JVM
        // each figure is mostly Java2D being compiled, and the two share no state
        CompletableFuture<Void> accuracy = CompletableFuture.runAsync(() -> writeAccuracyPlot(result), task -> {
            Thread thread = new Thread(task, "xbar-accuracy-figure");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            writeWeights();
            trainer.chip().ifPresent(chip -> {
                chip.save(folder.resolve(FINAL_CHIP));
                writeChipPlot(chip);
            });
        } catch (RuntimeException | Error e) {
            accuracy.exceptionally(t -> null).join();
            throw e;
        }
        try {
            accuracy.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
        writeSummary(result, wallSeconds);
    }

    private void writeSummary(TrainingResult result, double wallSeconds) {
        Map<String, Object> summary = new LinkedHashMap<>(provenance.toMap(FORMAT, Instant.now()));
        Map<String, Object> first = firstProvenance();
        if (source == null) {
            summary.put("first_command_line", first.get("command_line"));
            summary.put("first_started_at", first.get("started_at"));
        }
        summary.put("model", config.model());
        summary.put("software", config.software());
        summary.put("preset", config.software() ? null : presetName());
        Map<String, Object> chipSource = source != null
                ? source.toMap(config.spec())
                : SpecSource.fromMap(first).toMap(config.spec());
        if (config.software()) {
            chipSource.replaceAll((k, v) -> null);
        }
        summary.putAll(chipSource);
        summary.put("weights", trainer.network().weightCount());
        summary.put("devices", config.software() ? 0 : devicesUsed());
        summary.put("epochs", config.epochs());
        summary.put("batch", config.batch());
        summary.put("seed", config.seed());
        summary.put("optimizer", optimizer(config.optimizer()));
        summary.put("update_scheme", config.software() ? null : config.scheme().toMap());
        summary.put("init", config.software() ? null : config.init().id());
        summary.put(
                "init_used",
                config.software() ? null : config.init().used(config.spec()).id());
        if (first.containsKey("program")) {
            summary.put("program", first.get("program"));
        }
        summary.put("train_set_size", trainer.trainingSamples());
        summary.put("test_set_size", trainer.testSamples());
        summary.put("train_samples", trainSamples(result));
        summary.put("datasets", Provenance.datasets(config.dataset()));
        summary.put(
                "test_accuracy",
                result.epochs().stream().map(EpochMetrics::testAccuracy).toList());
        summary.put("final_test_accuracy", result.finalTestAccuracy());
        if (Architecture.named(config.model()) == Architecture.CONVLSTM) {
            summary.put("loss_steps", config.lossSteps().id());
            summary.put("sequence_task", SequenceTask.toMap(config.sequences()));
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
        programming.put("vmm_devices", s.vmmDevices());
        programming.put("dac_conversions", s.dacConversions());
        programming.put("adc_conversions", s.adcConversions());
        summary.put("programming", programming);
        summary.put("energy", config.software() ? null : energy(result));
        summary.put("kernels", kernels);
        summary.put("threads", threads);
        summary.put("chip_spec", config.software() ? null : ChipSpecJson.toMap(config.spec()));
        writeJson(SUMMARY, summary);
    }

    /**
     * The energy and time estimate of the chip's counted events (the spec's {@code energy} costs): training is the
     * whole run less its test passes (each pass takes the same events), inference one test sample of the last pass.
     */
    private Map<String, Object> energy(TrainingResult result) {
        EnergyModel costs = config.spec().energy();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("training", EnergyEstimate.of(result.trainingStats(), costs).toMap());
        m.put(
                "inference",
                EnergyEstimate.of(result.testPass(), costs)
                        .per(trainer.testSamples())
                        .toMap());
        return m;
    }

    private void writeJson(String name, Map<String, Object> tree) {
        try {
            String json =
                    JSON.std
                                    .with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES)
                                    .asString(tree) + "\n";
            AtomicFiles.writeString(folder.resolve(name), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + name + ": " + e.getMessage(), e);
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

    /**
     * The weights each layer uses, as read back from the chip in situ, [inputs x outputs], named after the layer's
     * block ({@code xbar export} bundles them).
     */
    private void writeWeights() {
        Npz npz = new Npz();
        List<WeightLayer> layers = trainer.network().weightLayers();
        List<BlockSpec> blocks = Architecture.named(config.model()).blocks(config.sequences());
        for (int i = 0; i < layers.size(); i++) {
            var m = layers.get(i).matrix();
            String name = blocks.size() == layers.size() ? blocks.get(i).name() : "layer" + i;
            npz.put(name, m.weights().clone(), m.inputs(), m.outputs());
        }
        npz.write(folder.resolve(WEIGHTS));
    }

    private void writeAccuracyPlot(TrainingResult result) {
        String title = config.model()
                + (config.software() ? " in software" : " in situ (" + presetName() + ")")
                + String.format(Locale.ROOT, ", seed %d: %.2f%% test", config.seed(), 100 * result.finalTestAccuracy());
        AccuracyFigure.of(title, result.batches(), result.epochs()).write(folder, "accuracy", figures);
    }

    private void writeChipPlot(Chip finalChip) {
        List<ChipFigure.Block> blocks = new ArrayList<>();
        for (Block b : layout().blocks()) {
            var w = b.bounds();
            blocks.add(new ChipFigure.Block(b.spec().name(), w.row0(), w.col0(), w.rows(), w.cols()));
        }
        Path initial = folder.resolve(INITIAL_CHIP);
        if (Files.exists(initial)) {
            try (Chip before = Chip.load(initial)) {
                ChipFigure.of(Optional.of(before), finalChip, blocks).write(folder, "chip", figures);
            }
        } else {
            ChipFigure.of(Optional.empty(), finalChip, blocks).write(folder, "chip", figures);
        }
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
