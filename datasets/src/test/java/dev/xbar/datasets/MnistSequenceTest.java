package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MNIST-sequence: reproducibility, balance, and that every frame shows the right digit from the right split. */
class MnistSequenceTest {
    private static final MnistSequence.Config CONFIG = MnistSequence.Config.DEFAULT;

    @Test
    void classesAreTheLexicographicOrderingsOfTheDigits() {
        MnistSequence seq = MnistSequence.build(synthetic(), new MnistSequence.Config(List.of(3, 5, 8), 6, 6, 1));
        int[][] expected = {{3, 5, 8}, {3, 8, 5}, {5, 3, 8}, {5, 8, 3}, {8, 3, 5}, {8, 5, 3}};
        for (int c = 0; c < 6; c++) {
            assertArrayEquals(expected[c], seq.digitsOf(c));
        }
    }

    @Test
    void realMnistDefaultsAreBalancedAndFramesComeFromTheRightSplitAndDigit() {
        TrainTest small = RealMnist.small();
        MnistSequence seq = MnistSequence.build(small, CONFIG);
        assertEquals(12_000, seq.train().count());
        assertEquals(2_000, seq.test().count());
        assertArrayEquals(
                new int[] {2000, 2000, 2000, 2000, 2000, 2000}, seq.train().classCounts(6));
        // 2000 = 6 * 333 + 2: the first two classes get one more
        assertArrayEquals(new int[] {334, 334, 333, 333, 333, 333}, seq.test().classCounts(6));
        checkFrames(seq, seq.train(), small.train());
        checkFrames(seq, seq.test(), small.test());
    }

    private static void checkFrames(MnistSequence seq, SequenceSet set, ImageSet split) {
        assertEquals(3, set.frames());
        assertEquals(8, set.height());
        float[] frame = new float[64];
        for (int s = 0; s < set.count(); s++) {
            int[] digits = seq.digitsOf(set.label(s));
            for (int t = 0; t < 3; t++) {
                int src = set.sourceIndex(s, t);
                assertEquals(digits[t], split.label(src), "sequence " + s + " frame " + t);
                set.copyFrame(s, t, frame, 0);
                assertArrayEquals(split.image(src), frame, "sequence " + s + " frame " + t);
            }
        }
    }

    @Test
    void sameSeedSameSetOtherSeedAnotherSet() {
        TrainTest small = RealMnist.small();
        MnistSequence.Config c = new MnistSequence.Config(List.of(3, 5, 8), 1200, 300, 7);
        MnistSequence a = MnistSequence.build(small, c);
        MnistSequence b = MnistSequence.build(small, c);
        MnistSequence other = MnistSequence.build(small, c.withSeed(8));
        assertArrayEquals(fingerprint(a.train()), fingerprint(b.train()));
        assertArrayEquals(fingerprint(a.test()), fingerprint(b.test()));
        assertFalse(Arrays.equals(fingerprint(a.train()), fingerprint(other.train())));
        assertFalse(Arrays.equals(fingerprint(a.test()), fingerprint(other.test())));
    }

    /** Labels and source indices of every sequence: with the frame check above, this pins down the whole set. */
    private static int[] fingerprint(SequenceSet set) {
        int[] out = new int[set.count() * 4];
        for (int s = 0; s < set.count(); s++) {
            out[4 * s] = set.label(s);
            for (int t = 0; t < 3; t++) {
                out[4 * s + 1 + t] = set.sourceIndex(s, t);
            }
        }
        return out;
    }

    @Test
    void trainAndTestUseTheirOwnSplit() {
        // every train image is 0.25, every test image 0.75: a frame from the wrong split would show it
        MnistSequence seq = MnistSequence.build(synthetic(), new MnistSequence.Config(List.of(0, 1, 2), 60, 30, 3));
        for (int s = 0; s < 60; s++) {
            for (float v : seq.train().frame(s, s % 3)) {
                assertEquals(0.25f, v);
            }
        }
        for (int s = 0; s < 30; s++) {
            for (float v : seq.test().frame(s, s % 3)) {
                assertEquals(0.75f, v);
            }
        }
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new MnistSequence.Config(List.of(3, 3, 8), 6, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> new MnistSequence.Config(List.of(3, 5), 6, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> new MnistSequence.Config(List.of(3, 5, 10), 6, 6, 1));
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> MnistSequence.build(synthetic(), new MnistSequence.Config(List.of(0, 1, 9), 6, 6, 1)));
        assertTrue(e.getMessage().contains("no digit 9"), e.getMessage());
    }

    /** Ten 2x2 images per split, labels 0..8 (no 9), train pixels 0.25 and test pixels 0.75. */
    private static TrainTest synthetic() {
        byte[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        float[] train = new float[40];
        float[] test = new float[40];
        Arrays.fill(train, 0.25f);
        Arrays.fill(test, 0.75f);
        return new TrainTest(ImageSet.of(2, 2, train, labels), ImageSet.of(2, 2, test, labels));
    }
}
