package dev.xbar.datasets;

import java.util.Arrays;
import java.util.List;

/**
 * Counts and statistics of one split, for {@code xbar datasets info}.
 *
 * @param count number of images
 * @param height rows per image
 * @param width columns per image
 * @param classCounts images per class, index = class
 * @param meanPixel mean pixel value in [0, 1] (i.e. mean byte / 255)
 */
public record SplitSummary(int count, int height, int width, List<Integer> classCounts, double meanPixel) {
    /** Copies the class counts. */
    public SplitSummary {
        classCounts = List.copyOf(classCounts);
    }

    /**
     * Summarises a split.
     *
     * @param set the images
     * @param classes the number of classes; every label must be below it
     * @return the summary
     */
    public static SplitSummary of(ImageSet set, int classes) {
        int[] counts = set.classCounts(classes);
        return new SplitSummary(
                set.count(),
                set.height(),
                set.width(),
                Arrays.stream(counts).boxed().toList(),
                set.meanPixel());
    }
}
