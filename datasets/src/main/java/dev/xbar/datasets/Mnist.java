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
        return load(MnistFiles.find(folder));
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
        // verified files are read once, and parsed from the bytes that were hashed; only a folder that is not ready
        // goes through the fetcher, which checks them again
        List<MnistFiles.Found> files = MnistFiles.find(cache.folder());
        if (!files.stream().allMatch(f -> f.status().verified())) {
            for (String repair : new MnistFetcher(cache.folder()).fetch().repairs()) {
                System.err.println("xbar: warning: " + repair);
            }
            files = MnistFiles.find(cache.folder());
        }
        return load(files);
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

    private static TrainTest load(List<MnistFiles.Found> files) {
        return new TrainTest(
                split(files, MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS),
                split(files, MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS));
    }

    private static ImageSet split(List<MnistFiles.Found> files, MnistFile images, MnistFile labels) {
        List<FileStatus> statuses = files.stream().map(MnistFiles.Found::status).toList();
        Path imagePath = MnistFiles.verifiedPath(statuses, images);
        Path labelPath = MnistFiles.verifiedPath(statuses, labels);
        ImageSet set = ImageSet.read(
                imagePath,
                files.get(images.ordinal()).content(),
                labelPath,
                files.get(labels.ordinal()).content(),
                CLASSES);
        if (set.height() != SIDE || set.width() != SIDE) {
            throw new DatasetException(
                    imagePath + ": images are " + set.height() + "x" + set.width() + ", MNIST has 28x28");
        }
        return set;
    }
}
