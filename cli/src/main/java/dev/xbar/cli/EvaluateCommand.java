package dev.xbar.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.cli.report.FigureFormat;
import dev.xbar.cli.report.RetentionFigure;
import dev.xbar.core.Check;
import dev.xbar.core.chip.ChipSpecJson;
import dev.xbar.core.chip.Variability;
import dev.xbar.core.io.AtomicFiles;
import dev.xbar.core.io.FolderLock;
import dev.xbar.models.train.Ages;
import dev.xbar.models.train.Retention;
import dev.xbar.models.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code xbar evaluate RUN}: tests a finished in situ run's trained chip (its last checkpoint) at several ages after
 * training ended, each age from the same state, and writes {@code evaluate.json}, {@code evaluate.csv} and {@code
 * evaluate.png} (and {@code .svg} with {@code --svg}) into the run folder.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = {
            "Test a trained chip at several ages: drift from the end of training, as the run's chip spec says",
            "(variability.driftNu, driftNuSpread, driftT0Seconds), each age from the same trained state.",
            "Writes evaluate.json, evaluate.csv and evaluate.png (.svg with --svg) into the run folder.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  xbar train --spec drifting.json --out runs/drift && xbar evaluate runs/drift --age 1s,1h,1d,1y",
            "  xbar evaluate runs/drift --age 0,1d,1y --reads 5 --drift-compensation global --force"
        })
final class EvaluateCommand implements Callable<Integer> {
    /** The files this command writes. */
    static final List<String> FILES = List.of("evaluate.json", "evaluate.csv", "evaluate.png", "evaluate.svg");

    @Parameters(paramLabel = "RUN", description = "A finished in situ run folder (from 'xbar train').")
    Path run;

    @Option(
            names = "--age",
            paramLabel = "AGES",
            defaultValue = "0,1s,1h,1d,1mo,1y",
            description = "Ages after the end of training, comma-separated: a number with s, min, h, d, w, mo (1/12"
                    + " year) or y (365.25 days), or seconds. Default: ${DEFAULT-VALUE}.")
    String age;

    @Option(
            names = "--reads",
            paramLabel = "N",
            defaultValue = "1",
            description = "Test passes per age, each with fresh read noise; the accuracies are averaged (the reads"
                    + " themselves are not). Default: ${DEFAULT-VALUE}.")
    int reads;

    @Option(
            names = "--drift-compensation",
            paramLabel = "none|global",
            defaultValue = "none",
            description = "global: scale each layer's outputs by its conductance sum read at the end of training over"
                    + " the one read at that age (a reference read of every device per layer and age)."
                    + " Default: ${DEFAULT-VALUE}.")
    String compensation;

    @Option(names = "--force", description = "Replace the evaluate.* files of an earlier evaluation.")
    boolean force;

    @Mixin
    FigureOptions figures;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (results do not depend on it). Default: 2.")
    Integer threads;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Folder with the files of the run's dataset. Default for mnist: $XBAR_DATA, else "
                    + "~/.cache/xbar/datasets/mnist; for fashion-mnist: ~/.cache/xbar/datasets/fashion-mnist.")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the lock is held for the whole evaluation, not used
    public Integer call() {
        final Ages ages;
        final boolean compensate;
        final int threadCount =
                threads == null ? Math.min(2, Runtime.getRuntime().availableProcessors()) : threads;
        try {
            ages = Ages.parse("--age", age);
            Check.range("--reads", reads, 1, 1000);
            Check.range("--threads", threadCount, 1, 4096);
            compensate = switch (compensation) {
                case "none" -> false;
                case "global" -> true;
                default ->
                    throw new IllegalArgumentException(
                            "--drift-compensation '" + compensation + "' (expected none or global)");
            };
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (!Files.isRegularFile(run.resolve(RunReport.SUMMARY))
                || !Files.isDirectory(run.resolve(RunFolder.CHECKPOINT))) {
            throw new IllegalArgumentException(run + " is not a finished run folder (it needs " + RunReport.SUMMARY
                    + " and " + RunFolder.CHECKPOINT + "/ from 'xbar train')");
        }
        for (final String name : FILES) {
            if (Files.exists(run.resolve(name)) && !force) {
                throw new IllegalArgumentException(run.resolve(name) + " exists: replace it with --force");
            }
        }
        final PrintWriter console = spec.commandLine().getOut();
        try (FolderLock lock = FolderLock.acquire(run);
                Trainer trainer = Trainer.resume(
                        run.resolve(RunFolder.CHECKPOINT), d -> d.fetchAndLoad8x8(d.folder(data)), threadCount)) {
            final Variability v = trainer.config().spec().variability();
            console.printf(
                    Locale.ROOT,
                    "xbar evaluate: %s, drift nu %s +- %s from t0 = %s s, %d test pass(es) per age, compensation %s%n",
                    run,
                    Check.format(v.driftNu()),
                    Check.format(v.driftNuSpread()),
                    Check.format(v.driftT0Seconds()),
                    reads,
                    compensation);
            final List<Retention.Point> points = Retention.test(trainer, ages.seconds(), reads, compensate);
            write(trainer, ages, points);
            for (int i = 0; i < points.size(); i++) {
                final Retention.Point p = points.get(i);
                console.printf(
                        Locale.ROOT,
                        "  age %-8s %12.0f s  accuracy %6.2f%%%s%n",
                        ages.labels().get(i),
                        p.seconds(),
                        100 * p.mean(),
                        reads > 1 ? String.format(Locale.ROOT, " (sd %.2f)", 100 * p.sd()) : "");
            }
            console.println("Wrote " + run.resolve("evaluate.json") + ", evaluate.csv and "
                    + FigureFormat.files("evaluate", figures.formats()));
        }
        return 0;
    }

    private void write(final Trainer trainer, final Ages ages, final List<Retention.Point> points) {
        final StringBuilder csv = new StringBuilder("age,seconds,pass,accuracy\n");
        final List<Object> rows = new ArrayList<>();
        final double[] seconds = new double[points.size()];
        final double[] mean = new double[points.size()];
        final double[] sd = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            final Retention.Point p = points.get(i);
            for (int r = 0; r < p.accuracies().size(); r++) {
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%s,%d,%s%n",
                        ages.labels().get(i),
                        p.seconds(),
                        r,
                        p.accuracies().get(r)));
            }
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("age", ages.labels().get(i));
            row.put("seconds", p.seconds());
            row.put("accuracy", p.mean());
            row.put("accuracy_sd", p.sd());
            row.put("accuracies", p.accuracies());
            rows.add(row);
            seconds[i] = p.seconds();
            mean[i] = 100 * p.mean();
            sd[i] = 100 * p.sd();
        }
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run.toAbsolutePath().normalize().toString());
        json.put("drift_clock", "from the end of training, for every device");
        json.put("reads_per_age", reads);
        json.put("read_noise", "each test pass draws its own; accuracies are averaged over passes");
        json.put("drift_compensation", compensation);
        json.put("ages", rows);
        json.put("chip_spec", ChipSpecJson.toMap(trainer.config().spec()));
        try {
            AtomicFiles.writeString(run.resolve("evaluate.csv"), csv.toString());
            RetentionFigure.of(run.getFileName() + ": accuracy against age", seconds, mean, sd)
                    .write(run, "evaluate", figures.formats());
            AtomicFiles.writeString(
                    run.resolve("evaluate.json"),
                    JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(json) + "\n");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot encode evaluate.json: " + e.getMessage(), e);
        }
    }
}
