package dev.xbar.cli;

import com.hazelcast.core.HazelcastInstance;
import dev.xbar.cli.report.FigureFormat;
import dev.xbar.cli.report.Progress;
import dev.xbar.cli.report.Wilson;
import dev.xbar.cli.report.YieldFigure;
import dev.xbar.cluster.ClusterRunner;
import dev.xbar.core.Check;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.kernel.Programming;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.models.mapping.UpdateScheme;
import dev.xbar.models.study.LocalRunner;
import dev.xbar.models.study.PointSummary;
import dev.xbar.models.study.Shard;
import dev.xbar.models.study.Study;
import dev.xbar.models.study.StudyFolder;
import dev.xbar.models.study.StudyRun;
import dev.xbar.models.study.StudySummary;
import dev.xbar.models.study.Sweep;
import dev.xbar.models.study.TrialFunction;
import dev.xbar.models.study.TrialFunctions;
import dev.xbar.models.study.TrialMode;
import dev.xbar.models.train.Ages;
import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.InitMode;
import dev.xbar.models.train.TrainConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xbar yield}: a Monte Carlo yield study (a grid of chip-spec points x N chips) on the local cores, one shard
 * of it, or on a Hazelcast cluster; {@code xbar yield merge} combines shard folders. Writes {@code study.json},
 * {@code trials.csv}, {@code summary.json} and {@code yield.png} into the study folder; running the same command
 * again resumes.
 */
@Command(
        name = "yield",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = {
            "Monte Carlo yield study: accuracy over many simulated chips per point of a parameter grid.",
            "Re-running the same command resumes; a different study in the same --out folder is refused.",
            "Writes study.json, trials.csv, summary.json and yield.png (.svg with --svg) to the study folder.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  xbar yield --chips 20 --sweep stuck=0,0.05,0.1   # yield against stuck devices",
            "  xbar yield --mode exsitu --sweep d2d=0,0.2 --sweep adc_bits=4,6,8  # 2 x 3",
            "  xbar yield --mode exsitu --program verify --verify-tolerance 4   # write-verify transfer",
            "  xbar yield --spec drift.json --age 0,1h,1d,1y --sweep variability.driftNu=0.02,0.05  # over the life",
            "  xbar yield --model devices --chips 1000 --sweep stuck=0,0.01   # no network",
            "  xbar yield --shard 0/2 ...; xbar yield --shard 1/2 ...  # then: yield merge",
            "  xbar export runs/yield-cnn-insitu-1a2b3c4d          # the study for NumPy"
        },
        subcommands = {YieldCommand.Merge.class})
