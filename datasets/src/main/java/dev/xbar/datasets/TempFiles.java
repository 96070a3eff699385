package dev.xbar.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary files of this module: writes that verify before they land, and best-effort clean-up. */
final class TempFiles {
    private TempFiles() {}

    /** What {@link #writeVerified} puts in the file. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} through a temp file beside it ({@code .<name>.*.part}), hashing the bytes as they are
     * written, and moves it into place (atomically, replacing) only if they hash to {@code sha256}: a file that does
     * not verify never appears under its name. The temp file never stays.
     *
     * @param target the file
     * @param sha256 the hash its content must have
     * @param content writes the content
     * @return the SHA-256 of what was written (equal to {@code sha256} when the file was placed)
     * @throws IOException if the temp file cannot be written or moved
     */
    static String writeVerified(Path target, String sha256, Content content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        try {
            String sha = Sha256.of(content, Files.newOutputStream(tmp));
            if (sha.equals(sha256)) {
                makePublic(tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return sha;
        } finally {
            deleteQuietly(tmp);
        }
    }

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
