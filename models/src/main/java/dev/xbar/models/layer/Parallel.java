package dev.xbar.models.layer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs work over items (samples, rows) in fixed slices, on up to {@code threads} threads.
 *
 * <p>Reproducibility: slice boundaries depend only on the item count and the slice size, never on the thread count, and
 * every slice writes only its own items or its own partial buffer; callers reduce partials in slice order. So a result
 * is bit for bit the same for any thread count. One thread runs everything inline, without a pool.
 *
 * <p>A training step runs three regions per mini-batch ({@link Network}: the samples' passes, the weight gradients'
 * slices, the layers' updates), each some hundreds of microseconds, so the helpers are persistent threads that spin
 * briefly for the next region before parking: waking a parked thread through an executor costs a good part of a region.
 * The calling thread takes slices too. One caller at a time, and a task must not call {@link #run} on the same runner.
 */
public final class Parallel implements AutoCloseable {
    /** Spin-wait rounds (some tens of microseconds) a helper waits for the next region before it parks. */
    private static final int SPINS = 2_000;

    /**
     * Spin-wait rounds (a few hundred microseconds) the caller waits for the helpers' last slices before it parks: in
     * the steady state the helpers finish within it and the caller never sleeps.
     */
    private static final int CALLER_SPINS = 20_000;

    /** What runs on one slice. */
    @FunctionalInterface
    public interface SliceTask {
        /**
         * Processes items [from, to).
         *
         * @param slice the slice index
         * @param from first item
         * @param to one past the last item
         */
        void run(int slice, int from, int to);
    }

    private final int threads;
    private final Thread[] helpers;
    private final AtomicReference<Region> current = new AtomicReference<>();
    private volatile boolean closed;

    /**
     * One parallel region: its work and its own slice cursors. A new object per region (a few hundred bytes, a dozen
     * times per mini-batch) so that a helper still holding the previous one can only find it exhausted: it can never
     * take a slice of the new region with the old task, and the caller never waits for a helper that had nothing to do.
     *
     * <p>Each thread has a home block of consecutive slices (thread k of T: slices [k S / T, (k + 1) S / T)), takes
     * those first, and then takes what is left of the others' blocks. So in a balanced region a sample range runs on
     * the same core in every pass and every mini-batch, and the buffers it writes stay in that core's cache; slices
     * taken from a shared counter moved half of them between cores each pass (measured: the same work took 25-37%
     * longer on two threads than on one).
     */
    private static final class Region {
        /** Ints between two threads' cursors: one cache line of 64 bytes each. */
        private static final int PAD = 16;

        final SliceTask task;
        final int rows;
        final int sliceRows;
        final int slices;
        final int threads;
        final AtomicIntegerArray cursors;
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        /** The thread that started the region and waits for it. */
        final Thread caller = Thread.currentThread();

        /** Set by the caller before it parks: whoever finishes the last slice then wakes it. */
        volatile boolean callerParks;

        Region(final SliceTask task, final int rows, final int sliceRows, final int slices, final int threads) {
            this.task = task;
            this.rows = rows;
            this.sliceRows = sliceRows;
            this.slices = slices;
            this.threads = threads;
            this.cursors = new AtomicIntegerArray(threads * PAD);
            for (int k = 1; k < threads; k++) {
                cursors.lazySet(k * PAD, blockStart(k));
            }
        }

        private int blockStart(final int k) {
            return (int) ((long) k * slices / threads);
        }

        /** Takes and runs slices until none is left: its own block first, then the others' in turn. */
        void work(final int self) {
            for (int k = 0; k < threads; k++) {
                final int block = (self + k) % threads;
                final int end = blockStart(block + 1);
                for (int s = cursors.getAndIncrement(block * PAD); s < end; s = cursors.getAndIncrement(block * PAD)) {
                    try {
                        task.run(s, s * sliceRows, Math.min(rows, (s + 1) * sliceRows));
                    } catch (final RuntimeException | Error e) {
                        failure = e;
                    } finally {
                        if (done.incrementAndGet() == slices && callerParks) {
                            LockSupport.unpark(caller);
                        }
                    }
                }
            }
        }
    }

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
        this.helpers = new Thread[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            final int self = i + 1;
            helpers[i] = new Thread(() -> help(self), "xbar-models-worker-" + self);
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
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
     * Number of slices of a count.
     *
     * @param items items
     * @param perSlice items per slice
     * @return ceil(items / perSlice)
     */
    public static int slices(final int items, final int perSlice) {
        return (items + perSlice - 1) / perSlice;
    }

    /**
     * Runs a task on every slice of {@code perSlice} items (the last one shorter) and returns when all are done.
     *
     * @param items items
     * @param perSlice items per slice, at least 1
     * @param task the task
     * @throws IllegalStateException if a slice failed (its exception is the cause)
     */
    public void run(final int items, final int perSlice, final SliceTask task) {
        if (perSlice < 1) {
            throw new IllegalArgumentException("perSlice = " + perSlice + " must be at least 1");
        }
        start(items, perSlice, task);
    }

    /**
     * Runs {@code count} independent tasks, 0 to count - 1, on the threads and returns when all are done: for a few
     * coarse pieces of work, such as updating each layer of a network on its own block of a chip.
     *
     * @param count tasks
     * @param task the task, given its index
     * @throws IllegalStateException if a task failed (its exception is the cause)
     */
    public void each(final int count, final IntConsumer task) {
        start(count, 1, (index, from, to) -> task.accept(index));
    }

    private void start(final int rows, final int sliceRows, final SliceTask task) {
        final int slices = slices(rows, sliceRows);
        if (helpers.length == 0 || slices < 2) {
            for (int s = 0; s < slices; s++) {
                task.run(s, s * sliceRows, Math.min(rows, (s + 1) * sliceRows));
            }
            return;
        }
        if (closed) {
            throw new IllegalStateException("the runner is closed");
        }
        final Region region = new Region(task, rows, sliceRows, slices, threads);
        current.set(region);
        for (final Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        region.work(0);
        awaitDone(region);
        current.set(null);
        final Throwable failed = region.failure;
        if (failed != null) {
            throw new IllegalStateException("a slice failed: " + failed, failed);
        }
    }

    /**
     * Waits for the helpers to finish a region's last slices: spins for {@link #CALLER_SPINS} rounds, then parks until
     * the thread that finishes the last slice wakes it. It used to yield in a loop instead; in a fresh JVM, where a
     * region runs interpreted for milliseconds, that kept a core busy that the JIT's compiler threads needed.
     */
    private static void awaitDone(final Region region) {
        for (int spins = 0; spins < CALLER_SPINS; spins++) {
            if (region.done.get() == region.slices) {
                return;
            }
            Thread.onSpinWait();
        }
        region.callerParks = true;
        while (region.done.get() < region.slices) {
            LockSupport.park(region);
        }
    }

    /**
     * A helper's loop: wait for a new region and work on it, until closed.
     *
     * @param self the helper's thread index, 1 to threads - 1 (the caller is 0)
     */
    private void help(final int self) {
        Region seen = null;
        while (!closed) {
            seen = next(self, seen);
        }
    }

    /**
     * Waits for a region other than {@code seen}, spinning, and works on it; parks when none comes within {@link
     * #SPINS} rounds. A method of its own because {@link #help} is one call for the thread's life: xbar runs without
     * on-stack replacement, so a wait loop there would stay interpreted and spin at a fraction of the speed while the
     * compiler threads need the core.
     *
     * @param self the helper's thread index
     * @param seen the region worked on last (or null)
     * @return the region worked on now, or {@code seen} after parking
     */
    private Region next(final int self, final Region seen) {
        for (int spins = 0; spins < SPINS; spins++) {
            final Region region = current.get();
            if (region != null && region != seen) {
                region.work(self);
                return region;
            }
            Thread.onSpinWait();
        }
        LockSupport.park(this);
        return seen;
    }

    /** Stops the helper threads. */
    @Override
    public void close() {
        closed = true;
        for (final Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
    }
}
