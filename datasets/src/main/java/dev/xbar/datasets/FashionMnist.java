package dev.xbar.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research): a harder drop-in for MNIST with the same IDX layout,
 * 60,000 + 10,000 images of 28x28 in 10 classes. Read from Debian's {@code dataset-fashion-mnist} package, which
 * installs the four gzipped files under {@code /usr/share/datasets/fashion-mnist/}. There is no checksum to verify
 * against here: the package manager vouches for the files, and the strict IDX reader still checks their structure.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} puts the files. */
    public static final Path DEBIAN_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    /** Class names, index = label. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String[] FILES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
    };

    private FashionMnist() {}

    /**
     * Loads from {@link #DEBIAN_FOLDER}.
     *
     * @return the 28x28 splits, pixels in [0, 1]
     * @throws DatasetException when a file is missing (the message gives the install command) or malformed
     */
    public static TrainTest load() {
        return load(DEBIAN_FOLDER);
    }

    /**
     * Loads from {@code folder}, which holds the four files as {@code name} or {@code name.gz}.
     *
     * @param folder the folder
     * @return the 28x28 splits, pixels in [0, 1]
     * @throws DatasetException when a file is missing (the message gives the install command) or malformed
     */
    public static TrainTest load(Path folder) {
        Path[] paths = new Path[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            List<Path> found = Idx.candidates(folder, FILES[i]);
            if (found.isEmpty()) {
                throw new DatasetException("Fashion-MNIST not found: " + folder.resolve(FILES[i] + Idx.GZIP_SUFFIX)
                        + (Files.isDirectory(folder) ? " is missing" : " is missing (no folder " + folder + ")")
                        + ". Install it with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), or put the"
                        + " four IDX files (raw or .gz) in a folder and pass that folder.");
            }
            paths[i] = found.get(0);
        }
        return new TrainTest(
                ImageSet.read(paths[0], paths[1], CLASS_NAMES.size()),
                ImageSet.read(paths[2], paths[3], CLASS_NAMES.size()));
    }
}
