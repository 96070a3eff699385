package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The official files through the fetcher and the strict reader, against the facts in DATA-AND-CLUSTER.md. */
class RealMnistTest {
    @Test
    void countsAndShapes() {
        TrainTest m = RealMnist.original();
        assertEquals(60_000, m.train().count());
        assertEquals(10_000, m.test().count());
        assertEquals(28, m.train().height());
        assertEquals(28, m.test().width());
    }

    @Test
    void firstTenLabels() {
        TrainTest m = RealMnist.original();
        assertArrayEquals(
                new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4},
                java.util.Arrays.copyOf(m.train().labels(), 10));
        assertArrayEquals(
                new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9},
                java.util.Arrays.copyOf(m.test().labels(), 10));
    }

    @Test
    void classCounts() {
        TrainTest m = RealMnist.original();
        assertArrayEquals(
                new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                m.train().classCounts(10));
        assertArrayEquals(
                new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
                m.test().classCounts(10));
    }

    @Test
    void meanPixelMatchesTheKnownValues() {
        TrainTest m = RealMnist.original();
        // the reference values are given to 4 decimals
        assertEquals(0.1307, m.train().meanPixel(), 5e-5);
        assertEquals(0.1325, m.test().meanPixel(), 5e-5);
    }

    @Test
    void infoReportsVerifiedFilesAndSummaries() throws Exception {
        MnistInfo info = Mnist.info(RealMnist.folder());
        assertTrue(info.verified());
        assertEquals(4, info.files().size());
        for (FileStatus s : info.files()) {
            assertEquals(FileStatus.State.VERIFIED, s.state(), s.detail());
            assertTrue(Files.isRegularFile(s.path().orElseThrow()));
        }
        SplitSummary train = info.train().orElseThrow();
        assertEquals(60_000, train.count());
        assertEquals(
                List.of(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009),
                info.test().orElseThrow().classCounts());
        assertEquals(0.1307, train.meanPixel(), 5e-5);
    }

    @Test
    void eightByEightOfRealDigitsStaysInRangeAndConservesMass() {
        TrainTest m = RealMnist.original();
        TrainTest s = RealMnist.small();
        assertEquals(8, s.train().height());
        assertEquals(60_000, s.train().count());
        assertArrayEquals(m.test().labels(), s.test().labels());
        float[] full = new float[28 * 28];
        float[] small = new float[64];
        for (int i = 0; i < m.test().count(); i += 97) {
            m.test().copyImage(i, full, 0);
            s.test().copyImage(i, small, 0);
            double crop = 0;
            for (int r = 4; r < 24; r++) {
                for (int c = 4; c < 24; c++) {
                    crop += full[r * 28 + c];
                }
            }
            double mass = 0;
            for (float v : small) {
                assertTrue(v >= 0f && v <= 1f, "value " + v + " in image " + i);
                mass += v;
            }
            assertEquals(crop, mass * 6.25, 1e-4 * (1 + crop), "image " + i);
        }
    }
}
