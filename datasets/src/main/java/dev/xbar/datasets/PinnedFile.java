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
     * One copy of the file, read once and checked: the bytes that were hashed are the bytes a loader parses.
     *
     * @param path the copy
     * @param content its decompressed content when it verified, else null
     * @param problem what is wrong with it, or null when it verified
     */
    record Copy(Path path, byte[] content, String problem) {
        boolean verified() {
            return problem == null;
        }
    }

    /**
     * Reads copy {@code p} (raw or gzipped) and checks its size and SHA-256.
     *
     * @param p the copy
     * @return the copy with its content, or with what is wrong
     */
    Copy read(final Path p) {
        final boolean gz = p.getFileName().toString().endsWith(Idx.GZIP_SUFFIX);
        try {
            final long bytes = Files.size(p);
            if (!gz && bytes != size) {
                return new Copy(
                        p,
                        null,
                        p + " is " + bytes + " bytes, expected " + size + " (truncated or not the official file)");
            }
            final byte[] content = Idx.content(p);
            final String sha = Sha256.of(content);
            return sha.equals(sha256)
                    ? new Copy(p, content, null)
                    : new Copy(
                            p,
                            null,
                            p + (gz ? " decompresses to content with" : " has") + " SHA-256 " + sha + ", expected "
                                    + sha256);
        } catch (final IOException e) {
            return new Copy(p, null, p + " cannot be read: " + e);
        } catch (final DatasetException e) {
            return new Copy(p, null, e.getMessage());
        }
    }

    /**
     * What is wrong with copy {@code p}.
     *
     * @param p the copy
     * @return null when it holds exactly this content
     */
    String problem(final Path p) {
        return read(p).problem();
    }

    /**
     * The copy of this file in {@code folder} whose content verifies, raw preferred to gzipped.
     *
     * @param folder the folder
     * @return the copy with its content, or null when neither copy exists or verifies
     */
    Copy verified(final Path folder) {
        for (final Path p : Idx.candidates(folder, fileName)) {
            final Copy copy = read(p);
            if (copy.verified()) {
                return copy;
            }
        }
        return null;
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
