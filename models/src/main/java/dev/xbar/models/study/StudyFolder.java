package dev.xbar.models.study;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.core.io.AtomicFiles;
import dev.xbar.core.io.BoundedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A study's output folder: {@code study.json} (the canonical definition, which fixes what the folder holds),
 * {@code trials.csv} (see {@link TrialsFile}) and {@code summary.json}. Opening a folder that holds another study is
 * refused with the fields that differ, so a changed command never mixes its trials into an old study.
 */
public final class StudyFolder {
    /** The definition file. */
    public static final String STUDY_FILE = "study.json";

    /** The per-trial results file. */
    public static final String TRIALS_FILE = "trials.csv";

    /** The statistics file. */
    public static final String SUMMARY_FILE = "summary.json";

    /** The largest study.json read (a base spec and its sweeps). */
    private static final long MAX_STUDY_BYTES = 64L << 20;

    private final Path dir;
    private final Study study;

    private StudyFolder(final Path dir, final Study study) {
        this.dir = dir;
        this.study = study;
    }

    /**
     * Opens a folder for a study, creating it and its {@code study.json} if needed.
     *
     * @param dir the folder
     * @param study the study
     * @return the folder
     * @throws IllegalArgumentException if the folder holds a different study (naming the differing fields)
     */
    public static StudyFolder open(final Path dir, final Study study) {
        final Path file = dir.resolve(STUDY_FILE);
        if (Files.exists(file)) {
            final Study existing = read(dir);
            if (!existing.hash().equals(study.hash())) {
                throw new IllegalArgumentException(dir + " holds a different study: " + differences(existing, study)
                        + " (" + STUDY_FILE + " vs now); use another --out folder, or delete this one to start over");
            }
        } else {
            try {
                Files.createDirectories(dir);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
            }
            AtomicFiles.writeString(file, pretty(study.canonicalMap()));
        }
        return new StudyFolder(dir, study);
    }

    /**
     * Reads the study a folder holds.
     *
     * @param dir the folder
     * @return its study
     * @throws IllegalArgumentException if it has no valid {@code study.json}
     */
    public static Study read(final Path dir) {
        final Path file = dir.resolve(STUDY_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " is not a yield study folder (it has no " + STUDY_FILE + ")");
        }
        return Study.fromJson(BoundedFiles.readString(file, MAX_STUDY_BYTES, "study definition"), file.toString());
    }

    /**
     * Merges the trials of several folders of one study (e.g. the shards of a job array) into a target folder.
     * Trials the target already holds are kept; every trial found in two places must have the same outcome.
     *
     * @param sources the folders to merge
     * @param target the merged folder (may be one of the sources, or new)
     * @return the target folder
     * @throws IllegalArgumentException if the folders hold different studies or disagree on a trial
     */
    public static StudyFolder merge(final List<Path> sources, final Path target) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: name at least one study folder");
        }
        final Study study = read(sources.getFirst());
        final List<Map<TrialId, TrialResult>> trials = new ArrayList<>();
        for (final Path source : sources) {
            final Study other = read(source);
            if (!other.hash().equals(study.hash())) {
                throw new IllegalArgumentException("cannot merge different studies: " + source + " (" + other + ") and "
                        + sources.getFirst() + " (" + study + ") differ in " + differences(study, other));
            }
            trials.add(TrialsFile.read(source.resolve(TRIALS_FILE), study));
        }
        final StudyFolder folder = open(target, study);
        try (TrialsFile out = folder.openTrials()) {
            for (int i = 0; i < trials.size(); i++) {
                for (final TrialResult r : trials.get(i).values()) {
                    final TrialResult have = out.results().get(r.id());
                    if (have == null) {
                        out.append(r);
                    } else if (!have.sameOutcome(r)) {
                        throw new IllegalArgumentException(r.id() + " differs between " + sources.get(i) + " ("
                                + r.accuracy() + ", " + r.pulses() + " pulses) and " + target + " ("
                                + have.accuracy() + ", " + have.pulses() + " pulses)");
                    }
                }
            }
        }
        return folder;
    }

    /** The top-level fields of the canonical definitions that differ, e.g. "chips, sweeps". */
    private static String differences(final Study a, final Study b) {
        final Map<String, Object> ma = a.canonicalMap();
        final Map<String, Object> mb = b.canonicalMap();
        final List<String> names = new ArrayList<>();
        final Set<String> keys = new LinkedHashSet<>(ma.keySet());
        keys.addAll(mb.keySet()); // a field at its default is left out of one of them (program, ages)
        for (final String key : keys) {
            if (!Objects.equals(ma.get(key), mb.get(key))) {
                names.add(key + " (" + brief(ma.get(key)) + " vs " + brief(mb.get(key)) + ")");
            }
        }
        return String.join(", ", names);
    }

    private static String brief(final Object value) {
        final String text = value instanceof Map<?, ?> ? "{...}" : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /**
     * Opens {@code trials.csv} for appending (cutting off a torn last line).
     *
     * @return the open file; close it when done
     */
    public TrialsFile openTrials() {
        return TrialsFile.open(dir.resolve(TRIALS_FILE), study);
    }

    /**
     * The trials finished so far, read without changing the file.
     *
     * @return results by trial
     */
    public Map<TrialId, TrialResult> readTrials() {
        final Path file = dir.resolve(TRIALS_FILE);
        return Files.exists(file) ? TrialsFile.read(file, study) : Map.of();
    }

    /**
     * Writes {@code summary.json} atomically.
     *
     * @param summary the summary
     */
    public void writeSummary(final StudySummary summary) {
        AtomicFiles.writeString(dir.resolve(SUMMARY_FILE), summary.toJson());
    }

    /**
     * Writes {@code summary.json} atomically, after the given provenance fields.
     *
     * @param summary the summary
     * @param provenance the fields to put first (see {@link StudySummary#toJson(Map)})
     */
    public void writeSummary(final StudySummary summary, final Map<String, Object> provenance) {
        AtomicFiles.writeString(dir.resolve(SUMMARY_FILE), summary.toJson(provenance));
    }

    /**
     * The folder.
     *
     * @return its path
     */
    public Path dir() {
        return dir;
    }

    /**
     * The study it holds.
     *
     * @return the study
     */
    public Study study() {
        return study;
    }

    private static String pretty(final Object tree) {
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(tree) + "\n";
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }
}
