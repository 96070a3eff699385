package dev.xbar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchPaceTest {
    @Test
    void theTimeBeyondTheSteadyPaceIsTheWarmUp() {
        // 50 batches of 20 ms warming up, then 350 of 1 ms with an outlier of 100 ms (a collector's pause) late on
        final long[] nanos = new long[400];
        Arrays.fill(nanos, 0, 50, 20_000_000L);
        Arrays.fill(nanos, 50, 400, 1_000_000L);
        nanos[300] = 100_000_000L;
        final BatchPace.Summary s = BatchPace.summarise(nanos);
        assertEquals(1.0, s.steadyMillis(), 1e-12, "the median of the last half ignores the outlier");
        assertEquals(200, s.steadyOf());
        assertEquals((50 * 20 + 349 + 100) / 1e3, s.batchSeconds(), 1e-12);
        assertEquals((50 * 19 + 99) / 1e3, s.beyondSeconds(), 1e-12);
        assertEquals(50 * 19 / 1e3, s.beyondFirstSeconds(), 1e-12, "the first 200 batches hold the warm-up");
    }

    @Test
    void anEvenHalfTakesTheMeanOfItsMiddleTwo() {
        final BatchPace.Summary s = BatchPace.summarise(new long[] {9_000_000L, 9_000_000L, 3_000_000L, 1_000_000L});
        assertEquals(2.0, s.steadyMillis(), 1e-12);
        assertEquals(2, s.steadyOf());
        assertEquals((22 - 8) / 1e3, s.beyondSeconds(), 1e-12);
        assertEquals(s.beyondSeconds(), s.beyondFirstSeconds(), 1e-12, "a run shorter than the first 200");
    }

    @Test
    void theLineNamesTheBatchesAndEachTestPass() {
        final BatchPace pace = new BatchPace(3, 2);
        assertNull(pace.summary(), "no line before a batch");
        pace.batchDone();
        pace.batchDone();
        pace.epochDone();
        pace.batchDone();
        pace.epochDone();
        pace.batchDone(); // beyond the capacity given: not counted, and no exception
        final String line = pace.summary();
        assertTrue(line.startsWith("xbar: pace: 3 batches in "), line);
        assertTrue(line.contains("(median of the last 2)"), line);
        assertTrue(line.contains("(") && line.contains("in the first 3)"), line);
        assertTrue(line.matches(".*; test passes \\d+\\.\\d\\d, \\d+\\.\\d\\d s"), line);
    }
}
