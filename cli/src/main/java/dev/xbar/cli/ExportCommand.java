package dev.xbar.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.cli.export.Npz;
import dev.xbar.cli.report.Wilson;
import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Plane;
import dev.xbar.datasets.MnistSequence;
import dev.xbar.models.mapping.Block;
import dev.xbar.models.mapping.Tile;
import dev.xbar.models.study.PointSummary;
import dev.xbar.models.study.Study;
import dev.xbar.models.study.StudyFolder;
import dev.xbar.models.study.StudySummary;
import dev.xbar.models.study.Sweep;
import dev.xbar.models.study.TrialResult;
import dev.xbar.models.train.Architecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xbar export DIR --format npz}: a training run or a yield study as one NumPy archive, so that Python users
 * load it with {@code numpy.load} (no pickles, no custom reader). The entries are listed in the README.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = {
            "Export a training run (chip planes before and after, layer weights as read back, each layer's place "
                    + "on the array, metrics) or a yield study (every trial, every point's statistics) as a NumPy "
                    + ".npz.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  xbar export runs/cnn-20261201-101500      # writes .../run.npz",
            "  xbar export runs/yield-cnn-insitu-1a2b3c4d --out study.npz",
            "  python3 examples/python/load_run.py runs/cnn-20261201-101500"
        })
