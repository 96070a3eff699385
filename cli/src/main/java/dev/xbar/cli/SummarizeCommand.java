package dev.xbar.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.core.Check;
import dev.xbar.core.io.BoundedFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xbar summarize DIR...}: the results table of several training runs (one per seed, say):
 * test accuracy mean, standard deviation and range per model, mode and chip preset, as markdown.
 */
@Command(
        name = "summarize",
        mixinStandardHelpOptions = true,
        description = "Tabulate the summary.json of training runs: accuracy mean, sd and range per model, mode and "
                + "preset (markdown).")
final class SummarizeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Run folders (each with a summary.json).")
    List<Path> runs;

    @Spec
    CommandSpec spec;

    /** Far above any real summary (a few kilobytes). */
    private static final long MAX_SUMMARY_BYTES = 16L << 20;

    private record Group(String model, String mode, String preset) {}

    @Override
    public Integer call() {
        Map<Group, List<Map<String, Object>>> groups = new TreeMap<>(
                Comparator.comparing(Group::model).thenComparing(Group::mode).thenComparing(Group::preset));
        Map<Path, Path> seen = new HashMap<>();
        for (Path run : runs) {
            Path file = run.resolve(RunReport.SUMMARY);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + " does not exist: is " + run + " a finished run folder?");
            }
            Path same = seen.put(realPath(run), run);
            if (same != null) {
                throw new IllegalArgumentException(
                        run + " is named twice (as " + same + " too): each run folder counts once");
            }
            Map<String, Object> summary = read(file);
            boolean software = Boolean.TRUE.equals(summary.get("software"));
            Group g = new Group(
                    String.valueOf(summary.get("model")),
                    software ? "software" : "in situ",
                    software ? "-" : String.valueOf(summary.get("preset")));
            groups.computeIfAbsent(g, k -> new ArrayList<>()).add(summary);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("| model | mode | chip | runs | test accuracy (mean ± sd) | min | max | wall s (mean) |");
        out.println("|---|---|---|---:|---:|---:|---:|---:|");
        for (var e : groups.entrySet()) {
            double[] acc = e.getValue().stream()
                    .mapToDouble(s -> 100 * number(s, "final_test_accuracy"))
                    .toArray();
            double wall = e.getValue().stream()
                    .mapToDouble(s -> number(s, "wall_seconds"))
                    .average()
                    .orElse(0);
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %d | %.2f%% ± %.2f | %.2f%% | %.2f%% | %.1f |%n",
                    e.getKey().model(),
                    e.getKey().mode(),
                    e.getKey().preset(),
                    acc.length,
                    mean(acc),
                    sd(acc),
                    Arrays.stream(acc).min().orElse(0),
                    Arrays.stream(acc).max().orElse(0),
                    wall);
        }
        out.flush();
        return 0;
    }

    /** A run's summary, checked for the fields the table uses. */
    private static Map<String, Object> read(Path file) {
        Map<String, Object> summary;
        try {
            summary = JSON.std.mapFrom(BoundedFiles.readString(file, MAX_SUMMARY_BYTES, "run summary"));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (summary == null) {
            throw new IllegalArgumentException(file + " is not a JSON object (it holds null)");
        }
        if (!(summary.get("model") instanceof String)) {
            throw new IllegalArgumentException(file + ": field 'model' is missing or not a string");
        }
        if (!(summary.get("software") instanceof Boolean)) {
            throw new IllegalArgumentException(file + ": field 'software' is missing or not true/false");
        }
        try {
            Check.range("final_test_accuracy", number(summary, "final_test_accuracy"), 0, 1);
            Check.range("wall_seconds", number(summary, "wall_seconds"), 0, Double.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return summary;
    }

    private static Path realPath(Path run) {
        try {
            return run.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + run + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static double number(Map<String, Object> summary, String field) {
        if (summary.get(field) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("field '" + field + "' is missing or not a number");
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1); 0 for a single run. */
    static double sd(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
