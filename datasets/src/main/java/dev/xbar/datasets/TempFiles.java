package dev.xbar.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
