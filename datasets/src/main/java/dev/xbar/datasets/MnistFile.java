package dev.xbar.datasets;

/**
 * The four official MNIST files (LeCun, Cortes and Burges) with the SHA-256 of their raw (decompressed) content, as
 * listed in shared/design/DATA-AND-CLUSTER.md. A file is used only if its content hashes to this value.
 */
public enum MnistFile {
    /** The 60,000 training images. */
    TRAIN_IMAGES(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47_040_016L),
    /** The training labels. */
    TRAIN_LABELS(
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60_008L),
    /** The 10,000 test images. */
    TEST_IMAGES(
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7_840_016L),
    /** The test labels. */
    TEST_LABELS("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10_008L);

    private final PinnedFile pinned;

    MnistFile(String fileName, String sha256, long size) {
        this.pinned = new PinnedFile(fileName, sha256, size);
    }

    /** The file's name, hash and size, which verify a copy of it. */
    PinnedFile pinned() {
        return pinned;
    }

    /**
     * The official name.
     *
     * @return the name, without {@code .gz}
     */
    public String fileName() {
        return pinned.fileName();
    }

    /**
     * The published hash.
     *
     * @return the lower-case hex SHA-256 of the raw content
     */
    public String sha256() {
        return pinned.sha256();
    }

    /**
     * The published size.
     *
     * @return the size of the raw content in bytes (16- or 8-byte header plus data)
     */
    public long size() {
        return pinned.size();
    }
}
