package dev.xbar.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Strict reader for the IDX files of MNIST and Fashion-MNIST, raw or gzipped (recognised by the gzip magic bytes, not
 * by the file name). IDX is big-endian: a 4-byte magic {@code 0x00 0x00 type rank}, then {@code rank} 4-byte
 * dimensions, then the data. Only unsigned-byte files of rank 3 (images, magic 2051) and rank 1 (labels, magic 2049)
 * are accepted, and the data must fill the file exactly: a short or over-long file is an error, never a partial
 * read. Every error is a {@link DatasetException} that names the file.
 */
final class Idx {
    /** Magic of an image file: unsigned bytes ({@code 0x08}), rank 3. */
    public static final int IMAGES_MAGIC = 0x0803;
    /** Magic of a label file: unsigned bytes ({@code 0x08}), rank 1. */
    public static final int LABELS_MAGIC = 0x0801;
    /** Suffix of the gzipped variant of a file that {@link #candidates} also accepts. */
    public static final String GZIP_SUFFIX = ".gz";

    private static final int UNSIGNED_BYTE = 0x08;

    private Idx() {}

    /** Reads an image file (magic 2051): {@code count x rows x cols} unsigned bytes. */
    public static IdxImages readImages(Path file) {
        return readImages(file, content(file));
    }

    /** Parses the {@link #content} of image file {@code file}; the pixels stay in {@code bytes}, not copied. */
    static IdxImages readImages(Path file, byte[] bytes) {
        int[] dims = header(file, bytes, 3);
        long expected = (long) dims[0] * dims[1] * dims[2];
        checkLength(file, bytes, 16, expected, dims[0] + "x" + dims[1] + "x" + dims[2]);
        return new IdxImages(file.toString(), dims[0], dims[1], dims[2], new Pixels.Bytes(bytes, 16, (int) expected));
    }

    /** Reads a label file (magic 2049): one unsigned byte per item. */
    public static byte[] readLabels(Path file) {
        return readLabels(file, content(file));
    }

    /** Parses the {@link #content} of label file {@code file}. */
    static byte[] readLabels(Path file, byte[] bytes) {
        int[] dims = header(file, bytes, 1);
        checkLength(file, bytes, 8, dims[0], Integer.toString(dims[0]));
        return Arrays.copyOfRange(bytes, 8, bytes.length);
    }

    /**
     * The files that may hold {@code baseName} in {@code folder}, existing ones only, raw before gzipped: {@code
     * baseName} then {@code baseName.gz}.
     */
    public static List<Path> candidates(Path folder, String baseName) {
        List<Path> found = new ArrayList<>(2);
        for (Path p : List.of(folder.resolve(baseName), folder.resolve(baseName + GZIP_SUFFIX))) {
            if (Files.isRegularFile(p)) {
                found.add(p);
            }
        }
        return found;
    }

    /** Opens the decompressed content of a raw or gzipped file; the caller closes it. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            in = new BufferedInputStream(in, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The decompressed content of a raw or gzipped file, read in one go. */
    static byte[] content(Path file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file", e);
        } catch (ZipException | EOFException e) {
            throw new DatasetException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read (" + e + ")", e);
        }
    }

    /** Checks the magic (type and rank) and returns the {@code rank} dimensions, each validated as non-negative. */
    private static int[] header(Path file, byte[] bytes, int rank) {
        int headerBytes = 4 + 4 * rank;
        String kind = rank == 3 ? "image" : "label";
        if (bytes.length < headerBytes) {
            throw new DatasetException(file + ": " + bytes.length + " bytes, shorter than the " + headerBytes
                    + "-byte IDX " + kind + " header");
        }
        int magic = readInt(bytes, 0);
        int expectedMagic = UNSIGNED_BYTE << 8 | rank;
        if (magic != expectedMagic) {
            String what;
            if ((magic >>> 16) != 0) {
                what = "not an IDX file";
            } else if ((magic >>> 8 & 0xff) != UNSIGNED_BYTE) {
                what = String.format("IDX data type 0x%02x, expected 0x08 (unsigned byte)", magic >>> 8 & 0xff);
            } else {
                what = "IDX rank " + (magic & 0xff) + ", expected " + rank + " for a " + kind + " file";
            }
            throw new DatasetException(String.format(
                    "%s: magic %d (0x%08x) but a %s file has %d (0x%08x): %s",
                    file, magic, magic, kind, expectedMagic, expectedMagic, what));
        }
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = readInt(bytes, 4 + 4 * d);
            if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                throw new DatasetException(file + ": dimension " + d + " of the header is " + dims[d]
                        + (d == 0 ? ", expected >= 0" : ", expected > 0"));
            }
        }
        return dims;
    }

    private static void checkLength(Path file, byte[] bytes, int headerBytes, long expected, String shape) {
        long remain = bytes.length - headerBytes;
        if (remain != expected) {
            throw new DatasetException(file.getFileName() + ": header says " + shape + " = " + expected
                    + " bytes but " + remain + " remain" + (remain > expected ? " (trailing data)" : " (truncated)")
                    + " in " + file);
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
