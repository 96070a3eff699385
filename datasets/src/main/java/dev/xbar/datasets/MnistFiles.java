package dev.xbar.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and verifies the four MNIST files in a folder. Each may be present as {@code name} or {@code name.gz}; a
 * gzipped file is verified by the SHA-256 of its decompressed content. Every check reads and hashes the content: no
 * cache keyed by size or modification time, which an edited file given back its old time would fool. A check keeps
 * the content it verified ({@link Found}), so loading parses exactly the bytes that were hashed and reads each file
 * once.
 */
final class MnistFiles {
    private MnistFiles() {}

    /**
     * One file looked for and verified.
     *
     * @param status what was found
     * @param content the decompressed content that verified; null unless {@code status} is verified
     */
    record Found(FileStatus status, byte[] content) {}

    /** Looks for and verifies all four files; never throws for a bad file, it reports it as FAILED. */
    public static List<FileStatus> check(Path folder) {
        return find(folder).stream().map(Found::status).toList();
    }

    /** {@link #check}, keeping each verified file's content; in {@link MnistFile} order. */
    static List<Found> find(Path folder) {
        List<Found> out = new ArrayList<>(MnistFile.values().length);
        for (MnistFile f : MnistFile.values()) {
            out.add(find(folder, f));
        }
        return out;
    }

    /** True when all four files verified. */
    public static boolean allVerified(List<FileStatus> statuses) {
        return statuses.stream().allMatch(FileStatus::verified);
    }

    /**
     * The path of a verified file, or an exception saying which files are missing or bad and how to get them.
     */
    public static Path verifiedPath(List<FileStatus> statuses, MnistFile file) {
        for (FileStatus s : statuses) {
            if (s.file() == file && s.verified()) {
                return s.path().orElseThrow();
            }
        }
        StringBuilder sb = new StringBuilder("MNIST is not ready:");
        for (FileStatus s : statuses) {
            if (!s.verified()) {
                sb.append("\n  ").append(s.file().fileName()).append(": ").append(s.detail());
            }
        }
        throw new DatasetException(sb.append("\nRun 'xbar datasets fetch' (or point --data at the files).")
                .toString());
    }

    static FileStatus check(Path folder, MnistFile f) {
        return find(folder, f).status();
    }

    private static Found find(Path folder, MnistFile f) {
        List<Path> candidates = Idx.candidates(folder, f.fileName());
        if (candidates.isEmpty()) {
            return new Found(
                    new FileStatus(
                            f,
                            Optional.empty(),
                            FileStatus.State.MISSING,
                            "missing: neither " + folder.resolve(f.fileName()) + " nor its " + Idx.GZIP_SUFFIX
                                    + " exists"),
                    null);
        }
        String firstProblem = null;
        for (Path p : candidates) {
            PinnedFile.Copy copy = f.pinned().read(p);
            if (copy.verified()) {
                return new Found(new FileStatus(f, Optional.of(p), FileStatus.State.VERIFIED, ""), copy.content());
            }
            if (firstProblem == null) {
                firstProblem = copy.problem();
            }
        }
        return new Found(
                new FileStatus(f, Optional.of(candidates.get(0)), FileStatus.State.FAILED, firstProblem), null);
    }
}
