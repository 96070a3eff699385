package dev.xbar.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a whole input file the user named, refusing anything but a regular file of a bounded size: a FIFO would block
 * forever, {@code /dev/zero} or a huge file would exhaust memory. Every file the project reads whole goes through
 * here, so each read is bounded and each refusal is one line naming the file and why.
 */
public final class BoundedFiles {
    private BoundedFiles() {}

    /**
     * The bytes of a regular file of at most {@code maxBytes}.
     *
     * @param file the file
     * @param maxBytes the largest size accepted
     * @param what what the file is, for messages (e.g. "chip spec")
     * @return its bytes
     * @throws IllegalArgumentException naming the file and why it cannot be read: missing, not a regular file, too
     *     large, unreadable
     */
    public static byte[] read(final Path file, final long maxBytes, final String what) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": "
                    + (Files.isDirectory(file) ? "it is a folder" : "not a regular file (a device, pipe or socket)"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            final long size = Files.size(file);
            if (size > maxBytes) {
                throw tooLarge(file, what, size, maxBytes);
            }
            final byte[] bytes = in.readNBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 8) + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(file, what, bytes.length, maxBytes);
            }
            return bytes;
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": no such file", e);
        } catch (final AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": permission denied", e);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The text (UTF-8) of a regular file of at most {@code maxBytes}.
     *
     * @param file the file
     * @param maxBytes the largest size accepted
     * @param what what the file is, for messages
     * @return its text
     * @throws IllegalArgumentException as {@link #read}
     */
    public static String readString(final Path file, final long maxBytes, final String what) {
        return new String(read(file, maxBytes, what), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException tooLarge(
            final Path file, final String what, final long size, final long maxBytes) {
        return new IllegalArgumentException(
                what + " " + file + " is " + size + " bytes, more than the " + maxBytes + " such a file can hold");
    }
}