final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "A run folder (summary.json) or a study folder (study.json).")
    Path dir;

    @Option(
            names = "--format",
            paramLabel = "npz",
            defaultValue = "npz",
            description = "Output format; npz is the one there is.")
    String format;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Output file. Default: DIR/run.npz for a run, DIR/study.npz for a study.")
    Path out;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!format.equals("npz")) {
            throw new IllegalArgumentException("--format '" + format + "': expected npz");
        }
        boolean study = Files.isRegularFile(dir.resolve(StudyFolder.STUDY_FILE));
        if (!study && !Files.isRegularFile(dir.resolve("summary.json"))) {
            throw new IllegalArgumentException(
                    dir + " has neither summary.json (a finished run) nor study.json (a yield study)");
        }
        Path file = out != null ? out : dir.resolve(study ? "study.npz" : "run.npz");
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(file + " exists; pass --force to replace it");
        }
        Npz npz = study ? study(dir) : run(dir);
        npz.write(file);
        spec.commandLine()
                .getOut()
                .printf(Locale.ROOT, "Wrote %s (%d arrays)%n", file, npz.names().size());
        return 0;
    }

    /** A training run: summary, metrics, chips, layer weights and layout. */
    static Npz run(Path dir) {
        Npz npz = new Npz();
        String summaryText = read(dir.resolve("summary.json"));
        npz.putString("summary_json", summaryText);
        Map<String, Object> summary = parse(summaryText, dir.resolve("summary.json"));
        metrics(dir.resolve("metrics.csv"), npz);
        Path weights = dir.resolve(RunReport.WEIGHTS);
        if (Files.isRegularFile(weights)) {
            npz.putAll(weights, "weights_");
        }
        Chip layoutChip = null;
        for (String stage : List.of("initial", "final")) {
            Path file = dir.resolve("chip-" + stage + ".bin");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (Chip chip = Chip.load(file)) {
                for (Plane plane : Plane.values()) {
                    npz.put(
                            "chip_" + stage + "_" + plane.name().toLowerCase(Locale.ROOT),
                            plane(chip, plane),
                            chip.rows(),
                            chip.cols());
                }
                if (stage.equals("final")) {
                    layout(
                            Architecture.named(String.valueOf(summary.get("model"))),
                            chip,
                            SequenceTask.of(summary, dir.resolve("summary.json")),
                            npz);
                }
            }
        }
        return npz;
    }

    /** Each layer's block and tiles: where its weights sit on the array and which device pairs carry which. */
    private static void layout(Architecture architecture, Chip chip, MnistSequence.Config sequences, Npz npz) {
        for (Block b : architecture.layout(chip.spec(), sequences).blocks()) {
            String name = "layout_" + b.spec().name();
            var w = b.bounds();
            npz.put(name + "_block", new int[] {w.row0(), w.col0(), w.rows(), w.cols()}, 4);
            for (int t = 0; t < b.tiles().size(); t++) {
                Tile tile = b.tiles().get(t);
                var tw = tile.window();
                String tn = name + "_tile" + t;
                npz.put(tn + "_window", new int[] {tw.row0(), tw.col0(), tw.rows(), tw.cols()}, 4);
                npz.put(tn + "_row_input", tile.rowInput(), tile.rowInput().length);
                npz.put(tn + "_row_sign", tile.rowSign(), tile.rowSign().length);
                npz.put(tn + "_col_output", tile.colOutput(), tile.colOutput().length);
            }
        }
    }

    private static void metrics(Path csv, Npz npz) {
        List<String[]> batches = new ArrayList<>();
        List<String[]> epochs = new ArrayList<>();
        List<String> lines = readLines(csv);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException(csv + ": line '" + line + "' does not have 7 fields");
            }
            (f[0].equals("batch") ? batches : epochs).add(f);
        }
        int n = batches.size();
        npz.put("batch_epoch", column(batches, 1), n);
        npz.put("batch_index", column(batches, 2), n);
        npz.put("batch_loss_per_sample", numbers(batches, 3), n);
        npz.put("batch_accuracy", numbers(batches, 4), n);
        npz.put("batch_pulses", numbers(batches, 5), n);
        int m = epochs.size();
        npz.put("epoch", column(epochs, 1), m);
        npz.put("epoch_train_loss_per_sample", numbers(epochs, 3), m);
        npz.put("epoch_train_accuracy", numbers(epochs, 4), m);
        npz.put("epoch_test_accuracy", numbers(epochs, 6), m);
    }

    /** A yield study: every trial and every point's statistics, with the Wilson interval of its yield. */
    static Npz study(Path dir) {
        Study study = StudyFolder.read(dir);
        StudyFolder folder = StudyFolder.open(dir, study);
        List<TrialResult> trials = new ArrayList<>(folder.readTrials().values());
        double threshold = 0.9;
        Path summaryFile = dir.resolve(StudyFolder.SUMMARY_FILE);
        if (Files.isRegularFile(summaryFile)
                && parse(read(summaryFile), summaryFile).get("threshold") instanceof Number t) {
            threshold = t.doubleValue();
        }
        StudySummary summary = StudySummary.of(study, trials, threshold);
        Npz npz = new Npz();
        npz.putString("study_json", read(dir.resolve(StudyFolder.STUDY_FILE)));
        npz.put("threshold", new double[] {threshold});
        int n = trials.size();
        npz.put("trial_point", trials.stream().mapToInt(TrialResult::point).toArray(), n);
        npz.put("trial_index", trials.stream().mapToInt(TrialResult::trial).toArray(), n);
        npz.put("trial_seed", trials.stream().mapToLong(TrialResult::seed).toArray(), n);
        npz.put(
                "trial_accuracy",
                trials.stream().mapToDouble(TrialResult::accuracy).toArray(),
                n);
        npz.put("trial_pulses", trials.stream().mapToLong(TrialResult::pulses).toArray(), n);
        npz.put(
                "trial_seconds",
                trials.stream().mapToDouble(TrialResult::seconds).toArray(),
                n);
        List<PointSummary> points = summary.points();
        int p = points.size();
        int s = study.sweeps().size();
        double[] values = new double[p * s];
        double[][] stats = new double[9][p];
        for (int i = 0; i < p; i++) {
            PointSummary ps = points.get(i);
            for (int k = 0; k < s; k++) {
                values[i * s + k] = ps.values().get(k);
            }
            Wilson ci = Wilson.of95(Math.round(ps.yield() * ps.trials()), ps.trials());
            double[] row = {
                ps.trials(), ps.mean(), ps.sd(), ps.p5(), ps.p50(), ps.p95(), ps.yield(), ci.low(), ci.high()
            };
            for (int k = 0; k < row.length; k++) {
                stats[k][i] = row[k];
            }
        }
        npz.put("point_values", values, p, s);
        String[] names = {"trials", "mean", "sd", "p5", "p50", "p95", "yield", "yield_low", "yield_high"};
        for (int k = 0; k < names.length; k++) {
            npz.put("point_" + names[k], stats[k], p);
        }
        List<String> sweepNames = new ArrayList<>();
        for (Sweep sweep : study.sweeps()) {
            sweepNames.add(sweep.name() + (sweep.unit().isEmpty() ? "" : " (" + sweep.unit() + ")"));
        }
        npz.putString("sweeps", String.join("\n", sweepNames));
        int a = study.ages().labels().size();
        if (a > 0) {
            npz.putString("ages", String.join("\n", study.ages().labels()));
            npz.put(
                    "age_seconds",
                    study.ages().seconds().stream().mapToDouble(x -> x).toArray(),
                    a);
            npz.put(
                    "trial_accuracy_at_age",
                    trials.stream()
                            .flatMapToDouble(t -> t.ageAccuracy().stream().mapToDouble(x -> x))
                            .toArray(),
                    n,
                    a);
            npz.put("point_mean_at_age", atAges(points, PointSummary.AgeSummary::mean), p, a);
            npz.put("point_yield_at_age", atAges(points, PointSummary.AgeSummary::yield), p, a);
        }
        return npz;
    }

    /** A statistic of every point at every age, [points x ages] row-major. */
    private static double[] atAges(List<PointSummary> points, ToDoubleFunction<PointSummary.AgeSummary> statistic) {
        return points.stream()
                .flatMapToDouble(ps -> ps.ages().stream().mapToDouble(statistic))
                .toArray();
    }

    private static float[] plane(Chip chip, Plane plane) {
        float[] values = new float[chip.rows() * chip.cols()];
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                values[r * chip.cols() + c] = chip.get(plane, r, c);
            }
        }
        return values;
    }

    private static int[] column(List<String[]> rows, int field) {
        return rows.stream().mapToInt(r -> Integer.parseInt(r[field])).toArray();
    }

    private static double[] numbers(List<String[]> rows, int field) {
        return rows.stream()
                .mapToDouble(r -> r[field].isEmpty() ? Double.NaN : Double.parseDouble(r[field]))
                .toArray();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(Path file) {
        return read(file).lines().filter(l -> !l.isBlank()).toList();
    }

    private static Map<String, Object> parse(String json, Path file) {
        try {
            return JSON.std.mapFrom(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
