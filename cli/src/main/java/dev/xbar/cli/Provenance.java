package dev.xbar.cli;

import dev.xbar.datasets.ImageDataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a result file came from, so that a number in it can be cited and re-run: the program version and the git
 * commit the jar was built from ({@code dev/xbar/cli/build.properties}, filled in by the build; "unknown" where the
 * build had no git), the command line as typed, and when the command started. Both {@code summary.json} files (a
 * training run's and a yield study's) begin with these fields, in snake_case.
 *
 * @param version the program version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit the git commit (40 hex digits, {@code -dirty} when the tree had changes), or "unknown"
 * @param commandLine the command line, shell-quoted, starting with {@code xbar}
 * @param started when the command started
 */
record Provenance(String version, String commit, String commandLine, Instant started) {

    private static final Properties BUILD = build();

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,@%+-]+");

    /**
     * The provenance of the command now running: its whole command line (from the root of the command tree) and now.
     *
     * @param spec the running command's spec
     * @return the provenance
     */
    static Provenance of(final CommandSpec spec) {
        final List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        return new Provenance(
                BUILD.getProperty("version", "unknown"),
                BUILD.getProperty("commit", "unknown"),
                commandLine(args),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** The command line as a shell would take it back: arguments with spaces or quotes are single-quoted. */
    static String commandLine(final List<String> args) {
        final StringBuilder b = new StringBuilder("xbar");
        for (final String a : args) {
            b.append(' ').append(PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }

    /**
     * The fields every summary starts with.
     *
     * @param format the summary's format name and version, e.g. {@code xbar-run-2}
     * @param finished when the command finished
     * @return {@code format, xbar_version, git_commit, command_line, started_at, finished_at} (ISO-8601, UTC)
     */
    Map<String, Object> toMap(final String format, final Instant finished) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("xbar_version", version);
        m.put("git_commit", commit);
        m.put("command_line", commandLine);
        m.put("started_at", started.toString());
        m.put("finished_at", finished.truncatedTo(ChronoUnit.MILLIS).toString());
        return m;
    }

    /**
     * The files of the dataset the run read (verified against these hashes when loaded), by file name.
     *
     * @param dataset the dataset
     * @return {@code {"<dataset>": {file: sha256, ...}}}
     */
    static Map<String, Object> datasets(final ImageDataset dataset) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put(dataset.id(), new LinkedHashMap<>(dataset.fileHashes()));
        return m;
    }

    private static Properties build() {
        final Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the jar's build.properties: " + e.getMessage(), e);
        }
        // a resource copied without the build's filtering still holds the ${...} placeholders
        p.entrySet().removeIf(e -> String.valueOf(e.getValue()).contains("${"));
        return p;
    }
}
