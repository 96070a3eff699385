package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept 8x8 splits: the documented layout, exact round trips, files that do not verify, and the pinned hashes. */
class PreprocessedTest {
    @TempDir
    Path dir;

    /** 300 training images straddle the encoder's 256-image chunks; 7 test images are less than one. */
    private static TrainTest randomSplits(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new TrainTest(randomSet(random, 300), randomSet(random, 7));
    }

    private static ImageSet randomSet(SplittableRandom random, int count) {
        float[] pixels = new float[count * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(4) == 0 ? 0f : (float) random.nextDouble();
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(10);
        }
        return ImageSet.of(8, 8, pixels, labels);
    }

    /** The file as the class comment describes it, written here without the code under test. */
    private static byte[] documentedLayout(TrainTest data) {
        List<ImageSet> sets = List.of(data.train(), data.test());
        int images = data.train().count() + data.test().count();
        ByteBuffer b = ByteBuffer.allocate(16 + images * (64 * 4 + 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put("XBAR8x8".getBytes(StandardCharsets.US_ASCII)).put((byte) 1);
        b.putInt(data.train().count()).putInt(data.test().count());
        for (ImageSet set : sets) {
            for (int i = 0; i < set.count(); i++) {
                for (float v : set.image(i)) {
                    b.putFloat(v);
                }
            }
        }
        for (ImageSet set : sets) {
            for (int label : set.labels()) {
                b.put((byte) label);
            }
        }
        return b.array();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void assertSameSplits(TrainTest expected, TrainTest actual) {
        for (int s = 0; s < 2; s++) {
            ImageSet e = s == 0 ? expected.train() : expected.test();
            ImageSet a = s == 0 ? actual.train() : actual.test();
            assertEquals(e.count(), a.count());
            assertArrayEquals(e.labels(), a.labels());
            for (int i = 0; i < e.count(); i++) {
                float[] ei = e.image(i);
                float[] ai = a.image(i);
                for (int k = 0; k < ei.length; k++) {
                    assertEquals(Float.floatToRawIntBits(ei[k]), Float.floatToRawIntBits(ai[k]), "image " + i);
                }
            }
        }
    }

    @Test
    void theFileHasTheDocumentedLayoutAndRoundTripsBitForBit() throws Exception {
        TrainTest data = randomSplits(1);
        byte[] expected = documentedLayout(data);
        String sha = sha256(expected);
        assertEquals(sha, Preprocessed.sha256(data));

        Path file = Preprocessed.file(dir, sha);
        Preprocessed.store(file, data, sha);
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertSameSplits(data, Preprocessed.load(file, sha));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temp file is left behind");
        }
    }

    @Test
    void dataThatDoNotHashToThePinAreNotStored() throws Exception {
        TrainTest data = randomSplits(2);
        String other = Preprocessed.sha256(randomSplits(3));
        Path file = Preprocessed.file(dir, other);
        Preprocessed.store(file, data, other);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
        assertNull(Preprocessed.load(file, other), "an absent file is no data");
    }

    @Test
    void aDamagedFileIsReportedIgnoredAndLeftAsItIs() throws Exception {
        TrainTest data = randomSplits(4);
        String sha = Preprocessed.sha256(data);
        Path file = Preprocessed.file(dir, sha);
        byte[] good = documentedLayout(data);
        SplittableRandom random = new SplittableRandom(5);
        byte[] flipped = good.clone();
        flipped[16 + random.nextInt(good.length - 16)] ^= 1; // a pixel or label bit
        byte[] badMagic = good.clone();
        badMagic[0] = 'Y';
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        byte[] bigCounts = good.clone();
        ByteBuffer.wrap(bigCounts).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
        byte[] outOfRange = good.clone();
        ByteBuffer.wrap(outOfRange).order(ByteOrder.LITTLE_ENDIAN).putFloat(16, 2f);
        for (byte[] bad : List.of(flipped, badMagic, truncated, bigCounts, outOfRange)) {
            Files.write(file, bad);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream saved = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                assertNull(Preprocessed.load(file, sha));
            } finally {
                System.setErr(saved);
            }
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(message.startsWith("xbar: warning: " + file + " is not the 8x8 data"), message);
            assertEquals(1, message.lines().count(), message);
            assertArrayEquals(bad, Files.readAllBytes(file), "left as it was");
        }
    }

    @Test
    void realMnistGoesThroughTheKeptFileWithThePinnedHash() throws IOException {
        Path folder = linkedCopy(RealMnist.folder(), MnistFile.values().length);
        TrainTest first = ImageDataset.MNIST.load8x8(folder);
        assertSameSplits(RealMnist.small(), first);
        Path kept = keptFile(folder);
        assertNotNull(kept, "the first load keeps the splits: they hash to the pinned value");
        assertTrue(Files.size(kept) > 17_000_000, kept + " holds 70,000 images");

        // the second load reads only the kept file: the IDX files may go
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.filter(p -> p.getFileName().toString().contains("-ubyte"))
                    .toList()) {
                Files.delete(p);
            }
        }
        assertSameSplits(RealMnist.small(), ImageDataset.MNIST.fetchAndLoad8x8(folder));
    }

    @Test
    void fashionMnistsPinIsThatOfItsSplits() throws IOException {
        Path home = ImageDataset.FASHION_MNIST.folder(null);
        assumeTrue(
                FashionMnist.verified(home),
                "skipped: Fashion-MNIST is not fetched ('xbar datasets fetch --dataset fashion-mnist')");
        Path folder = linkedCopy(home, FashionMnist.FILES.size());
        TrainTest small = ImageDataset.FASHION_MNIST.load8x8(folder);
        assertNotNull(keptFile(folder), "the splits hash to the pinned value");
        assertSameSplits(ImageDataset.FASHION_MNIST.load(home).to8x8(), small);
    }

    /** A folder of symbolic links to the dataset files of {@code from}, which must hold {@code files} of them. */
    private Path linkedCopy(Path from, int files) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("data"));
        try (Stream<Path> list = Files.list(from)) {
            for (Path p : list.filter(p -> p.getFileName().toString().contains("-ubyte"))
                    .toList()) {
                Files.createSymbolicLink(folder.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        try (Stream<Path> list = Files.list(folder)) {
            assertEquals(files, list.count());
        }
        return folder;
    }

    private static Path keptFile(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            List<Path> kept = list.filter(p -> p.getFileName().toString().startsWith("xbar-8x8-"))
                    .toList();
            assertFalse(kept.size() > 1, kept.toString());
            return kept.isEmpty() ? null : kept.get(0);
        }
    }
}
