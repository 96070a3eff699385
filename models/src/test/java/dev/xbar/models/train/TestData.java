package dev.xbar.models.train;

import dev.xbar.datasets.DatasetCache;
import dev.xbar.datasets.ImageSet;
import dev.xbar.datasets.Mnist;
import dev.xbar.datasets.TrainTest;

/** The real MNIST, fetched (idempotently) into the default cache and reduced to 8x8 once per test JVM. */
final class TestData {
    private static TrainTest mnist;

    private TestData() {}

    static synchronized TrainTest mnist8x8() {
        if (mnist == null) {
            mnist = Mnist.fetchAndLoad(DatasetCache.resolve(null)).to8x8();
        }
        return mnist;
    }

    /** The first {@code train} and {@code test} images of the 8x8 MNIST. */
    static TrainTest mnist8x8(final int train, final int test) {
        final TrainTest all = mnist8x8();
        return new TrainTest(first(all.train(), train), first(all.test(), test));
    }

    private static ImageSet first(final ImageSet set, final int n) {
        final float[] pixels = new float[n * set.pixelsPerImage()];
        final byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            set.copyImage(i, pixels, i * set.pixelsPerImage());
            labels[i] = (byte) set.label(i);
        }
        return ImageSet.of(set.height(), set.width(), pixels, labels);
    }
}
