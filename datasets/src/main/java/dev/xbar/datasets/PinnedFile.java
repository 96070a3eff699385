package dev.xbar.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset file known by the SHA-256 and size of its raw (decompressed) content: a copy is used only if its content
 * hashes to this value, so a damaged or tampered file is never read as data.
 *
 * @param fileName the name, without {@code .gz}
 * @param sha256 the lower-case hex SHA-256 of the raw content
 * @param size the size of the raw content in bytes
 */
record PinnedFile(String fileName, String sha256, long size) {
    /**
     * The copy of this file in {@code folder} whose content verifies, raw preferred to gzipped.
     *
     * @param folder the folder
     * @return the file, or null when neither copy exists or verifies
     */
    Path verified(final Path folder) {
        for (final Path p : Idx.candidates(folder, fileName)) {
            if (problem(p) == null) {
                return p;
            }
        }
        return null;
    }

    /** Null when {@code p} holds exactly this content, else what is wrong. */
    String problem(final Path p) {
        try {
            final boolean gz = p.getFileName().toString().endsWith(Idx.GZIP_SUFFIX);
            if (!gz && Files.size(p) != size) {
                return p + " is " + Files.size(p) + " bytes, expected " + size;
            }
            final String sha = Sha256.ofContent(p);
            return sha.equals(sha256) ? null : p + " has content SHA-256 " + sha + ", expected " + sha256;
        } catch (final IOException e) {
            return p + " cannot be read: " + e;
        }
    }

    /**
     * The files of {@code files} that do not verify in {@code folder}.
     *
     * @param files the files
     * @param folder the folder
     * @return those missing or bad, in the given order
     */
    static List<PinnedFile> unverified(final List<PinnedFile> files, final Path folder) {
        return files.stream().filter(f -> f.verified(folder) == null).toList();
    }
}
