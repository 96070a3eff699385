package dev.xbar.datasets;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The synthetic MNIST-sequence dataset of the ConvLSTM experiment. The paper does not define it (paper-spec 4.1, Open
 * question 1); <b>this is our assumption</b>: three distinct digit classes {@code d0, d1, d2} (default 3, 5, 8, which
 * look alike, so the task is not trivially easy) give 3! = 6 classes, one per ordering. A sequence of class {@code c}
 * has 3 frames; frame {@code t} is a random image of digit {@code permutation(c)[t]} from the matching MNIST split
 * (train sequences from MNIST train, test sequences from MNIST test), usually after the 8x8 preprocessing.
 *
 * <p>Class index to ordering: the permutations of the positions (0, 1, 2) in lexicographic order, applied to the
 * configured digits: 0 = (d0, d1, d2), 1 = (d0, d2, d1), 2 = (d1, d0, d2), 3 = (d1, d2, d0), 4 = (d2, d0, d1), 5 =
 * (d2, d1, d0). With the default digits: 358, 385, 538, 583, 835, 853.
 *
 * <p>Reproducibility: {@code root = new SplittableRandom(seed)}; the train split draws from {@code root.split()},
 * then the test split from a second {@code root.split()}. Within a split the labels are first laid out balanced
 * (class {@code c} gets {@code count / 6} sequences, plus one for {@code c < count % 6}), then shuffled by
 * Fisher-Yates, then for each sequence in order and each frame in order one image is drawn uniformly (with
 * replacement across sequences) from the split's images of that digit. Single-threaded, so the same seed gives the
 * same sets on any machine and thread count.
 */
public final class MnistSequence {
    /** Frames per sequence. */
    public static final int FRAMES = 3;
    /** Classes: the orderings of three digits. */
    public static final int CLASSES = 6;

    private static final int[][] ORDERINGS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    /**
     * What to build: the digits, the sizes of the splits and the seed.
     *
     * @param digits three distinct digit classes 0-9, in the order that defines the class numbering
     * @param trainCount sequences drawn from the training split
     * @param testCount sequences drawn from the test split
     * @param seed the seed of all draws
     */
    public record Config(List<Integer> digits, int trainCount, int testCount, long seed) {
        /** Digits 3, 5, 8; 12,000 train and 2,000 test sequences; seed 1. */
        public static final Config DEFAULT = new Config(List.of(3, 5, 8), 12_000, 2_000, 1L);

        /** Copies the digits and checks them and the counts. */
        public Config {
            digits = List.copyOf(digits);
            if (digits.size() != FRAMES || digits.stream().distinct().count() != FRAMES) {
                throw new IllegalArgumentException("need three distinct digits, got " + digits);
            }
            for (int d : digits) {
                if (d < 0 || d >= Mnist.CLASSES) {
                    throw new IllegalArgumentException("digit " + d + " is not in 0..9");
                }
            }
            if (trainCount < 0 || testCount < 0) {
                throw new IllegalArgumentException(
                        "sequence counts must be >= 0, got " + trainCount + " and " + testCount);
            }
        }

        /**
         * The same configuration with another seed.
         *
         * @param newSeed the seed
         * @return the configuration
         */
        public Config withSeed(long newSeed) {
            return new Config(digits, trainCount, testCount, newSeed);
        }
    }

    private final Config config;
    private final SequenceSet train;
    private final SequenceSet test;

    private MnistSequence(Config config, SequenceSet train, SequenceSet test) {
        this.config = config;
        this.train = train;
        this.test = test;
    }

    /**
     * Builds the dataset from MNIST splits (normally {@code Mnist.load(dir).to8x8()}); frames have the size of the
     * given images.
     *
     * @param mnist the MNIST splits to draw frames from
     * @param config the digits, sizes and seed
     * @return the dataset
     * @throws DatasetException if a split holds no image of a configured digit
     */
    public static MnistSequence build(TrainTest mnist, Config config) {
        Objects.requireNonNull(config, "config");
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom trainRng = root.split();
        SplittableRandom testRng = root.split();
        return new MnistSequence(
                config,
                draw(mnist.train(), config, config.trainCount(), trainRng, "train"),
                draw(mnist.test(), config, config.testCount(), testRng, "test"));
    }

    /**
     * The configuration it was built from.
     *
     * @return the configuration
     */
    public Config config() {
        return config;
    }

    /**
     * The training sequences, drawn from the MNIST training split.
     *
     * @return the sequences
     */
    public SequenceSet train() {
        return train;
    }

    /**
     * The test sequences, drawn from the MNIST test split.
     *
     * @return the sequences
     */
    public SequenceSet test() {
        return test;
    }

    /**
     * The digits a class shows.
     *
     * @param cls the class, 0 to 5
     * @return the digits shown by the frames of class {@code cls}, in frame order
     */
    public int[] digitsOf(int cls) {
        int[] order = ORDERINGS[Objects.checkIndex(cls, CLASSES)];
        int[] out = new int[FRAMES];
        for (int t = 0; t < FRAMES; t++) {
            out[t] = config.digits().get(order[t]);
        }
        return out;
    }

    private static SequenceSet draw(ImageSet images, Config config, int count, SplittableRandom rng, String split) {
        int[][] pools = new int[FRAMES][];
        for (int k = 0; k < FRAMES; k++) {
            int digit = config.digits().get(k);
            pools[k] = images.indicesOf(digit);
            if (pools[k].length == 0 && count > 0) {
                throw new DatasetException("the " + split + " images hold no digit " + digit);
            }
        }
        int[] labels = new int[count];
        for (int s = 0; s < count; s++) {
            labels[s] = s % CLASSES;
        }
        for (int s = count - 1; s > 0; s--) {
            int r = rng.nextInt(s + 1);
            int tmp = labels[s];
            labels[s] = labels[r];
            labels[r] = tmp;
        }
        int n = images.pixelsPerImage();
        float[] pixels = new float[count * FRAMES * n];
        int[] source = new int[count * FRAMES];
        for (int s = 0; s < count; s++) {
            int[] order = ORDERINGS[labels[s]];
            for (int t = 0; t < FRAMES; t++) {
                int[] pool = pools[order[t]];
                int image = pool[rng.nextInt(pool.length)];
                source[s * FRAMES + t] = image;
                images.copyImage(image, pixels, (s * FRAMES + t) * n);
            }
        }
        return new SequenceSet(FRAMES, images.height(), images.width(), pixels, labels, source);
    }
}
