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
    void sumLabelsAreTheSumOfTheShownDigitsMod10() {
        TrainTest small = RealMnist.small();
        MnistSequence.Config c = new MnistSequence.Config(
                List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 4, true, MnistSequence.Task.SUM, 20_000, 3_000, 2);
        MnistSequence seq = MnistSequence.build(small, c);
        assertEquals(10, c.classes());
        assertEquals(10_000, c.sequences());
        checkSums(seq.train(), small.train(), 4);
        checkSums(seq.test(), small.test(), 4);
        // every sequence twice, and each sum mod 10 is reached by 1,000 of the 10,000 sequences
        assertArrayEquals(
                new int[] {2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000},
                seq.train().classCounts(10));
    }

    private static void checkSums(SequenceSet set, ImageSet split, int frames) {
        assertEquals(frames, set.frames());
        for (int s = 0; s < set.count(); s++) {
            int sum = 0;
            for (int t = 0; t < frames; t++) {
                sum += split.label(set.sourceIndex(s, t));
            }
            assertEquals(sum % 10, set.label(s), "sequence " + s);
        }
    }

    @Test
    void sequencesAreNumberedLexicographicallyWithAndWithoutRepeats() {
        List<Integer> digits = List.of(7, 1, 4);
        MnistSequence withRepeats = MnistSequence.build(
                RealMnist.small(), new MnistSequence.Config(digits, 4, true, MnistSequence.Task.SEQUENCE, 0, 0, 1));
        int i = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 3; c++) {
                    for (int d = 0; d < 3; d++) {
                        int[] expected = {digits.get(a), digits.get(b), digits.get(c), digits.get(d)};
                        assertArrayEquals(expected, withRepeats.digitsOf(i++), "sequence " + (i - 1));
                    }
                }
            }
        }
        assertEquals(81, i);
        assertEquals(81, withRepeats.config().classes());
        List<Integer> four = List.of(2, 0, 9, 6);
        MnistSequence pairs = MnistSequence.build(
                RealMnist.small(), new MnistSequence.Config(four, 2, false, MnistSequence.Task.SEQUENCE, 0, 0, 1));
        int j = 0;
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                if (a != b) {
                    assertArrayEquals(new int[] {four.get(a), four.get(b)}, pairs.digitsOf(j++));
                }
            }
        }
        assertEquals(12, j);
        assertEquals(12, pairs.config().sequences());
    }

    @Test
    void aSequenceTaskLabelsEachDrawnSequenceWithItsIndex() {
        TrainTest small = RealMnist.small();
        MnistSequence seq = MnistSequence.build(
                small, new MnistSequence.Config(List.of(1, 2), 3, true, MnistSequence.Task.SEQUENCE, 800, 80, 5));
        for (int s = 0; s < seq.train().count(); s++) {
            int index = 0;
            for (int t = 0; t < 3; t++) {
                index = 2 * index + (small.train().label(seq.train().sourceIndex(s, t)) == 1 ? 0 : 1);
            }
            assertEquals(index, seq.train().label(s), "sequence " + s);
        }
        assertArrayEquals(
                new int[] {100, 100, 100, 100, 100, 100, 100, 100}, seq.train().classCounts(8));
    }

    @Test
    void configIsValidated() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new MnistSequence.Config(List.of(3, 5, 8), 4, false, MnistSequence.Task.SEQUENCE, 6, 6, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MnistSequence.Config(List.of(3, 5, 8), 0, true, MnistSequence.Task.SUM, 6, 6, 1));
        IllegalArgumentException classes = assertThrows(
                IllegalArgumentException.class,
                () -> new MnistSequence.Config(
                        List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 3, true, MnistSequence.Task.SEQUENCE, 6, 6, 1));
        assertTrue(classes.getMessage().contains("1000 classes"), classes.getMessage());
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
