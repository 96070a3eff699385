package dev.xbar.models.study;

import dev.xbar.core.io.AtomicFiles;
import dev.xbar.core.io.BoundedFiles;
import dev.xbar.core.io.FolderLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study's {@code trials.csv}: a header, then one line per finished trial, appended as trials finish. Each line is
 * {@link TrialResult#CSV_HEADER}'s fields, then for a study with ages one column per age ({@link #ageColumn}, the
 * accuracy at that age), then one column per sweep, named after it, holding the point's value (so the file reads
 * alone, without {@code study.json}), then the chip's counts ({@link TrialCounts#CSV_COLUMNS}, empty for trials
 * without a network). A study without ages has no age columns: its file is as before ages existed. A file of an older
 * version without the count columns, or without those and the sweep columns, is read (its trials have no counts), and
 * rewritten in the current layout when opened for appending.
 *
 * <p><b>Crash safety.</b> Each line is written whole by one {@code write} of its bytes (in append mode), newline
 * last, then forced to the device, so a crash can only leave a last line without its newline. On opening, such a torn last line (no
 * trailing newline, or a wrong field count) is ignored and cut off the file; any other bad line is an error naming the
 * file and line. Lines whose trial is not in the study or whose seed is not the study's seed for that trial are errors
 * too (the file belongs to another study), and so is a trial found twice with different outcomes (a repeated
 * identical line is harmless and read once).
 *
 * <p><b>One writer.</b> While open for appending, the file's folder is locked ({@link FolderLock}), so a second run
 * into the same study folder is refused instead of running every trial twice.
 */
public final class TrialsFile implements AutoCloseable {
    /** The largest trials file read: about 20 million trials at 60 bytes a line. */
    private static final long MAX_BYTES = 1L << 30;

    private final Path file;
    private final Study study;
    private final FolderLock lock;
    private final FileChannel channel;
    private final Map<TrialId, TrialResult> results;

    private TrialsFile(
            final Path file,
            final Study study,
            final FolderLock lock,
            final FileChannel channel,
            final Map<TrialId, TrialResult> results) {
        this.file = file;
        this.study = study;
        this.lock = lock;
        this.channel = channel;
        this.results = results;
    }

