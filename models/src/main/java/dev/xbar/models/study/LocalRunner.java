package dev.xbar.models.study;

import dev.xbar.core.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs trials on this machine's cores: {@code threads} platform threads take the next trial from a shared cursor.
 * Each trial is a pure function of the study and its id, so the results (all but their timings) are the same for any
 * thread count; only the order in which they reach the sink differs.
 */
public final class LocalRunner implements TrialRunner {
    private final int threads;

    /**
     * A runner on a number of threads.
     *
     * @param threads worker threads, at least 1
     */
    public LocalRunner(final int threads) {
        this.threads = Check.range("threads", threads, 1, 4096);
    }

    /**
     * The thread count.
     *
     * @return threads
     */
    public int threads() {
        return threads;
    }

    @Override
    public void run(
            final Study study,
            final TrialFunction function,
            final List<TrialId> ids,
            final Consumer<TrialResult> sink) {
        if (ids.isEmpty()) {
            return;
        }
        function.prepare(study);
        final AtomicInteger cursor = new AtomicInteger();
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        final Object sinkLock = new Object();
        final Runnable worker = () -> {
            int i;
            while (failure.get() == null && (i = cursor.getAndIncrement()) < ids.size()) {
                final TrialId id = ids.get(i);
                final TrialResult result;
                try {
                    result = function.execute(study, id);
                } catch (final RuntimeException | Error e) {
                    failure.compareAndSet(null, new TrialFailedException(id, e));
                    return;
                }
                synchronized (sinkLock) {
                    if (failure.get() != null) {
                        return;
                    }
                    try {
                        sink.accept(result);
                    } catch (final RuntimeException e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                }
            }
        };
        final int n = Math.min(threads, ids.size());
        final List<Thread> started = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            started.add(Thread.ofPlatform().name("xbar-trial-" + t).start(worker));
        }
        for (final Thread t : started) {
            joinUninterruptibly(t);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void joinUninterruptibly(final Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
