package dev.xbar.cli;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a training run's batches were paced, for {@link PhaseClock}'s timings: each batch's time, and each epoch's
 * test pass (with its checkpoint) apart. The run's steady pace is the median batch of its last half; the time beyond
 * it is the warm-up (the JIT compiling the kernels while the run interprets them), most of it in the first batches.
 * That is the part of a default run which a faster kernel does not shorten, and which the whole-command timings alone
 * do not show. Times go into arrays sized at the start, so a batch records without allocating.
 */
final class BatchPace {
    /** Batches counted as the start of a run in the summary: about where a default run reaches its steady pace. */
    static final int FIRST = 200;

    private final long[] batches;
    private final long[] tests;
    private int batchCount;
    private int testCount;
    private long last;

    /**
     * A pace for a run of at most that many batches and epochs, its clock starting now.
     *
     * @param batches batches the run will train
     * @param epochs epochs the run will train (one test pass each)
     */
    BatchPace(final int batches, final int epochs) {
        this.batches = new long[batches];
        this.tests = new long[epochs];
        this.last = System.nanoTime();
    }

    /** A batch has ended: the time since the last batch or test pass ended. */
    void batchDone() {
        final long now = System.nanoTime();
        if (batchCount < batches.length) {
            batches[batchCount++] = now - last;
        }
        last = now;
    }

    /** An epoch's test pass (and checkpoint) has ended: the time since its last batch. */
    void epochDone() {
        final long now = System.nanoTime();
        if (testCount < tests.length) {
            tests[testCount++] = now - last;
        }
        last = now;
    }

    /**
     * The summary line, e.g. {@code xbar: pace: 1200 batches in 2.52 s, 0.86 ms each at the steady pace (median of
     * the last 600), 1.49 s beyond it (1.21 s in the first 200); test passes 0.13, 0.09 s}; null before a batch.
     */
    String summary() {
        if (batchCount == 0) {
            return null;
        }
        final Summary s = summarise(Arrays.copyOf(batches, batchCount));
        final StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "xbar: pace: %d batches in %.2f s, %.2f ms each at the steady pace (median of the last %d),"
                        + " %.2f s beyond it (%.2f s in the first %d)",
                batchCount,
                s.batchSeconds(),
                s.steadyMillis(),
                s.steadyOf(),
                s.beyondSeconds(),
                s.beyondFirstSeconds(),
                Math.min(FIRST, batchCount)));
        for (int e = 0; e < testCount; e++) {
            line.append(e == 0 ? "; test passes " : ", ").append(String.format(Locale.ROOT, "%.2f", tests[e] / 1e9));
        }
        return line.append(testCount > 0 ? " s" : "").toString();
    }

    /**
     * The pace of a run's batches.
     *
     * @param batchSeconds all batches' time
     * @param steadyMillis the median batch of the last half
     * @param steadyOf batches in that half
     * @param beyondSeconds all batches' time beyond the steady pace
     * @param beyondFirstSeconds the first {@link #FIRST} batches' time beyond it
     */
    record Summary(
            double batchSeconds, double steadyMillis, int steadyOf, double beyondSeconds, double beyondFirstSeconds) {}

    /**
     * Summarises batch times.
     *
     * @param batchNanos each batch's nanoseconds, in order; at least one
     * @return the summary
     */
    static Summary summarise(final long[] batchNanos) {
        final int n = batchNanos.length;
        final int steadyOf = n - n / 2;
        final long[] lastHalf = Arrays.copyOfRange(batchNanos, n / 2, n);
        Arrays.sort(lastHalf);
        final double steady = steadyOf % 2 == 1
                ? lastHalf[steadyOf / 2]
                : (lastHalf[steadyOf / 2 - 1] + lastHalf[steadyOf / 2]) / 2.0;
        double total = 0;
        double beyondFirst = 0;
        for (int i = 0; i < n; i++) {
            total += batchNanos[i];
            if (i < FIRST) {
                beyondFirst += batchNanos[i] - steady;
            }
        }
        return new Summary(total / 1e9, steady / 1e6, steadyOf, (total - n * steady) / 1e9, beyondFirst / 1e9);
    }
}
