package dev.xbar.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into the markdown table of README's Performance section, written
 * next to it ({@code x.json} gives {@code x.md}): per kernel and shape, scalar and SIMD time per op side by side,
 * the speed-up, GFLOP/s of the VMMs (2 rows cols batch flops per call; a driven VMM, shape rows x cols x batch x n,
 * executes 1 / n of its window's and is credited with those only) and their share of the FMA peak measured by
 * {@link FmaPeakBenchmark} in the same run, Gaussian draws per second, and bytes allocated per op ({@code -prof gc}).
 *
 * <p>Rows a reader should not trust are flagged in the last column with the reason ({@link #doubts}): a short run
 * ({@code -wi 1 -i 2}) can end before C2 has compiled the Vector API code, and then reports boxed, interpreted
 * vectors as if they were the kernel.
 */
public final class Report {
    private static final String PEAK = FmaPeakBenchmark.class.getSimpleName();
    private static final String TRAINING_STEP = TrainingStepBenchmark.class.getSimpleName();

    private Report() {}

    /**
     * Writes the table.
     *
     * @param args the JMH JSON file
     * @throws IOException if it cannot be read or the table cannot be written
     */
    public static void main(final String[] args) throws IOException {
        if (args.length != 1 || !args[0].endsWith(".json")) {
            System.err.println("usage: Report <jmh-result.json>  (writes the table to <jmh-result>.md)");
            System.exit(2);
        }
        final Path json = Path.of(args[0]);
        if (!Files.isRegularFile(json) || Files.size(json) == 0) {
            System.err.println("report: " + json + " is missing or empty: JMH ran no benchmark (nothing matched?)");
            System.exit(1);
        }
        final String name = json.getFileName().toString();
        final Path md = json.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".md");
        final List<Result> results;
        try {
            results = read(json);
        } catch (final UncheckedIOException | IllegalArgumentException e) {
            System.err.println("report: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (results.isEmpty()) {
            System.err.println("report: " + json + " holds no results: JMH ran no benchmark (nothing matched?)");
            System.exit(1);
        }
        final String table = render(results, name);
        final Path tmp = Files.createTempFile(md.toAbsolutePath().getParent(), ".report", ".md.tmp");
        try {
            Files.writeString(tmp, table, StandardCharsets.UTF_8);
            Files.move(tmp, md, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        System.out.print(table);
        System.out.println("wrote " + md);
    }

    /** One benchmark result: its method, parameters (impl excluded), time per op and allocation. */
    record Result(
            String benchmark,
            String impl,
            Map<String, String> params,
            double seconds,
            double error,
            double bytesPerOp,
            double flopsPerSecond,
            String jdk) {}

    static List<Result> read(final Path json) {
        final List<Object> entries;
        try {
            entries = JSON.std.listFrom(json.toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read JMH results " + json + ": " + e.getMessage(), e);
        }
        final List<Result> results = new ArrayList<>();
        for (final Object entry : entries) {
            if (!(entry instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(json + ": expected a list of JMH result objects, found " + entry);
            }
            final String[] method = string(json, m, "benchmark").split("\\.");
            final String benchmark = method[method.length - 2] + "." + method[method.length - 1];
            final Map<String, String> params = new TreeMap<>();
            String impl = "";
            if (m.get("params") instanceof Map<?, ?> p) {
                for (final Map.Entry<?, ?> e : p.entrySet()) {
                    if (e.getKey().equals("impl")) {
                        impl = String.valueOf(e.getValue());
                    } else {
                        params.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                    }
                }
            }
            final Map<?, ?> primary = map(json, m, "primaryMetric");
            final String unit = string(json, primary, "scoreUnit");
            final double score = number(json, primary, "score");
            final double error = primary.get("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
            double bytes = Double.NaN;
            double flops = Double.NaN;
            if (m.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
                for (final Map.Entry<?, ?> e : secondary.entrySet()) {
                    final String key = String.valueOf(e.getKey());
                    if (e.getValue() instanceof Map<?, ?> metric && metric.get("score") instanceof Number n) {
                        if (key.endsWith("gc.alloc.rate.norm")) {
                            bytes = n.doubleValue();
                        } else if (key.equals("flops")) {
                            flops = n.doubleValue();
                        }
                    }
                }
            }
            final double perOp = secondsPerOp(json, unit, score);
            results.add(new Result(
                    benchmark,
                    impl,
                    params,
                    perOp,
                    perOp * error / score,
                    bytes,
                    flops,
                    String.valueOf(m.get("jdkVersion"))));
        }
        return results;
    }

    static String render(final List<Result> results, final String source) {
        final double peak = results.stream()
                .filter(r -> r.benchmark().startsWith(PEAK))
                .mapToDouble(Result::flopsPerSecond)
                .findFirst()
                .orElse(Double.NaN);
        final Map<String, Map<String, Result>> rows = new LinkedHashMap<>();
        for (final Result r : results) {
            if (!r.benchmark().startsWith(PEAK)) {
                rows.computeIfAbsent(r.benchmark() + " " + r.params(), k -> new TreeMap<>())
                        .put(r.impl(), r);
            }
        }
        final StringBuilder out = new StringBuilder();
        out.append("JMH ")
                .append(source)
                .append(", JDK ")
                .append(results.isEmpty() ? "?" : results.get(0).jdk())
                .append(", one thread unless a row says threads=N. ")
                .append(
                        Double.isNaN(peak)
                                ? "FMA peak not measured in this run (select FmaPeakBenchmark too)."
                                : String.format(
                                        Locale.ROOT, "Measured FMA peak (FmaPeakBenchmark): %.1f GFLOP/s.", peak / 1e9))
                .append("\n\n");
        out.append(
                "| Kernel | Case | Scalar | SIMD | SIMD speed-up | SIMD GFLOP/s | % of FMA peak | SIMD draws or samples/s"
                        + " | B/op scalar | B/op SIMD | Doubts |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        int doubtful = 0;
        for (final Map<String, Result> row : rows.values()) {
            final Result any = row.values().iterator().next();
            final Result scalar = row.get("scalar");
            final Result simd = row.get("simd");
            final double flops = flopsPerOp(any);
            final boolean draws = any.benchmark().startsWith("GaussianBenchmark");
            final boolean samples = any.benchmark().startsWith(TRAINING_STEP);
            out.append("| ")
                    .append(any.benchmark())
                    .append(" | ")
                    .append(describe(any.params()))
                    .append(" | ")
                    .append(scalar == null ? "" : time(scalar))
                    .append(" | ")
                    .append(simd == null ? "" : time(simd))
                    .append(" | ")
                    .append(scalar == null || simd == null ? "" : fixed(scalar.seconds() / simd.seconds()) + "x")
                    .append(" | ")
                    .append(simd == null || Double.isNaN(flops) ? "" : fixed(flops / simd.seconds() / 1e9))
                    .append(" | ")
                    .append(
                            simd == null || Double.isNaN(flops) || Double.isNaN(peak)
                                    ? ""
                                    : fixed(100 * flops / simd.seconds() / peak) + "%")
                    .append(" | ")
                    .append(perSecond(simd, draws ? 1 : samples ? TrainingStepBenchmark.BATCH : 0))
                    .append(" | ")
                    .append(scalar == null ? "" : bytes(scalar.bytesPerOp()))
                    .append(" | ")
                    .append(simd == null ? "" : bytes(simd.bytesPerOp()))
                    .append(" | ");
            final List<String> doubts = doubts(scalar, simd);
            out.append(String.join("; ", doubts)).append(" |\n");
            doubtful += doubts.isEmpty() ? 0 : 1;
        }
        if (doubtful > 0) {
            out.append(String.format(
                    Locale.ROOT,
                    "%nWARNING: %d row(s) above are doubtful (see the last column); do not quote them. A longer run"
                            + " (the defaults, or at least -wi 3 -i 5) lets C2 compile the kernels first.%n",
                    doubtful));
        }
        return out.toString();
    }

    /**
     * Why a row's figures may not be the kernel's: no error estimate (fewer than two measurement iterations), an error
     * larger than half the score, a SIMD row slower than the scalar one, or a SIMD row that allocates where the scalar
     * one does not (over 64 B and 10 times the scalar row's: boxed vectors, the Vector API code was not compiled by C2
     * or fell off its intrinsics).
     *
     * @param scalar the scalar result, or null
     * @param simd the SIMD result, or null
     * @return the reasons, empty when the row looks plausible
     */
    static List<String> doubts(final Result scalar, final Result simd) {
        final List<String> doubts = new ArrayList<>();
        for (final Result r : new Result[] {scalar, simd}) {
            if (r == null) {
                continue;
            }
            if (Double.isNaN(r.error())) {
                doubts.add(label(r) + "no error estimate (fewer than 2 iterations)");
            } else if (r.error() > 0.5 * r.seconds()) {
                doubts.add(label(r) + "error above 50% of the score");
            }
            if (!(r.seconds() > 0) || Double.isInfinite(r.seconds())) {
                doubts.add(label(r) + "no usable time");
            }
        }
        if (scalar != null && simd != null) {
            if (simd.seconds() > scalar.seconds()) {
                doubts.add("SIMD slower than scalar (not compiled yet?)");
            }
            if (simd.bytesPerOp() > Math.max(64, 10 * (Double.isNaN(scalar.bytesPerOp()) ? 0 : scalar.bytesPerOp()))) {
                doubts.add("SIMD allocates " + bytes(simd.bytesPerOp()) + " B/op (boxed vectors)");
            }
        }
        return doubts;
    }

    /** Items per second of a result doing {@code items} per call (blank for 0): draws in M, samples in k. */
    private static String perSecond(final Result r, final int items) {
        if (r == null || items == 0 || !(r.seconds() > 0)) {
            return "";
        }
        final double rate = items / r.seconds();
        return items == 1
                ? String.format(Locale.ROOT, "%.0f M", rate / 1e6)
                : String.format(Locale.ROOT, "%.1f k", rate / 1e3);
    }

    private static String label(final Result r) {
        return r.impl().isEmpty() ? "" : r.impl() + ": ";
    }

    /**
     * 2 rows cols batch for the VMMs (the benchmarks with a shape parameter, rows x cols x batch), divided by the rows
     * per input n of a driven VMM (shape rows x cols x batch x n: the multiply-adds it executes), NaN otherwise.
     */
    private static double flopsPerOp(final Result r) {
        if (r.benchmark().startsWith(TRAINING_STEP + ".")) {
            return TrainingStepBenchmark.flopsPerCall(r.benchmark().substring(TRAINING_STEP.length() + 1));
        }
        final String shape = r.params().get("shape");
        if (shape == null) {
            return Double.NaN;
        }
        final String[] dims = shape.split("x");
        final double window =
                2.0 * Double.parseDouble(dims[0]) * Double.parseDouble(dims[1]) * Double.parseDouble(dims[2]);
        return dims.length > 3 ? window / Double.parseDouble(dims[3]) : window;
    }

    private static String describe(final Map<String, String> params) {
        final List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k.equals("shape") ? v : k + "=" + v));
        return parts.isEmpty() ? "128x64 chip" : String.join(", ", parts);
    }

    private static String time(final Result r) {
        final double s = r.seconds();
        final double scale = s >= 1e-3 ? 1e3 : s >= 1e-6 ? 1e6 : 1e9;
        final String unit = s >= 1e-3 ? "ms" : s >= 1e-6 ? "us" : "ns";
        return String.format(Locale.ROOT, "%.3g ± %.2g %s", s * scale, r.error() * scale, unit);
    }

    private static String fixed(final double x) {
        return String.format(Locale.ROOT, x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : "%.2f", x);
    }

    private static String bytes(final double b) {
        return Double.isNaN(b) ? "" : String.format(Locale.ROOT, "%.0f", b);
    }

    private static double secondsPerOp(final Path json, final String unit, final double score) {
        return switch (unit) {
            case "s/op" -> score;
            case "ms/op" -> score * 1e-3;
            case "us/op" -> score * 1e-6;
            case "ns/op" -> score * 1e-9;
            case "ops/s" -> 1 / score;
            case "ops/ms" -> 1e-3 / score;
            case "ops/us" -> 1e-6 / score;
            case "ops/ns" -> 1e-9 / score;
            default -> throw new IllegalArgumentException(json + ": unknown score unit '" + unit + "'");
        };
    }

    private static Map<?, ?> map(final Path json, final Map<?, ?> m, final String key) {
        if (m.get(key) instanceof Map<?, ?> value) {
            return value;
        }
        throw new IllegalArgumentException(json + ": result without '" + key + "' object: " + m.get("benchmark"));
    }

    private static String string(final Path json, final Map<?, ?> m, final String key) {
        if (m.get(key) instanceof String value) {
            return value;
        }
        throw new IllegalArgumentException(json + ": result without '" + key + "' string");
    }

    private static double number(final Path json, final Map<?, ?> m, final String key) {
        if (m.get(key) instanceof Number value) {
            return value.doubleValue();
        }
        throw new IllegalArgumentException(json + ": result without numeric '" + key + "'");
    }
}
