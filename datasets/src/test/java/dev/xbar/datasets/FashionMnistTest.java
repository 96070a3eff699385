package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Fashion-MNIST loader on small gzipped fixtures laid out like Debian's dataset-fashion-mnist. */
class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void loadsGzippedDebianLayout() throws IOException {
        byte[] trainPx = new byte[2 * 28 * 28];
        trainPx[5] = (byte) 255;
        trainPx[784 + 10] = (byte) 51;
        byte[] testPx = new byte[28 * 28];
        testPx[783] = (byte) 102;
        write("train-images-idx3-ubyte.gz", Fixtures.idxImages(2, 28, 28, trainPx));
        write("train-labels-idx1-ubyte.gz", Fixtures.idxLabels(new byte[] {9, 0}));
        write("t10k-images-idx3-ubyte.gz", Fixtures.idxImages(1, 28, 28, testPx));
        write("t10k-labels-idx1-ubyte.gz", Fixtures.idxLabels(new byte[] {7}));
        TrainTest f = FashionMnist.load(dir);
        assertEquals(2, f.train().count());
        assertEquals(1, f.test().count());
        assertArrayEquals(new int[] {9, 0}, f.train().labels());
        assertEquals(1f, f.train().pixel(0, 0, 5));
        assertEquals(0.2f, f.train().pixel(1, 0, 10), 1e-7f);
        assertEquals(0.4f, f.test().pixel(0, 27, 27), 1e-7f);
        assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(f.train().label(0)));
    }

    @Test
    void missingFilesSayHowToInstall() {
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    }

    private void write(String name, byte[] raw) throws IOException {
        Files.write(dir.resolve(name), Fixtures.gzip(raw));
    }
}
