package dev.xbar.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research): a harder drop-in for MNIST with the same IDX layout,
 * 60,000 + 10,000 images of 28x28 in 10 classes. Read from Debian's {@code dataset-fashion-mnist} package, which
 * installs the four gzipped files under {@code /usr/share/datasets/fashion-mnist/}. {@link #load(Path)} reads any
 * folder of IDX files (the strict reader checks their structure); {@link #fetchAndLoad(Path)}, which the CLI uses,
 * reads only files whose content has the pinned SHA-256 (pinned in this class), fetching them first.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} puts the files. */
    public static final Path DEBIAN_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    /** Class names, index = label. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * The four files (train images and labels, test images and labels) with the SHA-256 and size of their raw
     * content, computed from Debian's {@code dataset-fashion-mnist 0.0~git20200523.55506a9-1}, whose {@code .gz} files
     * are Zalando's with the gzip header's time set to the package's build time (so Zalando's published MD5s of the
     * {@code .gz} files do not match them; the README says how they were cross-checked).
     */
    static final List<PinnedFile> FILES = List.of(
            new PinnedFile(
                    "train-images-idx3-ubyte",
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    47_040_016L),
            new PinnedFile(
                    "train-labels-idx1-ubyte",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    60_008L),
            new PinnedFile(
                    "t10k-images-idx3-ubyte",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    7_840_016L),
            new PinnedFile(
                    "t10k-labels-idx1-ubyte",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
                    10_008L));

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
     * Fetches the files into {@code folder} if needed ({@link FashionMnistFetcher}, idempotent), then loads the
     * verified ones.
     *
     * @param folder where the files are or go
     * @return the 28x28 splits, pixels in [0, 1]
     * @throws DatasetException when the files cannot be fetched or loaded
     */
    public static TrainTest fetchAndLoad(Path folder) {
        // as for MNIST: a ready folder is read once, and parsed from the bytes that were hashed; only a folder that is
        // not ready goes through the fetcher, which checks the files again
        PinnedFile.Copy[] copies = copies(folder, FILES);
        if (Arrays.asList(copies).contains(null)) {
            new FashionMnistFetcher(folder).fetch();
            copies = copies(folder, FILES);
        }
        return trainTest(folder, FILES, copies);
    }

    /**
     * Whether all four files in {@code folder} have the pinned content.
     *
     * @param folder the folder
     * @return true when each verifies (hashes its content: about a quarter of a second)
     */
    public static boolean verified(Path folder) {
        return PinnedFile.unverified(FILES, folder).isEmpty();
    }

    /** Loads the four {@code files} from {@code folder}, each only if it verifies. */
    static TrainTest loadVerified(Path folder, List<PinnedFile> files) {
        return trainTest(folder, files, copies(folder, files));
    }

    /** The verified copy of each file in {@code folder}, null where none verifies. */
    private static PinnedFile.Copy[] copies(Path folder, List<PinnedFile> files) {
        PinnedFile.Copy[] copies = new PinnedFile.Copy[files.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = files.get(i).verified(folder);
        }
        return copies;
    }

    private static TrainTest trainTest(Path folder, List<PinnedFile> files, PinnedFile.Copy[] copies) {
        for (int i = 0; i < copies.length; i++) {
            if (copies[i] == null) {
                throw new DatasetException(
                        "Fashion-MNIST in " + folder + ": " + files.get(i).fileName() + " does not verify");
            }
        }
        return new TrainTest(split(copies[0], copies[1]), split(copies[2], copies[3]));
    }

    /** A split from the verified contents of its image and label files (each file read once). */
    private static ImageSet split(PinnedFile.Copy images, PinnedFile.Copy labels) {
        return ImageSet.read(images.path(), images.content(), labels.path(), labels.content(), CLASS_NAMES.size());
    }

    /**
     * The pinned SHA-256 of each file's raw content, by file name.
     *
     * @return file name to hash, in file order
     */
    public static Map<String, String> fileHashes() {
        Map<String, String> m = new LinkedHashMap<>();
        for (PinnedFile f : FILES) {
            m.put(f.fileName(), f.sha256());
        }
        return m;
    }

    /**
     * Loads from {@code folder}, which holds the four files as {@code name} or {@code name.gz}.
     *
     * @param folder the folder
     * @return the 28x28 splits, pixels in [0, 1]
     * @throws DatasetException when a file is missing (the message gives the install command) or malformed
     */
    public static TrainTest load(Path folder) {
        Path[] paths = new Path[FILES.size()];
        for (int i = 0; i < paths.length; i++) {
            List<Path> found = Idx.candidates(folder, FILES.get(i).fileName());
            if (found.isEmpty()) {
                throw new DatasetException("Fashion-MNIST not found: "
                        + folder.resolve(FILES.get(i).fileName() + Idx.GZIP_SUFFIX)
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
