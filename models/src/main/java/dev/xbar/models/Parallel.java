package dev.xbar.models;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs work over rows in fixed slices of {@link #SLICE_ROWS}, on up to {@code threads} threads.
 *
 * <p>Reproducibility: slice boundaries depend only on the row count, never on the thread count, and every slice writes
 * only its own rows or its own partial buffer; callers reduce partials in slice order. So a result is bit for bit the
 * same for any thread count. One thread runs everything inline, without a pool.
 */
public final class Parallel implements AutoCloseable {
    /** Rows per slice. */
    public static final int SLICE_ROWS = 128;

    /** What runs on one slice. */
    @FunctionalInterface
    public interface SliceTask {
        /**
         * Processes rows [from, to).
         *
         * @param slice the slice index
         * @param from first row
         * @param to one past the last row
         */
        void run(int slice, int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    /**
     * A runner.
     *
     * @param threads threads to use, 1 to 256
     */
    public Parallel(final int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads = " + threads + " must be in [1, 256]");
        }
        this.threads = threads;
        this.pool = threads == 1
                ? null
                : Executors.newFixedThreadPool(threads - 1, r -> {
                    final Thread t = new Thread(r, "xbar-models-worker");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * The thread count.
     *
     * @return threads
     */
    public int threads() {
        return threads;
    }

    /**
     * Number of slices for a row count.
     *
     * @param rows rows
     * @return ceil(rows / SLICE_ROWS)
     */
    public static int slices(final int rows) {
        return (rows + SLICE_ROWS - 1) / SLICE_ROWS;
    }

    /**
     * Runs a task on every slice of {@code rows} rows and returns when all are done.
     *
     * @param rows rows
     * @param task the task
     */
    public void run(final int rows, final SliceTask task) {
        final int slices = slices(rows);
        if (pool == null || slices < 2) {
            for (int s = 0; s < slices; s++) {
                task.run(s, s * SLICE_ROWS, Math.min(rows, (s + 1) * SLICE_ROWS));
            }
            return;
        }
        final AtomicInteger next = new AtomicInteger();
        final Callable<Void> worker = () -> {
            for (int s = next.getAndIncrement(); s < slices; s = next.getAndIncrement()) {
                task.run(s, s * SLICE_ROWS, Math.min(rows, (s + 1) * SLICE_ROWS));
            }
            return null;
        };
        final List<Future<Void>> futures = new ArrayList<>();
        for (int t = 1; t < Math.min(threads, slices); t++) {
            futures.add(pool.submit(worker));
        }
        try {
            worker.call();
            for (final Future<Void> f : futures) {
                f.get();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running slices", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("a slice failed: " + e.getCause(), e.getCause());
        } catch (final Exception e) {
            throw new IllegalStateException("a slice failed: " + e, e);
        }
    }

    /** Stops the pool's threads. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
