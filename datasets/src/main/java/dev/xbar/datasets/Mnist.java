package dev.xbar.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * MNIST (LeCun, Cortes and Burges): 60,000 training and 10,000 test digits of 28x28, labels 0-9, from the four
 * official IDX files after SHA-256 verification. Typical use:
 *
 * <pre>{@code
 * TrainTest mnist = Mnist.fetchAndLoad(DatasetCache.resolve(null));  // 28x28 originals
 * TrainTest small = mnist.to8x8();                                   // the paper's 8x8 inputs
 * }</pre>
 */
public final class Mnist {
    /** Number of classes (digits 0-9). */
    public static final int CLASSES = 10;
    /** Image side in pixels. */
    public static final int SIDE = 28;

    private Mnist() {}

    /**
     * Loads both splits from {@code folder}, which must hold the four verified files (raw or {@code .gz}).
     *
     * @param folder the folder
     * @return the 28x28 splits, pixels in [0, 1]
     * @throws DatasetException naming any file that is missing, fails verification or is malformed
     */
    public static TrainTest load(Path folder) {
        List<FileStatus> files = MnistFiles.check(folder);
        return new TrainTest(
                split(files, MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS),
                split(files, MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS));
    }

    /**
     * Fetches the files if needed ({@link MnistFetcher}, idempotent), then loads them. A damaged file that had to be
     * replaced is reported on standard error, one line each, since the user must hear about a failing disk.
     *
     * @param cache where the files are or go
     * @return the 28x28 splits, pixels in [0, 1]
     * @throws DatasetException when the files cannot be fetched or loaded
     */
    public static TrainTest fetchAndLoad(DatasetCache cache) {
        for (String repair : new MnistFetcher(cache.folder()).fetch().repairs()) {
            System.err.println("xbar: warning: " + repair);
        }
        return load(cache.folder());
    }

    /**
     * The identity of the data {@link #load} returns: the SHA-256 of the lines {@code "<file> <sha256>\n"} of the four
     * files it verifies, in {@link MnistFile} order. Every successful load has this identity.
     *
     * @return the lower-case hex SHA-256
     */
    public static String sha256() {
        return ImageDataset.MNIST.sha256();
    }

    /**
     * Describes a folder without fetching; the split summaries need all four files verified.
     *
     * @param folder the folder
     * @return what was found
     */
    public static MnistInfo info(Path folder) {
        List<FileStatus> files = MnistFiles.check(folder);
        if (!MnistFiles.allVerified(files)) {
            return new MnistInfo(folder, files, Optional.empty(), Optional.empty());
        }
        TrainTest data = load(folder);
        return new MnistInfo(
                folder,
                files,
                Optional.of(SplitSummary.of(data.train(), CLASSES)),
                Optional.of(SplitSummary.of(data.test(), CLASSES)));
    }

    private static ImageSet split(List<FileStatus> files, MnistFile images, MnistFile labels) {
        Path imagePath = MnistFiles.verifiedPath(files, images);
        Path labelPath = MnistFiles.verifiedPath(files, labels);
        ImageSet set = ImageSet.read(imagePath, labelPath, CLASSES);
        if (set.height() != SIDE || set.width() != SIDE) {
            throw new DatasetException(
                    imagePath + ": images are " + set.height() + "x" + set.width() + ", MNIST has 28x28");
        }
        return set;
    }
}
