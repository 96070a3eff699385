package dev.xbar.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.core.Check;
import dev.xbar.core.io.BoundedFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xbar summarize DIR...}: the results table of several training runs (one per seed, say): test accuracy mean,
 * standard deviation and range per configuration. Runs are pooled only when every field of their summaries that
 * defines a run ({@link RunReport#CONFIG_FIELDS}, and any field this version does not know) is equal, except the
 * seed: runs that differ in test-set size, device, chip spec or anything else land in different rows, and the fields
 * that differ between rows are the table's columns. Markdown by default; {@code --csv} or {@code --json} for scripts.
 */
@Command(
        name = "summarize",
        mixinStandardHelpOptions = true,
        description = "Tabulate the summary.json of training runs: accuracy mean, sd and range per configuration "
                + "(every field of the run but the seed; the fields that differ between rows are shown as columns). "
                + "Markdown, or --csv / --json.")
final class SummarizeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Run folders (each with a summary.json).")
    List<Path> runs;

    @Option(names = "--csv", description = "Write CSV (one row per configuration) instead of markdown.")
    boolean csv;

    @Option(
            names = "--json",
            description = "Write JSON: per configuration its full configuration, run folders, seeds and statistics.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** Far above any real summary (a few kilobytes). */
    private static final long MAX_SUMMARY_BYTES = 16L << 20;

    /** The runs of one configuration, keyed by the configuration's flattened fields (JSON text values). */
    private record Group(Map<String, String> config, List<Path> runs, List<Map<String, Object>> summaries) {}

    @Override
    public Integer call() {
        if (csv && json) {
            throw new ParameterException(spec.commandLine(), "--csv and --json: choose one");
        }
        Map<String, Group> groups = new TreeMap<>();
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
            Map<String, String> config = configuration(summary);
            Group g = groups.computeIfAbsent(
                    sortKey(config), k -> new Group(config, new ArrayList<>(), new ArrayList<>()));
            g.runs().add(run);
            g.summaries().add(summary);
        }
        List<String> varying = varying(groups.values());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            writeJson(out, groups.values());
        } else if (csv) {
            writeCsv(out, groups.values(), varying);
        } else {
            writeMarkdown(out, groups.values(), varying);
        }
        out.flush();
        return 0;
    }

    /**
     * A run's configuration: every field but the seed and the outputs, nested objects flattened to dot paths, the
     * chip spec as one value (its SHA-256: two specs are equal when every field is).
     */
    static Map<String, String> configuration(Map<String, Object> summary) {
        Map<String, String> config = new TreeMap<>();
        for (Map.Entry<String, Object> e : summary.entrySet()) {
            String key = e.getKey();
            if (key.equals("seed") || RunReport.OUTPUT_FIELDS.contains(key)) {
                continue;
            }
            if (key.equals("chip_spec")) {
                config.put(
                        "chip_spec_sha256", e.getValue() == null ? "null" : jsonText(sha256(jsonText(e.getValue()))));
            } else {
                flatten(key, e.getValue(), config);
            }
        }
        return config;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String path, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                flatten(path + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(path, jsonText(value));
        }
    }

    /** Rows in order of model, mode and chip, then of the rest of the configuration. */
    private static String sortKey(Map<String, String> config) {
        return config.getOrDefault("model", "") + "\u0000" + config.getOrDefault("software", "") + "\u0000"
                + config.getOrDefault("preset", "") + "\u0000" + config;
    }

    /**
     * The configuration fields whose value is not the same in every group of one mode (missing counts as a value):
     * what tells the rows apart. Fields that only an in situ run has (the chip, the scheme) do not count as varying
     * between software and in situ rows; the mode column says that.
     */
    private static List<String> varying(Collection<Group> groups) {
        Set<String> keys = new TreeSet<>();
        groups.forEach(g -> keys.addAll(g.config().keySet()));
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            boolean varies = groups.stream()
                    .collect(Collectors.groupingBy(
                            g -> String.valueOf(g.config().get("software")),
                            Collectors.mapping(g -> String.valueOf(g.config().get(key)), Collectors.toSet())))
                    .values()
                    .stream()
                    .anyMatch(values -> values.size() > 1);
            if (varies) {
                out.add(key);
            }
        }
        return out;
    }

    /**
     * The varying fields shown as columns: model, mode and chip (preset or spec file) have their own, and the chip
     * spec's hash is shown once (summaries since format 2 carry it as spec_sha256).
     */
    private static List<String> columns(List<String> varying) {
        return varying.stream()
                .filter(k ->
                        !List.of("model", "software", "preset", "spec_file").contains(k))
                .filter(k -> !(k.equals("chip_spec_sha256") && varying.contains("spec_sha256")))
                .toList();
    }

    private void writeMarkdown(PrintWriter out, Collection<Group> groups, List<String> varying) {
        List<String> extra = columns(varying);
        out.println("Runs pooled when every configuration field but the seed is equal; "
                + (varying.isEmpty()
                        ? "one configuration."
                        : "fields that differ between rows: " + String.join(", ", varying) + "."));
        out.println();
        StringBuilder head = new StringBuilder("| model | mode | chip |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (String k : extra) {
            head.append(' ').append(k).append(" |");
            rule.append("---|");
        }
        out.println(head + " runs | seeds | test accuracy (mean ± sd) | min | max | wall s (mean) |");
        out.println(rule + "---:|---|---:|---:|---:|---:|");
        for (Group g : groups) {
            double[] acc = accuracies(g);
            StringBuilder row = new StringBuilder("| ")
                    .append(unquote(g.config().get("model")))
                    .append(" | ")
                    .append(mode(g))
                    .append(" | ")
                    .append(chip(g))
                    .append(" |");
            for (String k : extra) {
                row.append(' ').append(brief(g.config().get(k))).append(" |");
            }
            out.printf(
                    Locale.ROOT,
                    "%s %d | %s | %.2f%% ± %.2f | %.2f%% | %.2f%% | %.1f |%n",
                    row,
                    acc.length,
                    seeds(g),
                    mean(acc),
                    sd(acc),
                    Arrays.stream(acc).min().orElse(0),
                    Arrays.stream(acc).max().orElse(0),
                    wall(g));
        }
    }

    private void writeCsv(PrintWriter out, Collection<Group> groups, List<String> varying) {
        List<String> extra = columns(varying);
        List<String> head = new ArrayList<>(List.of("model", "mode", "chip"));
        head.addAll(extra);
        head.addAll(List.of("runs", "seeds", "mean_percent", "sd_percent", "min_percent", "max_percent", "wall_s"));
        out.println(
                String.join(",", head.stream().map(SummarizeCommand::csvField).toList()));
        for (Group g : groups) {
            double[] acc = accuracies(g);
            List<String> row = new ArrayList<>(List.of(unquote(g.config().get("model")), mode(g), chip(g)));
            for (String k : extra) {
                row.add(unquote(g.config().get(k)));
            }
            row.add(String.valueOf(acc.length));
            row.add(seeds(g));
            for (double v : new double[] {
                mean(acc),
                sd(acc),
                Arrays.stream(acc).min().orElse(0),
                Arrays.stream(acc).max().orElse(0),
                wall(g)
            }) {
                row.add(String.format(Locale.ROOT, "%.4f", v));
            }
            out.println(String.join(
                    ",", row.stream().map(SummarizeCommand::csvField).toList()));
        }
    }

    private void writeJson(PrintWriter out, Collection<Group> groups) {
        List<Object> list = new ArrayList<>();
        for (Group g : groups) {
            double[] acc = accuracies(g);
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> config = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : g.config().entrySet()) {
                config.put(e.getKey(), parse(e.getValue()));
            }
            m.put("config", config);
            m.put("runs", g.runs().stream().map(Path::toString).toList());
            m.put("seeds", g.summaries().stream().map(s -> s.get("seed")).toList());
            m.put("n", acc.length);
            m.put("mean_percent", mean(acc));
            m.put("sd_percent", sd(acc));
            m.put("min_percent", Arrays.stream(acc).min().orElse(0));
            m.put("max_percent", Arrays.stream(acc).max().orElse(0));
            m.put("wall_seconds_mean", wall(g));
            list.add(m);
        }
        try {
            out.println(JSON.std
                    .with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES)
                    .asString(list));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static double[] accuracies(Group g) {
        return g.summaries().stream()
                .mapToDouble(s -> 100 * number(s, "final_test_accuracy"))
                .toArray();
    }

    private static double wall(Group g) {
        return g.summaries().stream()
                .mapToDouble(s -> number(s, "wall_seconds"))
                .average()
                .orElse(0);
    }

    private static String seeds(Group g) {
        return String.join(
                " ",
                g.summaries().stream().map(s -> String.valueOf(s.get("seed"))).toList());
    }

    private static String mode(Group g) {
        return "true".equals(g.config().get("software")) ? "software" : "in situ";
    }

    /** The chip's name: its preset, or the spec file it came from; "-" in software. */
    private static String chip(Group g) {
        if ("true".equals(g.config().get("software"))) {
            return "-";
        }
        String file = unquote(g.config().getOrDefault("spec_file", "null"));
        return file.equals("null") ? unquote(g.config().get("preset")) : file;
    }

    /** A value for a table cell: hashes to 12 digits, long text cut. */
    private static String brief(String value) {
        String text = unquote(value);
        if (text.matches("[0-9a-f]{64}")) {
            return text.substring(0, 12);
        }
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    private static String unquote(String jsonValue) {
        if (jsonValue == null) {
            return "(none)";
        }
        return jsonValue.startsWith("\"") ? String.valueOf(parse(jsonValue)) : jsonValue;
    }

    private static String csvField(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    private static String jsonText(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static Object parse(String jsonValue) {
        try {
            return JSON.std.anyFrom(jsonValue);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back JSON: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
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
