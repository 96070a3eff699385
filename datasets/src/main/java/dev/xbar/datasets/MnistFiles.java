package dev.xbar.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and verifies the four MNIST files in a folder. Each may be present as {@code name} or {@code name.gz}; a
 * gzipped file is verified by the SHA-256 of its decompressed content. Every check hashes the content (about a
 * quarter of a second for all four): no cache keyed by size or modification time, which an edited file given back
 * its old time would fool.
 */
final class MnistFiles {
    private MnistFiles() {}

    /** Looks for and verifies all four files; never throws for a bad file, it reports it as FAILED. */
    public static List<FileStatus> check(Path folder) {
        List<FileStatus> out = new ArrayList<>(MnistFile.values().length);
        for (MnistFile f : MnistFile.values()) {
            out.add(check(folder, f));
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
        List<Path> candidates = Idx.candidates(folder, f.fileName());
        if (candidates.isEmpty()) {
            return new FileStatus(
                    f,
                    Optional.empty(),
                    FileStatus.State.MISSING,
                    "missing: neither " + folder.resolve(f.fileName()) + " nor its " + Idx.GZIP_SUFFIX + " exists");
        }
        String firstProblem = null;
        for (Path p : candidates) {
            String problem = verify(p, f);
            if (problem == null) {
                return new FileStatus(f, Optional.of(p), FileStatus.State.VERIFIED, "");
            }
            if (firstProblem == null) {
                firstProblem = problem;
            }
        }
        return new FileStatus(f, Optional.of(candidates.get(0)), FileStatus.State.FAILED, firstProblem);
    }

    /** Null when {@code p} holds exactly the official content, else what is wrong. */
    private static String verify(Path p, MnistFile f) {
        try {
            boolean gz = p.getFileName().toString().endsWith(Idx.GZIP_SUFFIX);
            long size = Files.size(p);
            if (!gz && size != f.size()) {
                return p + " is " + size + " bytes, expected " + f.size() + " (truncated or not the official file)";
            }
            String sha = Sha256.ofContent(p);
            if (!sha.equals(f.sha256())) {
                return p + (gz ? " decompresses to content with" : " has") + " SHA-256 " + sha + ", expected "
                        + f.sha256();
            }
            return null;
        } catch (IOException e) {
            return p + " cannot be read: " + e;
        }
    }
}
