package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict IDX reader on small generated files: good ones read back exactly, bad ones fail naming the file. */
class IdxTest {
    @TempDir
    Path dir;

    private static final byte[] PIXELS = pixels(3 * 4 * 5);

    private static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37);
        }
        return b;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void readsRawAndGzippedImagesIdentically() throws IOException {
        byte[] file = Fixtures.idxImages(3, 4, 5, PIXELS);
        IdxImages raw = Idx.readImages(write("img", file));
        IdxImages gz = Idx.readImages(write("img.gz", Fixtures.gzip(file)));
        for (IdxImages r : new IdxImages[] {raw, gz}) {
            assertEquals(3, r.count());
            assertEquals(4, r.rows());
            assertEquals(5, r.cols());
            assertArrayEquals(
                    PIXELS,
                    Arrays.copyOfRange(
                            r.pixels().data(), r.pixels().offset(), r.pixels().data().length));
        }
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        byte[] labels = {1, 2, 3};
        assertArrayEquals(labels, Idx.readLabels(write("labels-no-suffix", Fixtures.gzip(Fixtures.idxLabels(labels)))));
    }

    @Test
    void truncatedImagesNameTheFileAndTheSizes() throws IOException {
        byte[] file = Arrays.copyOf(Fixtures.idxImages(3, 4, 5, PIXELS), 16 + 20);
        Path p = write("train-images-idx3-ubyte", file);
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readImages(p));
        assertEquals(
                "train-images-idx3-ubyte: header says 3x4x5 = 60 bytes but 20 remain (truncated) in " + p,
                e.getMessage());
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        Path p = write("lab", Arrays.copyOf(Fixtures.idxLabels(new byte[] {1, 2}), 8 + 5));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readLabels(p));
        assertTrue(e.getMessage().contains("header says 2 = 2 bytes but 5 remain (trailing data)"), e.getMessage());
    }

    @Test
    void labelFileReadAsImagesReportsBothMagics() throws IOException {
        Path p = write("t10k-labels-idx1-ubyte", Fixtures.idxLabels(new byte[20]));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readImages(p));
        assertTrue(e.getMessage().startsWith(p + ": magic 2049"), e.getMessage());
        assertTrue(e.getMessage().contains("has 2051"), e.getMessage());
        assertTrue(e.getMessage().contains("IDX rank 1, expected 3"), e.getMessage());
    }

    @Test
    void nonIdxAndWrongTypeAreRejected() throws IOException {
        Path text =
                write("readme.txt", "hello world, this is not IDX".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(assertThrows(DatasetException.class, () -> Idx.readImages(text))
                .getMessage()
                .contains("not an IDX file"));
        byte[] floats = Fixtures.idxLabels(new byte[4]);
        floats[2] = 0x0d; // IDX type code of 32-bit floats
        Path f = write("floats", floats);
        assertTrue(assertThrows(DatasetException.class, () -> Idx.readLabels(f))
                .getMessage()
                .contains("IDX data type 0x0d, expected 0x08"));
    }

    @Test
    void shortHeaderAndBadDimensions() throws IOException {
        Path tiny = write("tiny", new byte[] {0, 0, 8, 3, 0});
        assertTrue(assertThrows(DatasetException.class, () -> Idx.readImages(tiny))
                .getMessage()
                .contains("5 bytes, shorter than the 16-byte IDX image header"));
        byte[] neg = Fixtures.idxImages(0, 4, 5, new byte[0]);
        ByteBuffer.wrap(neg).putInt(4, -1);
        Path p = write("neg", neg);
        assertTrue(assertThrows(DatasetException.class, () -> Idx.readImages(p))
                .getMessage()
                .contains("dimension 0 of the header is -1"));
        byte[] zeroRows = Fixtures.idxImages(0, 0, 5, new byte[0]);
        Path z = write("zero", zeroRows);
        assertTrue(assertThrows(DatasetException.class, () -> Idx.readImages(z))
                .getMessage()
                .contains("dimension 1 of the header is 0"));
    }

    @Test
    void corruptAndTruncatedGzipNameTheFile() throws IOException {
        byte[] gz = Fixtures.gzip(Fixtures.idxImages(3, 4, 5, PIXELS));
        Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length - 12));
        DatasetException e1 = assertThrows(DatasetException.class, () -> Idx.readImages(cut));
        assertTrue(e1.getMessage().startsWith(cut + ": corrupt or truncated gzip data"), e1.getMessage());
        byte[] flipped = gz.clone();
        flipped[gz.length - 6] ^= 0x5a; // inside the CRC-32/size trailer
        Path bad = write("bad.gz", flipped);
        DatasetException e2 = assertThrows(DatasetException.class, () -> Idx.readImages(bad));
        assertTrue(e2.getMessage().startsWith(bad + ": corrupt or truncated gzip data"), e2.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("nothing-here");
        assertEquals(
                p + ": no such file",
                assertThrows(DatasetException.class, () -> Idx.readLabels(p)).getMessage());
    }

    @Test
    void imageSetChecksLabelCountAndRange() throws IOException {
        Path img = write("img", Fixtures.idxImages(3, 4, 5, PIXELS));
        Path two = write("two", Fixtures.idxLabels(new byte[] {0, 1}));
        assertTrue(assertThrows(DatasetException.class, () -> ImageSet.read(img, two, 10))
                .getMessage()
                .contains("2 labels but " + img + " holds 3 images"));
        Path big = write("big", Fixtures.idxLabels(new byte[] {0, 1, 12}));
        assertTrue(assertThrows(DatasetException.class, () -> ImageSet.read(img, big, 10))
                .getMessage()
                .contains("label 12 at item 2, expected 0..9"));
        ImageSet ok = ImageSet.read(img, write("ok", Fixtures.idxLabels(new byte[] {0, 1, 9})), 10);
        assertEquals((PIXELS[4 * 5 + 2 * 5 + 3] & 0xff) / 255f, ok.pixel(1, 2, 3));
        assertEquals(9, ok.label(2));
    }
}
