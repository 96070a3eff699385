package dev.xbar.datasets;

import java.util.Objects;

/**
 * A dataset's training and test images.
 *
 * @param train the training split
 * @param test the test split
 */
public record TrainTest(ImageSet train, ImageSet test) {
    /** Checks that both splits are there. */
    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    /**
     * Both splits through the paper's 8x8 preprocessing: the central 20x20 pixels of each 28x28 image, area-averaged
     * down to 8x8 (mass conserving; pixels stay in [0, 1]).
     *
     * @return the 8x8 splits
     */
    public TrainTest to8x8() {
        return new TrainTest(Preprocess.to8x8(train), Preprocess.to8x8(test));
    }
}
