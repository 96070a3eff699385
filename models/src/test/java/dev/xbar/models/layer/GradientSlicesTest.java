package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GradientSlicesTest {
    private static final int SLICE = Gemm.GRADIENT_SLICE_ROWS;

    @Test
    void everySliceIsSummedOnceInTheRangeThatHoldsItWholeOrLater() {
        final SplittableRandom rng = new SplittableRandom(31);
        final GradientSlices slices = new GradientSlices();
        for (int trial = 0; trial < 500; trial++) {
            final int rows = 1 + rng.nextInt(3 * SLICE + 50);
            final TreeSet<Integer> cuts = new TreeSet<>();
            cuts.add(0);
            cuts.add(rows);
            for (int c = rng.nextInt(6); c > 0; c--) {
                cuts.add(rng.nextInt(rows + 1));
            }
            final Integer[] bounds = cuts.toArray(new Integer[0]);
            slices.begin(rows);
            final int[] summed = new int[slices.count()];
            final int[] rangeOf = new int[slices.count()];
            Arrays.fill(rangeOf, -1);
            // ranges in a random order, as threads finish them
            final int ranges = bounds.length - 1;
            final int start = rng.nextInt(ranges);
            for (int k = 0; k < ranges; k++) {
                final int r = (start + k) % ranges;
                slices.sumWithin(bounds[r], bounds[r + 1], s -> {
                    summed[s]++;
                    rangeOf[s] = r;
                });
            }
            for (int k = 0; k < slices.pending(); k++) {
                summed[slices.pendingSlice(k)]++;
            }
            for (int s = 0; s < slices.count(); s++) {
                final int first = s * SLICE;
                final int last = Math.min(rows, first + SLICE) - 1;
                assertEquals(1, summed[s], rows + " rows cut at " + cuts + ": slice " + s);
                int holder = -1;
                for (int r = 0; r < ranges; r++) {
                    if (bounds[r] <= first && last < bounds[r + 1]) {
                        holder = r;
                    }
                }
                assertEquals(holder, rangeOf[s], rows + " rows cut at " + cuts + ": who summed slice " + s);
            }
        }
    }

    @Test
    void theNetworksRangesLeaveNoConvolutionSliceOfAnEightByEightImage() {
        final GradientSlices slices = new GradientSlices();
        for (final int threads : new int[] {1, 2, 3, 8}) {
            for (final int batch : new int[] {1, 13, 100}) {
                final int size = Network.samplesPerRange(batch, threads);
                slices.begin(64 * batch);
                for (int from = 0; from < batch; from += size) {
                    final int to = Math.min(batch, from + size);
                    slices.sumWithin(64 * from, 64 * to, s -> {});
                }
                assertEquals(0, slices.pending(), "batch " + batch + " on " + threads + " threads");
            }
        }
    }

    @Test
    void aNewBatchStartsWithNothingSummed() {
        final GradientSlices slices = new GradientSlices();
        slices.begin(4 * SLICE);
        slices.sumWithin(0, 4 * SLICE, s -> {});
        assertEquals(0, slices.pending());
        slices.begin(2 * SLICE + 1);
        assertEquals(3, slices.pending());
        assertEquals(2, slices.pendingSlice(2));
    }
}
