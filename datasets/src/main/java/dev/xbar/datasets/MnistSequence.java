package dev.xbar.datasets;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The synthetic MNIST-sequence dataset of the ConvLSTM experiment. The paper does not define it (paper-spec 4.1, Open
 * question 1); <b>this is our assumption</b>. A sequence shows {@code frames} digits drawn from the configured digits
 * {@code d0, d1, ...} (distinct, or with repeats allowed); frame {@code t} is a random image of its digit from the
 * matching MNIST split (train sequences from MNIST train, test sequences from MNIST test), usually after the 8x8
 * preprocessing. The {@link Task} turns the digit sequence into the class.
 *
 * <p>The default (the ConvLSTM's published task, {@link Config#DEFAULT}): three distinct digits 3, 5, 8 (which look
 * alike, so the task is not trivially easy), three frames, no repeats, {@link Task#SEQUENCE}: 3! = 6 classes, one per
 * ordering. Any two frames fix the ordering, so that task cannot show whether a network remembers its first frame;
 * {@link Task#SUM} (the sum of the digits mod 10) changes with every frame, so it can.
 *
 * <p>Sequence index to digits: the sequences of positions into the digit list, in lexicographic order (without
 * repeats: the permutations; with repeats: the base-{@code k} numbers of {@code frames} places), applied to the
 * digits. For the default: 0 = (d0, d1, d2), 1 = (d0, d2, d1), 2 = (d1, d0, d2), 3 = (d1, d2, d0), 4 = (d2, d0, d1),
 * 5 = (d2, d1, d0), i.e. 358, 385, 538, 583, 835, 853.
 *
 * <p>Reproducibility: {@code root = new SplittableRandom(seed)}; the train split draws from {@code root.split()},
 * then the test split from a second {@code root.split()}. Within a split the sequence indices are first laid out
 * balanced (sequence {@code i} of {@code n} gets {@code count / n} draws, plus one for {@code i < count % n}), then
 * shuffled by Fisher-Yates, then for each sequence in order and each frame in order one image is drawn uniformly
 * (with replacement across sequences) from the split's images of that digit. Single-threaded, so the same seed gives
 * the same sets on any machine and thread count.
 */
public final class MnistSequence {
    /** Frames per sequence of the default task. */
    public static final int FRAMES = 3;
    /** Classes of the default task: the orderings of three digits. */
    public static final int CLASSES = 6;
    /** The most digit sequences a configuration may allow (they are enumerated). */
    public static final int MAX_SEQUENCES = 1_000_000;
    /** The most frames a sequence may have. */
    public static final int MAX_FRAMES = 16;
    /** The most classes a task may have (labels are stored as bytes). */
    public static final int MAX_CLASSES = 100;

    /** How a sequence of digits becomes its class. */
    public enum Task {
        /** The class is which digit sequence it is (its index, see the class comment): orderings, by default. */
        SEQUENCE("sequence") {
            @Override
            int classes(final int sequences) {
                return sequences;
            }

            @Override
            int label(final int index, final int[] digits) {
                return index;
            }
        },
        /** The class is the sum of the frames' digits mod 10: changing any one frame changes it. */
        SUM("sum") {
            @Override
            int classes(final int sequences) {
                return 10;
            }

            @Override
            int label(final int index, final int[] digits) {
                int sum = 0;
                for (int d : digits) {
                    sum += d;
                }
                return sum % 10;
            }
        };

        private final String id;

        Task(final String id) {
            this.id = id;
        }

        /**
         * The name the CLI and summary.json use.
         *
         * @return "sequence" or "sum"
         */
        public String id() {
            return id;
        }

        /**
         * Looks a task up by {@link #id}.
         *
         * @param name "sequence" or "sum"
         * @return the task
         * @throws IllegalArgumentException for any other name
         */
        public static Task named(final String name) {
            for (Task t : values()) {
                if (t.id.equals(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown sequence task '" + name + "' (expected sequence or sum)");
        }

        abstract int classes(int sequences);

        abstract int label(int index, int[] digits);
    }

    /**
     * What to build: the digits, the frames, the task, the sizes of the splits and the seed.
     *
     * @param digits the distinct digit classes 0-9 the frames show, in the order that defines the sequence numbering
     * @param frames frames per sequence
     * @param repeats whether a digit may appear in more than one frame of a sequence
     * @param task how the digit sequence becomes the class
     * @param trainCount sequences drawn from the training split
     * @param testCount sequences drawn from the test split
     * @param seed the seed of all draws
     */
    public record Config(
            List<Integer> digits, int frames, boolean repeats, Task task, int trainCount, int testCount, long seed) {
        /** Digits 3, 5, 8; three frames, no repeats, the ordering as class; 12,000 train and 2,000 test; seed 1. */
        public static final Config DEFAULT = new Config(List.of(3, 5, 8), 12_000, 2_000, 1L);

        /** Copies the digits and checks them and the counts. */
        public Config {
            digits = List.copyOf(digits);
            Objects.requireNonNull(task, "task");
            if (digits.isEmpty() || digits.stream().distinct().count() != digits.size()) {
                throw new IllegalArgumentException("need one to ten distinct digits, got " + digits);
            }
            for (int d : digits) {
                if (d < 0 || d >= Mnist.CLASSES) {
                    throw new IllegalArgumentException("digit " + d + " is not in 0..9");
                }
            }
            if (frames < 1 || frames > MAX_FRAMES) {
                throw new IllegalArgumentException("frames = " + frames + " must be in 1.." + MAX_FRAMES);
            }
            if (!repeats && frames > digits.size()) {
                throw new IllegalArgumentException(
                        "frames = " + frames + " needs repeats: there are only " + digits.size() + " digits");
            }
            if (sequences(digits.size(), frames, repeats) > MAX_SEQUENCES) {
                throw new IllegalArgumentException("more than " + MAX_SEQUENCES + " digit sequences (" + digits.size()
                        + " digits, " + frames + " frames)");
            }
            int classes = task.classes((int) sequences(digits.size(), frames, repeats));
            if (classes > MAX_CLASSES) {
                throw new IllegalArgumentException(
                        "task " + task.id() + " would have " + classes + " classes, more than " + MAX_CLASSES);
            }
            if (trainCount < 0 || testCount < 0) {
                throw new IllegalArgumentException(
                        "sequence counts must be >= 0, got " + trainCount + " and " + testCount);
            }
        }

        /**
         * The default task ({@link MnistSequence#FRAMES} distinct digits, their orderings as classes) on other digits
         * or sizes.
         *
         * @param digits the digits
         * @param trainCount sequences drawn from the training split
         * @param testCount sequences drawn from the test split
         * @param seed the seed of all draws
         */
        public Config(List<Integer> digits, int trainCount, int testCount, long seed) {
            this(digits, FRAMES, false, Task.SEQUENCE, trainCount, testCount, seed);
        }

        /**
         * The same configuration with another seed.
         *
         * @param newSeed the seed
         * @return the configuration
         */
        public Config withSeed(long newSeed) {
            return new Config(digits, frames, repeats, task, trainCount, testCount, newSeed);
        }

        /**
         * How many digit sequences the configuration allows.
         *
         * @return the number of sequences
         */
        public int sequences() {
            return (int) sequences(digits.size(), frames, repeats);
        }

        /**
         * The task's number of classes.
         *
         * @return the number of classes
         */
        public int classes() {
            return task.classes(sequences());
        }

        private static long sequences(int k, int frames, boolean repeats) {
            long n = 1;
            for (int t = 0; t < frames && n <= MAX_SEQUENCES; t++) {
                n *= repeats ? k : k - t;
            }
            return n;
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
     * The digits shown by the frames of digit sequence {@code index} (for {@link Task#SEQUENCE}, the class), in frame
     * order.
     *
     * @param index the sequence, 0 to {@code config().sequences() - 1}
     * @return its digits, one per frame
     */
    public int[] digitsOf(int index) {
        int[] positions = positions(config, Objects.checkIndex(index, config.sequences()));
        int[] out = new int[positions.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = config.digits().get(positions[t]);
        }
        return out;
    }

    /** The positions into the digit list of sequence {@code index}: its lexicographic rank, decoded place by place. */
    private static int[] positions(Config config, int index) {
        int k = config.digits().size();
        int frames = config.frames();
        int[] out = new int[frames];
        boolean[] used = new boolean[k];
        int rest = index;
        for (int t = 0; t < frames; t++) {
            int below = 1; // sequences per choice at this place
            for (int u = t + 1; u < frames; u++) {
                below *= config.repeats() ? k : k - u;
            }
            int choice = rest / below;
            rest %= below;
            int p = -1;
            for (int seen = -1; seen < choice; ) {
                p++;
                if (config.repeats() || !used[p]) {
                    seen++;
                }
            }
            used[p] = true;
            out[t] = p;
        }
        return out;
    }

    private static SequenceSet draw(ImageSet images, Config config, int count, SplittableRandom rng, String split) {
        int k = config.digits().size();
        int[][] pools = new int[k][];
        for (int i = 0; i < k; i++) {
            int digit = config.digits().get(i);
            pools[i] = images.indicesOf(digit);
            if (pools[i].length == 0 && count > 0) {
                throw new DatasetException("the " + split + " images hold no digit " + digit);
            }
        }
        int sequences = config.sequences();
        int frames = config.frames();
        int[][] positions = new int[sequences][];
        int[] classOf = new int[sequences];
        for (int i = 0; i < sequences; i++) {
            positions[i] = positions(config, i);
            int[] digits = new int[frames];
            for (int t = 0; t < frames; t++) {
                digits[t] = config.digits().get(positions[i][t]);
            }
            classOf[i] = config.task().label(i, digits);
        }
        int[] drawn = new int[count];
        for (int s = 0; s < count; s++) {
            drawn[s] = s % sequences;
        }
        for (int s = count - 1; s > 0; s--) {
            int r = rng.nextInt(s + 1);
            int tmp = drawn[s];
            drawn[s] = drawn[r];
            drawn[r] = tmp;
        }
        int n = images.pixelsPerImage();
        float[] pixels = new float[count * frames * n];
        int[] source = new int[count * frames];
        int[] labels = new int[count];
        for (int s = 0; s < count; s++) {
            int[] order = positions[drawn[s]];
            labels[s] = classOf[drawn[s]];
            for (int t = 0; t < frames; t++) {
                int[] pool = pools[order[t]];
                int image = pool[rng.nextInt(pool.length)];
                source[s * frames + t] = image;
                images.copyImage(image, pixels, (s * frames + t) * n);
            }
        }
        return new SequenceSet(frames, images.height(), images.width(), pixels, labels, source);
    }
}
