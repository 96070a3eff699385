package dev.xbar.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** Best-effort clean-up of temporary files and folders this module created. */
final class TempFiles {
    private TempFiles() {}

    /** Deletes {@code p} if it exists; a failure is ignored because the name of a temp file is never read as data. */
    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: see the method comment
        }
    }

    /**
     * Makes a temp file (created owner-only) readable by everyone before it is moved into place: the datasets are
     * public and the cache may be shared. Ignored where the file system has no POSIX permissions.
     */
    static void makePublic(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the platform's default permissions apply
        }
    }

    /** Deletes a temp folder and everything under it, deepest first, ignoring failures. */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(TempFiles::deleteQuietly);
        } catch (IOException ignored) {
            // best effort: the folder lives under the system temp directory
        }
    }
}
