package dev.xbar.models.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyRowAndEveryTaskRunsExactlyOnceOnTheFixedSlices() {
        for (int threads = 1; threads <= 3; threads++) {
            try (Parallel parallel = new Parallel(threads)) {
                for (final int rows : new int[] {0, 1, 127, 128, 129, 6400, 6401}) {
                    final int perSlice = 1 + rows % 128;
                    final AtomicIntegerArray seen = new AtomicIntegerArray(rows);
                    parallel.run(rows, perSlice, (slice, from, to) -> {
                        assertEquals(slice * perSlice, from, "slice start");
                        assertEquals(Math.min(rows, from + perSlice), to, "slice end");
                        for (int r = from; r < to; r++) {
                            seen.incrementAndGet(r);
                        }
                    });
                    for (int r = 0; r < rows; r++) {
                        assertEquals(1, seen.get(r), threads + " threads, " + rows + " rows: row " + r);
                    }
                }
                for (final int count : new int[] {0, 1, 3, 50}) {
                    final AtomicIntegerArray seen = new AtomicIntegerArray(count);
                    parallel.each(count, seen::incrementAndGet);
                    for (int k = 0; k < count; k++) {
                        assertEquals(1, seen.get(k), threads + " threads: task " + k + " of " + count);
                    }
                }
            }
        }
    }

    @Test
    void aThreadDoneWithItsOwnSlicesTakesTheOthers() {
        try (Parallel parallel = new Parallel(2)) {
            final int slices = 20;
            final AtomicIntegerArray seen = new AtomicIntegerArray(slices);
            final AtomicInteger byCaller = new AtomicInteger();
            final Thread caller = Thread.currentThread();
            final CountDownLatch callerStarted = new CountDownLatch(1);
            // the caller's first slice holds it long enough for the helper to finish its own half and take the rest;
            // the helper's half waits until the caller has a slice, so that it cannot take everything first
            parallel.run(slices, 1, (slice, from, to) -> {
                seen.incrementAndGet(slice);
                if (Thread.currentThread() == caller) {
                    if (byCaller.getAndIncrement() == 0) {
                        callerStarted.countDown();
                        sleep(200);
                    }
                } else if (slice >= slices / 2) {
                    await(callerStarted);
                }
            });
            for (int s = 0; s < slices; s++) {
                assertEquals(1, seen.get(s), "slice " + s);
            }
            assertEquals(1, byCaller.get(), "slices the caller ran: the helper took all of its home block but one");
        }
    }

    @Test
    void theCallerSleepsWhileAHelperFinishesALongSliceAndIsWokenByIt() {
        try (Parallel parallel = new Parallel(2)) {
            final Thread caller = Thread.currentThread();
            for (int round = 0; round < 5; round++) {
                final CountDownLatch helperStarted = new CountDownLatch(1);
                final AtomicInteger sawCallerParked = new AtomicInteger();
                final AtomicIntegerArray seen = new AtomicIntegerArray(2);
                // slice 0 is the caller's, slice 1 the helper's; the caller finishes first and must wait: it should
                // park (a waiting thread) rather than keep a core busy, and the helper's last slice must wake it
                parallel.run(2, 1, (slice, from, to) -> {
                    seen.incrementAndGet(slice);
                    if (Thread.currentThread() == caller) {
                        await(helperStarted);
                        return;
                    }
                    helperStarted.countDown();
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (System.nanoTime() < deadline) {
                        if (caller.getState() == Thread.State.WAITING) {
                            sawCallerParked.incrementAndGet();
                            return;
                        }
                        sleep(1);
                    }
                });
                assertEquals(1, seen.get(0), "round " + round + ", slice 0");
                assertEquals(1, seen.get(1), "round " + round + ", slice 1");
                assertEquals(1, sawCallerParked.get(), "round " + round + ": the caller parked while it waited");
            }
        }
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailingSliceFailsTheRunWithItsException() {
        try (Parallel parallel = new Parallel(2)) {
            final IllegalArgumentException cause = new IllegalArgumentException("slice 3");
            final IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> parallel.run(1000, 128, (slice, from, to) -> {
                        if (slice == 3) {
                            throw cause;
                        }
                    }));
            assertSame(cause, e.getCause());
            final AtomicInteger slices = new AtomicInteger();
            parallel.run(300, 128, (slice, from, to) -> slices.incrementAndGet());
            assertEquals(3, slices.get(), "the runner still works after a failure");
        }
    }

    @Test
    void aClosedRunnerRefusesParallelWork() {
        final Parallel parallel = new Parallel(2);
        parallel.close();
        assertThrows(IllegalStateException.class, () -> parallel.run(1000, 128, (slice, from, to) -> {}));
    }
}