final class YieldCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            defaultValue = "cnn",
            completionCandidates = Choices.YieldModels.class,
            description = "Network: cnn (Wang 2019), mlp (Li 2018) or convlstm (Wang 2019, on MNIST-sequence; the "
                    + "accuracy after the last frame), as in 'xbar train'; or devices (the fraction of working "
                    + "devices, no network).")
    String model;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "insitu",
            completionCandidates = Choices.YieldModes.class,
            description = "insitu (train on each chip, as 'xbar train') or exsitu (program weights trained in "
                    + "software onto each chip).")
    String mode;

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            completionCandidates = Choices.Presets.class,
            description =
                    "Base chip preset: nmi2019, natcomm2018, ideal or nmi2019-sim. Default: the chip of the model's "
                            + "paper (natcomm2018 for the mlp, nmi2019 otherwise).")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE", description = "Base chip spec as JSON (instead of --preset).")
    Path specFile;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            converter = DeviceChoice.Converter.class,
            description = "Replace the base spec's device by a family's defaults, as in 'xbar train'.")
    DeviceChoice device;

    @Option(
            names = "--device-table",
            paramLabel = "FILE",
            description = "A measured step response (CSV, as in 'xbar train'): a piecewise-step device with the base"
                    + " spec's pulse parameters.")
    Path deviceTable;

    @Mixin
    ProgramOptions programOptions;

    @Mixin
    UpdateOptions updateOptions;

    @Option(
            names = "--init",
            paramLabel = "paper|random|auto",
            defaultValue = "auto",
            description = "How each in situ chip starts, as in 'xbar train --init': paper (every weight near 0; "
                    + "only write noise breaks the symmetry), random (seeded U(-1,1)/sqrt(inputs) weights) or auto "
                    + "(random on chips without write noise, paper otherwise, chosen per grid point: a sweep that "
                    + "crosses the switch is flagged).")
    String init;

    @Option(names = "--chips", paramLabel = "N", defaultValue = "100", description = "Chips (trials) per grid point.")
    int chips;

    @Option(
            names = "--sweep",
            paramLabel = "NAME=V1,V2,...",
            description = "A swept chip spec field and its values, in the unit listed below; repeat for a grid "
                    + "(the last sweep varies fastest).")
    List<String> sweeps = new ArrayList<>();

    @Option(
            names = "--age",
            paramLabel = "AGES",
            description = "Also test each chip at these ages after its training or ex situ programming ended, each from"
                    + " that same state (drift as the spec says; as 'xbar evaluate --age'): 0, 30s, 5min, 1h, 1d, 2w,"
                    + " 1mo, 1y or seconds, comma-separated. trials.csv gets a column accuracy_at_<age> per age,"
                    + " summary.json the statistics and yield at each age. Needed to sweep the drift fields.")
    String age;

    @Option(
            names = "--threshold",
            paramLabel = "FRACTION",
            defaultValue = "0.9",
            description = "Yield threshold, a test accuracy as a fraction (0.9 = 90%%): a chip is good when its "
                    + "accuracy is at or above it.")
    double threshold;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            defaultValue = "1",
            description = "Master seed of the study's chips and training.")
    long seed;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "2",
            description = "Passes over the training samples per chip.")
    int epochs;

    @Option(
            names = "--train-samples",
            paramLabel = "N",
            defaultValue = "0",
            description = "Train on the first N training samples; 0: all 60,000.")
    int trainSamples;

    /**
     * The old spelling of {@code --train-samples}, applied in {@link #call}: a setter of the field would run before
     * picocli gives {@code --train-samples} its default, and be lost.
     */
    @Option(names = "--train-images", hidden = true, description = "Deprecated: --train-samples.")
    Integer legacyTrainImages;

    @Option(
            names = "--test-samples",
            paramLabel = "N",
            defaultValue = "0",
            description = "Test on the first N test samples; 0: all 10,000.")
    int testSamples;

    /** The old spelling of {@code --test-samples}, applied in {@link #call} as {@link #legacyTrainImages} is. */
    @Option(names = "--test-images", hidden = true, description = "Deprecated: --test-samples.")
    Integer legacyTestImages;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Trial threads (per member with --cluster). Default: all cores.")
    Integer threads;

    @Option(names = "--shard", paramLabel = "i/k", description = "Run only trials whose global index mod k is i.")
    String shard;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Study folder. Default: runs/yield-<model>-<mode>-<study hash>[-shard-i-of-k].")
    Path out;

    @Mixin
    FigureOptions figures;

    @Option(
            names = "--cluster",
            paramLabel = "HOST:PORT,...",
            description = "Run on a Hazelcast cluster: start a member (see --bind) that joins these members (start"
                    + " them with 'xbar worker').")
    String cluster;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(
            names = "--block",
            paramLabel = "TRIALS",
            defaultValue = "0",
            description = "Trials per cluster task (0: automatic).")
    int block;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Folder with the dataset's files. Default for mnist: $XBAR_DATA, else "
                    + "~/.cache/xbar/datasets/mnist; for fashion-mnist: ~/.cache/xbar/datasets/fashion-mnist.")
    Path data;

    @Option(
            names = "--dataset",
            paramLabel = "DATA",
            defaultValue = "mnist",
            description = "cnn and mlp: mnist or fashion-mnist (as for 'xbar train --dataset').")
    String dataset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        final Provenance provenance = Provenance.of(spec);
        checkThreshold(spec, threshold);
        trainSamples = legacyTrainImages == null ? trainSamples : legacyTrainImages;
        testSamples = legacyTestImages == null ? testSamples : legacyTestImages;
        final int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        final Shard part;
        try {
            Check.range("--threads", threadCount, 1, 4096);
            Check.range("--chips", chips, 1, Integer.MAX_VALUE);
            Check.range("--epochs", epochs, 1, 10_000);
            Check.range("--train-samples", trainSamples, 0, Integer.MAX_VALUE);
            Check.range("--test-samples", testSamples, 0, Integer.MAX_VALUE);
            Check.range("--block", block, 0, Integer.MAX_VALUE);
            part = shard == null ? Shard.ALL : Shard.parse(shard);
            if (!TrialFunctions.MODELS.contains(model)) {
                throw new IllegalArgumentException("--model '" + model + "' has no yield trials (expected one of "
                        + String.join(", ", TrialFunctions.MODELS) + ")");
            }
            final Programming programming = programOptions.programming();
            if (TrialMode.parse(mode) == TrialMode.INSITU && programming instanceof Programming.WriteVerify) {
                throw new IllegalArgumentException("--program verify writes ex situ weights: it needs --mode exsitu");
            }
            InitMode.named(init);
            if (ages() != Ages.NONE && model.equals("devices")) {
                throw new IllegalArgumentException("--age tests a network at several ages: --model devices has none");
            }
            if (ImageDataset.named(dataset) != ImageDataset.MNIST
                    && !List.of("cnn", "mlp").contains(model)) {
                throw new IllegalArgumentException("--dataset " + dataset + " is for --model cnn or mlp");
            }
            updateOptions.check();
            for (final String s : sweeps) {
                final Sweep sweep = Sweep.parse(s);
                if (sweep.path().startsWith("variability.drift") && age == null) {
                    throw new IllegalArgumentException("--sweep " + sweep.name() + ": drift acts only on an aged"
                            + " chip, and without --age yield trials test their chips only when programming ends:"
                            + " add --age (e.g. --age 0,1h,1d,1y)");
                }
            }
            if (cluster != null) {
                clusterOptions.checkAddresses(cluster);
            }
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (cluster != null) {
            // the token and a free port, checked before any work (exit 1: the command line is well formed, this
            // machine cannot serve it)
            clusterOptions.member(cluster, threadCount, s -> null).requireFreePort();
        }
        final Study study = study();
        StudyRun.checkMemory(study, part);
        final TrialFunction function = TrialFunctions.of(study, data, true);
        function.check(study);
        final Path dir = out != null ? out : defaultFolder(study, part);
        final StudyFolder folder = StudyFolder.open(dir, study);
        final PrintWriter console = spec.commandLine().getOut();
        console.println("xbar yield: " + study + ", shard " + part + ", into " + dir);
        final StudySummary summary;
        final TrialProgress progress = new TrialProgress();
        if (cluster == null) {
            summary = StudyRun.run(folder, function, new LocalRunner(threadCount), part, threshold, progress);
        } else {
            final HazelcastInstance member =
                    clusterOptions.member(cluster, threadCount, s -> function).start();
            try {
                console.println("xbar yield: cluster member "
                        + member.getCluster().getLocalMember().getAddress() + ", "
                        + member.getCluster().getMembers().size() + " member(s), " + clusterOptions.token());
                summary = StudyRun.run(
                        folder, function, new ClusterRunner(member, threadCount, block), part, threshold, progress);
            } finally {
                member.shutdown();
            }
        }
        report(folder, summary, console, provenance, function, figures.formats());
        return 0;
    }

    private Study study() {
        final List<Sweep> parsed = new ArrayList<>();
        for (final String s : sweeps) {
            parsed.add(Sweep.parse(s));
        }
        final String presetName = preset != null ? preset : paperPreset(model);
        final ChipSpec loaded = specFile != null ? ChipSpec.load(specFile) : ChipSpec.preset(presetName);
        final ChipSpec base;
        try {
            base = DeviceChoice.apply(device, deviceTable, loaded);
        } catch (final IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final String baseName = specFile != null ? specFile.getFileName().toString() : presetName;
        final Optional<UpdateScheme.Stochastic> update;
        try {
            update = updateOptions.forStudy(model, TrialMode.parse(mode), base);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final Study study = new Study(
                model,
                TrialMode.parse(mode),
                baseName,
                base,
                parsed,
                chips,
                seed,
                new Study.Training(
                        epochs, trainSamples, testSamples, InitMode.named(init), ImageDataset.named(dataset)),
                programOptions.programming(),
                update);
        return study.withAges(ages());
    }

    /** The ages of {@code --age}, or none. */
    private Ages ages() {
        return age == null ? Ages.NONE : Ages.parse("--age", age);
    }

    private static Path defaultFolder(final Study study, final Shard part) {
        final String name = "yield-" + study.model() + "-" + study.mode().label() + "-"
                + study.hash().substring(0, 8)
                + (part.count() == 1 ? "" : "-shard-" + part.index() + "-of-" + part.count());
        return Path.of("runs", name);
    }

    /** The {@code format} of a study's {@code summary.json}: 2 added the provenance fields and snake_case names. */
    static final String SUMMARY_FORMAT = "xbar-study-summary-2";

    /**
     * The fields a study's summary starts with: the command's provenance, where the base spec came from, the data and
     * the set sizes the trials use, and the base spec's update scheme.
     */
    static Map<String, Object> provenance(
            final Provenance provenance, final Study study, final TrialFunction function) {
        final Map<String, Object> m = new LinkedHashMap<>(provenance.toMap(SUMMARY_FORMAT, Instant.now()));
        final boolean preset = ChipSpec.PRESET_NAMES.contains(study.baseName());
        m.put("base_preset", preset ? study.baseName() : null);
        m.put("spec_file", preset ? null : study.baseName());
        m.put("spec_sha256", SpecSource.sha256(study.base()));
        final int[] sizes = setSizes(study, function);
        m.put("train_set_size", sizes == null ? null : sizes[0]);
        m.put("test_set_size", sizes == null ? null : sizes[1]);
        m.put(
                "datasets",
                sizes == null ? null : Provenance.datasets(study.training().dataset()));
        m.put(
                "update_scheme",
                sizes == null
                        ? null
                        : study.stochasticUpdate()
                                .map(UpdateScheme::toMap)
                                .orElseGet(() -> TrainConfig.paper(study.model(), study.base(), study.seed())
                                        .scheme()
                                        .toMap()));
        return m;
    }

    /** The set sizes, or null where the data is not here (a merge on a machine without MNIST says so in the file). */
    private static int[] setSizes(final Study study, final TrialFunction function) {
        try {
            return function.setSizes(study);
        } catch (final RuntimeException e) {
            return null;
        }
    }

    /** Writes summary.json and yield.png (and .svg) and prints one line per point, in percent. */
    static void report(
            final StudyFolder folder,
            final StudySummary summary,
            final PrintWriter console,
            final Provenance provenance,
            final TrialFunction function,
            final Set<FigureFormat> figures) {
        folder.writeSummary(summary, provenance(provenance, summary.study(), function));
        if (summary.initMixed()) {
            console.println("xbar yield: warning: --init auto starts some grid points' chips with the paper's "
                    + "initialisation and others with random weights (init_used per point in summary.json); give "
                    + "--init paper or --init random for one initialisation across the sweep");
        }
        YieldFigure.of(summary, folder.readTrials().values()).write(folder.dir(), "yield", figures);
        final Study study = summary.study();
        console.printf(
                Locale.ROOT,
                "%d of %d trials done%s; test accuracy per point in %%, yield = chips with accuracy >= %s%%:%n",
                summary.trials(),
                study.trialCount(),
                summary.complete() ? "" : " (incomplete: run the missing shards, or merge them)",
                Check.format(100 * summary.threshold()));
        for (final PointSummary p : summary.points()) {
            final String label = study.point(p.point()).label(study.sweeps());
            final Wilson ci = Wilson.of95(Math.round(p.yield() * p.trials()), p.trials());
            console.printf(
                    Locale.ROOT,
                    "  %-28s n=%-5d mean %5.2f sd %5.2f p5 %5.2f p50 %5.2f p95 %5.2f  yield %5.1f [%.1f, %.1f]%n",
                    label.isEmpty() ? "(base spec)" : label,
                    p.trials(),
                    100 * p.mean(),
                    100 * p.sd(),
                    100 * p.p5(),
                    100 * p.p50(),
                    100 * p.p95(),
                    100 * p.yield(),
                    100 * ci.low(),
                    100 * ci.high());
        }
        console.println("  (yield in %, [95% Wilson interval])");
        if (!study.ages().labels().isEmpty()) {
            console.println("at each age after programming ended, mean accuracy % (yield %):");
            for (final PointSummary p : summary.points()) {
                final String label = study.point(p.point()).label(study.sweeps());
                final StringBuilder line = new StringBuilder(
                        String.format(Locale.ROOT, "  %-28s", label.isEmpty() ? "(base spec)" : label));
                for (final PointSummary.AgeSummary a : p.ages()) {
                    line.append(
                            String.format(Locale.ROOT, "  %s %5.2f (%5.1f)", a.age(), 100 * a.mean(), 100 * a.yield()));
                }
                console.println(line);
            }
        }
        console.println("Wrote " + folder.dir().resolve(StudyFolder.TRIALS_FILE) + ", " + StudyFolder.SUMMARY_FILE
                + " and " + FigureFormat.files("yield", figures));
    }

    /** {@code xbar yield merge}: combines the folders of one study's shards. */
    @Command(
            name = "merge",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            footer = {"", "Example:", "  xbar yield merge runs/a runs/b --out runs/ab"},
            description = "Merge the folders of one study (e.g. its shards) into one; refuses mixed studies.")
    static final class Merge implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "DIR", description = "Study folders to merge.")
        List<Path> dirs;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged folder.")
        Path out;

        @Mixin
        FigureOptions figures;

        @Option(
                names = "--threshold",
                defaultValue = "0.9",
                paramLabel = "FRACTION",
                description = "Yield threshold, a test accuracy as a fraction (0.9 = 90%%).")
        double threshold;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            checkThreshold(spec, threshold);
            final StudyFolder folder = StudyFolder.merge(dirs, out);
            final Provenance provenance = Provenance.of(spec);
            final StudySummary summary =
                    StudySummary.of(folder.study(), folder.readTrials().values(), threshold);
            final PrintWriter console = spec.commandLine().getOut();
            console.println("xbar yield merge: " + dirs.size() + " folder(s) of " + folder.study() + " into " + out);
            report(
                    folder,
                    summary,
                    console,
                    provenance,
                    TrialFunctions.of(folder.study(), null, false),
                    figures.formats());
            return 0;
        }
    }

    /**
     * Adapts study progress to the shared progress line: its count, rate and time left cover the trials of this run
     * (not those finished before a resume), and the status shows the shard's count and chips per hour.
     */
    static final class TrialProgress implements StudyRun.Progress {
        private final long start = System.nanoTime();
        private Progress line;
        private int first;

        @Override
        public void update(final int done, final int total) {
            if (line == null) {
                first = done;
                line = Progress.forStdout(total - done, "trials");
            }
            final double hours = (System.nanoTime() - start) / 3.6e12;
            line.update(
                    done - first,
                    String.format(
                            Locale.ROOT,
                            "trials %d/%d, %,.0f chips/h",
                            done,
                            total,
                            hours > 0 ? (done - first) / hours : 0));
        }
    }

    /** A threshold outside [0, 1] would make every chip good or none, so it is refused before any work. */
    static void checkThreshold(final CommandSpec spec, final double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--threshold = " + Check.format(threshold) + " must be a fraction in [0, 1] (0.9 is 90%)");
        }
    }

    /** The sweep aliases with their JSON paths and units, for the help. */
    static String sweepHelp() {
        final StringBuilder b = new StringBuilder("Sweep names: a chip spec JSON path, or an alias (unit):");
        for (final Map.Entry<String, String> e : Sweep.ALIASES.entrySet()) {
            b.append("%n  ")
                    .append(String.format(Locale.ROOT, "%-15s", e.getKey()))
                    .append(e.getValue())
                    .append(" (")
                    .append(Sweep.unitOf(e.getKey(), e.getValue()))
                    .append(')');
        }
        return b.toString();
    }

    private static String paperPreset(final String model) {
        return Arrays.stream(Architecture.values())
                .filter(a -> a.id().equals(model))
                .findFirst()
                .map(Architecture::paperPreset)
                .orElse("nmi2019");
    }
}
