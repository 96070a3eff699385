package dev.xbar.datasets;

import java.util.Objects;

/**
 * A dataset's training and test images.
 *
 * @param train the training split
 * @param test the test split
 */
public record TrainTest(ImageSet train, ImageSet test) {
    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    /** Both splits through the paper's 8x8 preprocessing ({@link Preprocess#to8x8(ImageSet)}). */
    public TrainTest to8x8() {
        return new TrainTest(Preprocess.to8x8(train), Preprocess.to8x8(test));
    }
}
