package dev.xbar.datasets;

import java.nio.file.Path;

/**
 * The real MNIST files, fetched once per test JVM into the default cache ({@code XBAR_DATA} or
 * {@code ~/.cache/xbar/datasets/mnist}; CI fetches them before the tests, and the fetch is idempotent), and loaded
 * once, because several test classes need them.
 */
final class RealMnist {
    private static Path folder;
    private static TrainTest original;
    private static TrainTest small;

    private RealMnist() {}

    static synchronized Path folder() {
        if (folder == null) {
            folder = new MnistFetcher(DatasetCache.resolve(null).folder())
                    .fetch()
                    .folder();
        }
        return folder;
    }

    static synchronized TrainTest original() {
        if (original == null) {
            original = Mnist.load(folder());
        }
        return original;
    }

    static synchronized TrainTest small() {
        if (small == null) {
            small = original().to8x8();
        }
        return small;
    }
}
