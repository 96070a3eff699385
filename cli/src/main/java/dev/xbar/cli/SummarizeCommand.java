package dev.xbar.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

    private record Group(String model, String mode, String preset) {}

    @Override
    public Integer call() throws IOException {
        Map<Group, List<Map<String, Object>>> groups = new TreeMap<>(
                Comparator.comparing(Group::model).thenComparing(Group::mode).thenComparing(Group::preset));
        for (Path run : runs) {
            Path file = run.resolve("summary.json");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + " does not exist: is " + run + " a finished run folder?");
            }
            Map<String, Object> summary = JSON.std.mapFrom(Files.readString(file));
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

    private static double number(Map<String, Object> summary, String field) {
        if (summary.get(field) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("summary.json field '" + field + "' is missing or not a number");
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