    /**
     * Opens (or creates) a trials file for appending, after reading what it holds and cutting off a torn last line.
     *
     * @param file the CSV file
     * @param study the study it belongs to
     * @return the open file
     * @throws IllegalArgumentException naming the file and line of a bad line
     */
    public static TrialsFile open(final Path file, final Study study) {
        final FolderLock lock = FolderLock.acquire(file.toAbsolutePath().getParent());
        try {
            final Parsed parsed = Files.exists(file) ? parse(file, study) : new Parsed(new LinkedHashMap<>(), 0, false);
            if (parsed.legacy() && !parsed.results().isEmpty()) {
                final StringBuilder text = new StringBuilder(header(study)).append('\n');
                parsed.results().values().forEach(r -> text.append(line(r, study)));
                AtomicFiles.writeString(file, text.toString());
            }
            try (FileChannel repair = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (parsed.validBytes() == 0
                        || (parsed.legacy() && parsed.results().isEmpty())) {
                    repair.truncate(0);
                    writeFully(repair, (header(study) + "\n").getBytes(StandardCharsets.US_ASCII));
                } else if (!parsed.legacy() && repair.size() > parsed.validBytes()) {
                    repair.truncate(parsed.validBytes());
                }
                repair.force(true);
            }
            final FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new TrialsFile(file, study, lock, channel, parsed.results());
        } catch (final IOException e) {
            lock.close();
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        } catch (final RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Reads a trials file without changing it (a torn last line is skipped, not cut).
     *
     * @param file the CSV file
     * @param study the study it belongs to
     * @return the results by trial, in file order
     * @throws IllegalArgumentException naming the file and line of a bad line
     */
    public static Map<TrialId, TrialResult> read(final Path file, final Study study) {
        try {
            return parse(file, study).results();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record Parsed(Map<TrialId, TrialResult> results, long validBytes, boolean legacy) {}

    /**
     * The column of the accuracy at an age.
     *
     * @param label the age as written, e.g. {@code 1h}
     * @return e.g. {@code accuracy_at_1h}
     */
    public static String ageColumn(final String label) {
        return "accuracy_at_" + label;
    }

    /**
     * The header of a study's trials file: the result fields, the age columns, then the sweep names.
     *
     * @param study the study
     * @return the header line, without the newline
     */
    public static String header(final Study study) {
        return headerWithoutCounts(study) + "," + String.join(",", TrialCounts.CSV_COLUMNS);
    }

    /** The header of files written before the count columns. */
    private static String headerWithoutCounts(final Study study) {
        final StringBuilder b = new StringBuilder(TrialResult.CSV_HEADER);
        study.ages().labels().forEach(age -> b.append(',').append(ageColumn(age)));
        study.sweeps().forEach(sw -> b.append(',').append(sw.name()));
        return b.toString();
    }

    /** A result's line with its point's swept values and its counts, newline last. */
    private static String line(final TrialResult r, final Study study) {
        final String base = r.toCsvLine();
        final StringBuilder b = new StringBuilder(base.substring(0, base.length() - 1));
        study.point(r.point()).values().forEach(v -> b.append(',').append(v));
        b.append(',').append(r.counts() == null ? ",," : r.counts().toCsv());
        return b.append('\n').toString();
    }

    private static Parsed parse(final Path file, final Study study) throws IOException {
        final byte[] bytes = BoundedFiles.read(file, MAX_BYTES, "trials file");
        final Map<TrialId, TrialResult> results = new LinkedHashMap<>();
        final Map<TrialId, Integer> lines = new HashMap<>();
        int start = 0;
        int lineNumber = 0;
        long valid = 0;
        final String header = header(study);
        boolean legacy = false;
        int fields = TrialResult.CSV_FIELDS
                + study.ages().labels().size()
                + study.sweeps().size()
                + TrialCounts.CSV_COLUMNS.size();
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNumber++;
            final boolean last = end >= bytes.length - 1;
            if (end == bytes.length) {
                break;
            }
            final String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            if (lineNumber == 1) {
                // older files: no count columns; before that no sweep columns, and before that no step_accuracy
                // column either (and no ages, which came after the sweeps: a study with ages has no file older than
                // the count columns)
                legacy = !line.equals(header)
                        && (line.equals(headerWithoutCounts(study))
                                || study.ages().labels().isEmpty()
                                        && (line.equals(TrialResult.CSV_HEADER)
                                                || line.equals(TrialResult.CSV_HEADER_WITHOUT_STEPS)));
                if (!line.equals(header) && !legacy) {
                    throw new IllegalArgumentException(
                            file + " line 1: header '" + line + "', expected '" + header + "'");
                }
                fields = legacy ? line.split(",", -1).length : fields;
            } else if (last && line.split(",", -1).length != fields) {
                break;
            } else {
                final TrialResult r = check(file, lineNumber, line, study, fields);
                final TrialResult first = results.putIfAbsent(r.id(), r);
                if (first == null) {
                    lines.put(r.id(), lineNumber);
                } else if (!first.sameOutcome(r)) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": " + r.id()
                            + " is already on line " + lines.get(r.id()) + " with another outcome (accuracy "
                            + first.accuracy() + ", " + first.pulses() + " pulses vs " + r.accuracy() + ", "
                            + r.pulses() + "): the file is damaged or mixes two runs");
                }
            }
            valid = end + 1L;
            start = end + 1;
        }
        return new Parsed(results, valid, legacy);
    }

    private static TrialResult check(
            final Path file, final int lineNumber, final String line, final Study study, final int fields) {
        final String where = file + " line " + lineNumber;
        final TrialResult r;
        final String[] f = line.split(",", -1);
        final int firstSweep = TrialResult.CSV_FIELDS + study.ages().labels().size();
        final int firstCount = firstSweep + study.sweeps().size();
        try {
            if (f.length != fields) {
                throw new IllegalArgumentException("has " + f.length + " fields, expected " + fields);
            }
            final List<Double> ages = new ArrayList<>();
            for (int i = TrialResult.CSV_FIELDS; i < Math.min(f.length, firstSweep); i++) {
                ages.add(Double.parseDouble(f[i]));
            }
            r = TrialResult.parseCsv(String.join(",", Arrays.copyOf(f, Math.min(f.length, TrialResult.CSV_FIELDS))))
                    .withAgeAccuracy(ages)
                    .withCounts(
                            f.length > firstCount && !f[firstCount].isEmpty()
                                    ? TrialCounts.parseCsv(f[firstCount], f[firstCount + 1], f[firstCount + 2])
                                    : null);
            study.globalIndex(r.id());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + line + "' has an age column that is not a number", e);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + line + "' " + e.getMessage(), e);
        }
        for (int i = firstSweep; i < Math.min(f.length, firstCount); i++) {
            final String value = String.valueOf(study.point(r.point()).values().get(i - firstSweep));
            if (!f[i].equals(value)) {
                throw new IllegalArgumentException(where + ": "
                        + study.sweeps().get(i - firstSweep).name()
                        + " = " + f[i] + " is not point " + r.point() + "'s value " + value
                        + " (the file belongs to another study)");
            }
        }
        if (r.seed() != study.trialSeed(r.id())) {
            throw new IllegalArgumentException(where + ": seed " + r.seed() + " of " + r.id()
                    + " is not this study's seed for it (the file belongs to another study)");
        }
        return r;
    }

    private static void writeFully(final FileChannel channel, final byte[] bytes) throws IOException {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Appends one result as one line with one write, then forces it to the device. Thread-safe.
     *
     * @param result the result
     * @throws IllegalArgumentException if the trial is already in the file
     */
    public synchronized void append(final TrialResult result) {
        if (results.containsKey(result.id())) {
            throw new IllegalArgumentException(file + " already holds " + result.id());
        }
        if (result.ageAccuracy().size() != study.ages().labels().size()) {
            throw new IllegalArgumentException(
                    result.id() + " has " + result.ageAccuracy().size() + " accuracies at ages, the study "
                            + study.ages().labels().size() + " ages");
        }
        try {
            writeFully(channel, line(result, study).getBytes(StandardCharsets.US_ASCII));
            channel.force(false);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
        results.put(result.id(), result);
    }

    /**
     * The results in the file, including those appended since it was opened.
     *
     * @return a snapshot, in file order
     */
    public synchronized Map<TrialId, TrialResult> results() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /**
     * The file's path.
     *
     * @return the path
     */
    public Path path() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            lock.close();
        }
    }
}
