package dev.xbar.cli;

import com.hazelcast.core.HazelcastInstance;
import dev.xbar.cli.report.LinePlot;
import dev.xbar.cli.report.Progress;
import dev.xbar.cluster.ClusterRunner;
import dev.xbar.core.Check;
import dev.xbar.core.chip.ChipSpec;
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
import dev.xbar.models.train.Architecture;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        description = {
            "Monte Carlo yield study: accuracy over many simulated chips per point of a parameter grid.",
            "Re-running the same command resumes; a different study in the same --out folder is refused.",
            "Sweep names: any chip spec JSON path, or an alias: stuck, stuck_low, stuck_high, write_noise, "
                    + "step_noise, read_noise, read_noise_rel, d2d, d2d_step, adc_bits, dac_bits, output_noise, "
                    + "vg_min, vg_max, rows, cols."
        },
        subcommands = {YieldCommand.Merge.class})
final class YieldCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            defaultValue = "cnn",
            description =
                    "Network: cnn, mlp, or devices (fraction of working devices; no network). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(
            names = "--mode",
            defaultValue = "insitu",
            description = "insitu (train on each chip) or exsitu (program software-trained weights). "
                    + "Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(
            names = "--preset",
            description = "Base chip spec preset: nmi2019, natcomm2018, ideal. Default: the chip of the model's "
                    + "paper (natcomm2018 for the mlp, nmi2019 otherwise).")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE", description = "Base chip spec JSON file (instead of --preset).")
    Path specFile;

    @Option(
            names = "--chips",
            defaultValue = "100",
            description = "Chips (trials) per point. Default: ${DEFAULT-VALUE}.")
    int chips;

    @Option(
            names = "--sweep",
            paramLabel = "NAME=V1,V2,...",
            description = "A swept chip spec field and its values; repeat for a grid (the last sweep varies fastest).")
    List<String> sweeps = new ArrayList<>();

    @Option(
            names = "--threshold",
            defaultValue = "0.9",
            description = "Yield threshold: a chip is good when its accuracy is at or above it. "
                    + "Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--seed", defaultValue = "1", description = "Master seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--epochs", defaultValue = "2", description = "Training epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--train-images",
            defaultValue = "0",
            description = "Use the first N training images (0: all 60,000). Default: ${DEFAULT-VALUE}.")
    int trainImages;

    @Option(
            names = "--test-images",
            defaultValue = "0",
            description = "Use the first N test images (0: all 10,000). Default: ${DEFAULT-VALUE}.")
    int testImages;

    @Option(names = "--threads", description = "Trial threads (per member with --cluster). Default: all cores.")
    Integer threads;

    @Option(names = "--shard", paramLabel = "i/k", description = "Run only trials whose global index mod k is i.")
    String shard;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Study folder. Default: runs/yield-<model>-<mode>-<study hash>[-shard-i-of-k].")
    Path out;

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
            defaultValue = "0",
            description = "Trials per cluster task (0: automatic). Default: ${DEFAULT-VALUE}.")
    int block;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Folder with the MNIST files. Default: $XBAR_DATA, else ~/.cache/xbar/datasets/mnist.")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        checkThreshold(spec, threshold);
        final int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        final Shard part;
        try {
            Check.range("--threads", threadCount, 1, 4096);
            Check.range("--chips", chips, 1, Integer.MAX_VALUE);
            Check.range("--epochs", epochs, 1, 10_000);
            Check.range("--train-images", trainImages, 0, Integer.MAX_VALUE);
            Check.range("--test-images", testImages, 0, Integer.MAX_VALUE);
            Check.range("--block", block, 0, Integer.MAX_VALUE);
            part = shard == null ? Shard.ALL : Shard.parse(shard);
            if (!TrialFunctions.MODELS.contains(model)) {
                throw new IllegalArgumentException("--model '" + model + "' has no yield trials (expected one of "
                        + String.join(", ", TrialFunctions.MODELS) + ")");
            }
            TrialMode.parse(mode);
            for (final String s : sweeps) {
                Sweep.parse(s);
            }
            if (cluster != null) {
                // the addresses, the network rule and the token, checked before any work
                clusterOptions.member(cluster, threadCount, s -> null);
            }
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
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
        report(folder, summary, console);
        return 0;
    }

    private Study study() {
        final List<Sweep> parsed = new ArrayList<>();
        for (final String s : sweeps) {
            parsed.add(Sweep.parse(s));
        }
        final String presetName = preset != null ? preset : paperPreset(model);
        final ChipSpec base = specFile != null ? ChipSpec.load(specFile) : ChipSpec.preset(presetName);
        final String baseName = specFile != null ? specFile.getFileName().toString() : presetName;
        return new Study(
                model,
                TrialMode.parse(mode),
                baseName,
                base,
                parsed,
                chips,
                seed,
                new Study.Training(epochs, trainImages, testImages));
    }

    private static Path defaultFolder(final Study study, final Shard part) {
        final String name = "yield-" + study.model() + "-" + study.mode().label() + "-"
                + study.hash().substring(0, 8)
                + (part.count() == 1 ? "" : "-shard-" + part.index() + "-of-" + part.count());
        return Path.of("runs", name);
    }

    /** Writes summary.json and yield.png and prints one line per point. */
    static void report(final StudyFolder folder, final StudySummary summary, final PrintWriter console) {
        folder.writeSummary(summary);
        plot(summary).writePng(folder.dir().resolve("yield.png"));
        final Study study = summary.study();
        console.printf(
                Locale.ROOT,
                "%d of %d trials done%s; accuracy per point (yield = fraction >= %s):%n",
                summary.trials(),
                study.trialCount(),
                summary.complete() ? "" : " (incomplete: run the missing shards, or merge them)",
                Check.format(summary.threshold()));
        for (final PointSummary p : summary.points()) {
            final String label = study.point(p.point()).label(study.sweeps());
            console.printf(
                    Locale.ROOT,
                    "  %-32s n=%-6d mean %.4f  sd %.4f  p5 %.4f  p50 %.4f  p95 %.4f  yield %.3f%n",
                    label.isEmpty() ? "(base spec)" : label,
                    p.trials(),
                    p.mean(),
                    p.sd(),
                    p.p5(),
                    p.p50(),
                    p.p95(),
                    p.yield());
        }
        console.println("Wrote " + folder.dir().resolve(StudyFolder.TRIALS_FILE) + ", " + StudyFolder.SUMMARY_FILE
                + " and yield.png");
    }

    /**
     * Mean accuracy against the first swept value, with the 5-95 percentile band, one line per combination of the
     * other sweeps' values; points without finished trials are left out.
     */
    static LinePlot plot(final StudySummary summary) {
        final Study study = summary.study();
        final List<Sweep> sweeps = study.sweeps();
        final Map<String, List<PointSummary>> lines = new LinkedHashMap<>();
        for (final PointSummary p : summary.points()) {
            if (p.trials() == 0) {
                continue;
            }
            final StringBuilder name = new StringBuilder();
            for (int s = 1; s < sweeps.size(); s++) {
                name.append(s == 1 ? "" : " ")
                        .append(sweeps.get(s).name())
                        .append('=')
                        .append(Check.format(p.values().get(s)));
            }
            lines.computeIfAbsent(name.isEmpty() ? "mean, 5-95% band" : name.toString(), k -> new ArrayList<>())
                    .add(p);
        }
        final List<LinePlot.Series> series = new ArrayList<>();
        for (final Map.Entry<String, List<PointSummary>> e : lines.entrySet()) {
            final List<PointSummary> ps = e.getValue();
            final double[] x = new double[ps.size()];
            final double[] y = new double[ps.size()];
            final double[] low = new double[ps.size()];
            final double[] high = new double[ps.size()];
            for (int i = 0; i < ps.size(); i++) {
                x[i] = sweeps.isEmpty() ? 0 : ps.get(i).values().getFirst();
                y[i] = ps.get(i).mean();
                low[i] = ps.get(i).p5();
                high[i] = ps.get(i).p95();
            }
            series.add(new LinePlot.Series(e.getKey(), x, y, low, high));
        }
        return new LinePlot(
                "Yield study: " + study.model() + " " + study.mode().label() + " on " + study.baseName() + ", "
                        + study.chips() + " chips per point",
                sweeps.isEmpty()
                        ? "(no sweep)"
                        : sweeps.getFirst().name() + " (" + sweeps.getFirst().path() + ")",
                "accuracy (mean, 5-95% band)",
                series);
    }

    /** {@code xbar yield merge}: combines the folders of one study's shards. */
    @Command(
            name = "merge",
            mixinStandardHelpOptions = true,
            description = "Merge the folders of one study (e.g. its shards) into one; refuses mixed studies.")
    static final class Merge implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "DIR", description = "Study folders to merge.")
        List<Path> dirs;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged folder.")
        Path out;

        @Option(
                names = "--threshold",
                defaultValue = "0.9",
                description = "Yield threshold for the summary. Default: ${DEFAULT-VALUE}.")
        double threshold;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            checkThreshold(spec, threshold);
            final StudyFolder folder = StudyFolder.merge(dirs, out);
            final StudySummary summary =
                    StudySummary.of(folder.study(), folder.readTrials().values(), threshold);
            final PrintWriter console = spec.commandLine().getOut();
            console.println("xbar yield merge: " + dirs.size() + " folder(s) of " + folder.study() + " into " + out);
            report(folder, summary, console);
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
                line = new Progress(System.out, System.console() != null, total - done, "trials");
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

    private static String paperPreset(final String model) {
        return Arrays.stream(Architecture.values())
                .filter(a -> a.id().equals(model))
                .findFirst()
                .map(Architecture::paperPreset)
                .orElse("nmi2019");
    }
}
