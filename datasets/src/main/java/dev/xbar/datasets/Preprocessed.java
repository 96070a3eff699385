package dev.xbar.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dataset's 8x8 splits ({@link TrainTest#to8x8()}) kept in one file beside its IDX files, whose content has a pinned
 * SHA-256 like the IDX files themselves. A run then reads and hashes 18 MB instead of reading, hashing and
 * preprocessing 55 MB of 28x28 digits: on the project's 2-core machine that was 0.5-0.7 s of every default run, most
 * of it the first touch of freshly allocated memory.
 *
 * <p>The file is little-endian: the magic {@code XBAR8x8\1}, the training and test counts (ints), the training then
 * test pixels (floats, 64 per image) and the training then test labels (bytes). A load decodes the file and hashes
 * what it decoded, so the values a run uses are the values that verified, even if the file changes meanwhile.
 */
final class Preprocessed {
    /** Magic of format 1: "XBAR8x8" and the version byte. */
    private static final long MAGIC = 0x0138_7838_5241_4258L;

    private static final int HEADER_BYTES = 16;
    private static final int PIXELS = Preprocess.TARGET_SIDE * Preprocess.TARGET_SIDE;
    private static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Images encoded per chunk (64 kB of floats). */
    private static final int CHUNK_IMAGES = 256;

    private Preprocessed() {}

    /** Where the file goes: the name carries the pinned hash, so a file of another version is never read or replaced. */
    static Path file(Path folder, String sha256) {
        return folder.resolve("xbar-8x8-" + sha256.substring(0, 16) + ".bin");
    }

    /**
     * The kept splits, or null when the file is absent. A file that exists but is malformed or does not hash to
     * {@code sha256} is reported on standard error, left as it is (it is not this run's to delete), and ignored.
     *
     * @param file the file ({@link #file})
     * @param sha256 its pinned hash
     * @return the 8x8 splits, or null
     */
    static TrainTest load(Path file, String sha256) {
        try (Arena arena = Arena.ofConfined();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            TrainTest data = decode(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena));
            if (data != null && sha256(data).equals(sha256)) {
                return data;
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            // unreadable, or values out of range: reported below like a wrong hash
        }
        System.err.println("xbar: warning: " + file + " is not the 8x8 data it should be (SHA-256 " + sha256
                + "); ignoring it (delete it and xbar writes it again)");
        return null;
    }

    /**
     * Writes the splits to {@code file} when no file is there (one that did not verify is the user's to delete, as
     * {@link #load} said) and they hash to {@code sha256}, through {@link TempFiles#writeVerified}. Best effort: a
     * folder that cannot be written (a read-only data folder) only means the next run preprocesses again.
     *
     * @param file the file ({@link #file})
     * @param data the 8x8 splits
     * @param sha256 the pinned hash
     */
    static void store(Path file, TrainTest data, String sha256) {
        if (Files.exists(file)) {
            return;
        }
        try {
            TempFiles.writeVerified(file, sha256, out -> encode(data, out));
        } catch (IOException | RuntimeException e) {
            // best effort: see the method comment
        }
    }

    /**
     * The SHA-256 of the file that holds {@code data}.
     *
     * @param data 8x8 splits
     * @return lower-case hex
     */
    static String sha256(TrainTest data) {
        try {
            return Sha256.of(out -> encode(data, out), OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a digest over the null stream does not fail
        }
    }

    /** Writes the file's bytes to {@code out}: one encoder for the file and its hash. */
    private static void encode(TrainTest data, OutputStream out) throws IOException {
        ImageSet train = checked(data.train());
        ImageSet test = checked(data.test());
        ByteBuffer chunk =
                ByteBuffer.allocate(CHUNK_IMAGES * PIXELS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.write(
                chunk.putLong(MAGIC).putInt(train.count()).putInt(test.count()).array(), 0, HEADER_BYTES);
        MemorySegment bytes = MemorySegment.ofArray(chunk.array());
        float[] floats = new float[CHUNK_IMAGES * PIXELS];
        for (ImageSet set : new ImageSet[] {train, test}) {
            for (int first = 0; first < set.count(); first += CHUNK_IMAGES) {
                int images = Math.min(CHUNK_IMAGES, set.count() - first);
                set.copyImages(first, images, floats, 0);
                MemorySegment.copy(floats, 0, bytes, FLOAT_LE, 0, images * PIXELS);
                out.write(chunk.array(), 0, images * PIXELS * Float.BYTES);
            }
        }
        out.write(train.labelBytes());
        out.write(test.labelBytes());
    }

    private static ImageSet checked(ImageSet set) {
        if (set.height() != Preprocess.TARGET_SIDE || set.width() != Preprocess.TARGET_SIDE) {
            throw new IllegalArgumentException("8x8 splits expected, got " + set.height() + "x" + set.width());
        }
        return set;
    }

    /** The splits in {@code file}, or null when its size or header is not that of this format. */
    private static TrainTest decode(MemorySegment file) {
        if (file.byteSize() < HEADER_BYTES
                || file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0) != MAGIC) {
            return null;
        }
        ValueLayout.OfInt intLe = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        int trainCount = file.get(intLe, 8);
        int testCount = file.get(intLe, 12);
        long images = (long) trainCount + testCount;
        if (trainCount < 0
                || testCount < 0
                || images > Integer.MAX_VALUE / PIXELS
                || file.byteSize() != HEADER_BYTES + images * (PIXELS * Float.BYTES + 1)) {
            return null;
        }
        float[] trainPixels = new float[trainCount * PIXELS];
        float[] testPixels = new float[testCount * PIXELS];
        long at = HEADER_BYTES;
        MemorySegment.copy(file, FLOAT_LE, at, trainPixels, 0, trainPixels.length);
        at += (long) trainPixels.length * Float.BYTES;
        MemorySegment.copy(file, FLOAT_LE, at, testPixels, 0, testPixels.length);
        at += (long) testPixels.length * Float.BYTES;
        byte[] trainLabels = file.asSlice(at, trainCount).toArray(ValueLayout.JAVA_BYTE);
        byte[] testLabels = file.asSlice(at + trainCount, testCount).toArray(ValueLayout.JAVA_BYTE);
        return new TrainTest(
                ImageSet.wrap(Preprocess.TARGET_SIDE, Preprocess.TARGET_SIDE, trainPixels, trainLabels),
                ImageSet.wrap(Preprocess.TARGET_SIDE, Preprocess.TARGET_SIDE, testPixels, testLabels));
    }
}
