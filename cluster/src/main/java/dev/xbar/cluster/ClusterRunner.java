package dev.xbar.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.durableexecutor.DurableExecutorService;
import com.hazelcast.durableexecutor.DurableExecutorServiceFuture;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.spi.exception.RetryableException;
import dev.xbar.models.study.Study;
import dev.xbar.models.study.TrialFunction;
import dev.xbar.models.study.TrialId;
import dev.xbar.models.study.TrialResult;
import dev.xbar.models.study.TrialRunner;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Runs trials on a Hazelcast cluster. Trials go out in blocks ({@link TrialBlockTask}) through a
 * {@code DurableExecutorService}, which re-runs a block on a backup when its member dies; results land in an
 * {@code IMap} keyed by trial id, one backup, so they outlive any one member. The map is named after the study's hash
 * and a fresh run id, so a run never sees results of an earlier run (a study whose folder was deleted is computed
 * again; resuming is the study folder's job), and it is destroyed when the run ends. Results reach the sink through a
 * map listener as they are stored, and any an event missed are read from the map at the end; each is checked against
 * the trial it claims to be ({@link ResultCheck}) first, and a result that fails the check, or one for a trial that
 * was not asked for, stops the run with an error instead of reaching the sink.
 *
 * <p>At most {@code 2 x threads x members} blocks are in flight. A block whose member left before answering is
 * submitted again (up to 10 times). After any other failure no new block is submitted, the blocks in flight finish,
 * and the failure is thrown.
 */
public final class ClusterRunner implements TrialRunner {
    /** How often one block is submitted before a departed member's failure counts as the block's. */
    private static final int MAX_ATTEMPTS = 10;

    private final HazelcastInstance member;
    private final int threadsPerMember;
    private final int blockSize;

    /**
     * A runner that submits through a member.
     *
     * @param member this process's member
     * @param threadsPerMember trial threads of each member (for the in-flight window)
     * @param blockSize trials per task, 0 for automatic (pending / 64, from 1 to 256)
     */
    public ClusterRunner(final HazelcastInstance member, final int threadsPerMember, final int blockSize) {
        this.member = member;
        this.threadsPerMember = Math.max(1, threadsPerMember);
        if (blockSize < 0) {
            throw new IllegalArgumentException("block size = " + blockSize + " must be 0 (automatic) or positive");
        }
        this.blockSize = blockSize;
    }

    /**
     * The result map's name for one run of a study.
     *
     * @param study the study
     * @param runId the run's id
     * @return {@code xbar-trials-<hash>-<run id>}
     */
    static String mapName(final Study study, final UUID runId) {
        return "xbar-trials-" + study.hash() + "-" + runId;
    }

    /**
     * Runs the trials on the cluster. The given function is this process's: it prepares the data and names its
     * SHA-256, which every member's own function must match; members run their own {@link TrialSource}'s code.
     */
    @Override
    public void run(
            final Study study,
            final TrialFunction function,
            final List<TrialId> ids,
            final Consumer<TrialResult> sink) {
        function.prepare(study);
        final UUID runId = UUID.randomUUID();
        final IMap<TrialId, TrialResult> results = member.getMap(mapName(study, runId));
        final Delivery delivery = new Delivery(study, ids, sink);
        final UUID listener = results.addEntryListener(delivery, true);
        try {
            submitBlocks(study, runId, function.dataSha256(), ids, delivery);
            delivery.deliverAll(results.getAll(delivery.missing()));
            delivery.rethrow();
            if (!delivery.missing().isEmpty()) {
                throw new IllegalStateException(
                        "the cluster finished without " + delivery.missing().size() + " results, e.g. "
                                + delivery.missing().iterator().next());
            }
        } finally {
            if (member.getLifecycleService().isRunning()) {
                results.removeEntryListener(listener);
                results.destroy();
            }
        }
    }

    private void submitBlocks(
            final Study study,
            final UUID runId,
            final String dataSha256,
            final List<TrialId> pending,
            final Delivery delivery) {
        final DurableExecutorService executor = member.getDurableExecutorService(ClusterMember.EXECUTOR);
        final int size = blockSize > 0 ? blockSize : Math.clamp(pending.size() / 64, 1, 256);
        final Window window = new Window(member);
        for (int from = 0; from < pending.size() && window.failure() == null && !delivery.failed(); from += size) {
            final List<TrialId> block = pending.subList(from, Math.min(from + size, pending.size()));
            final int[] points = new int[block.size()];
            final int[] trials = new int[block.size()];
            for (int i = 0; i < block.size(); i++) {
                points[i] = block.get(i).point();
                trials[i] = block.get(i).trial();
            }
            window.awaitRoom(
                    2 * threadsPerMember * member.getCluster().getMembers().size());
            submit(
                    executor,
                    window,
                    new TrialBlockTask(study.canonicalJson(), runId.toString(), dataSha256, points, trials),
                    1);
        }
        window.awaitEmpty();
        if (window.failure() != null) {
            throw unwrap(window.failure());
        }
    }

    /**
     * Submits a block; when its member went away before it could answer (the durable executor re-runs blocks of a
     * crashed member by itself, but a member that is shutting down may still answer "not active"), the block is
     * submitted again: it skips the trials that made it into the map.
     */
    private void submit(
            final DurableExecutorService executor, final Window window, final TrialBlockTask task, final int attempt) {
        final DurableExecutorServiceFuture<Integer> future = executor.submit(task);
        future.whenComplete((ran, error) -> {
            executor.disposeResult(future.getTaskId());
            if (error != null
                    && memberLeft(error)
                    && attempt < MAX_ATTEMPTS
                    && member.getLifecycleService().isRunning()) {
                submit(executor, window, task, attempt + 1);
            } else {
                window.done(error);
            }
        });
    }

    private static boolean memberLeft(final Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RetryableException || t instanceof HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException unwrap(final Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException("a cluster task failed: " + t, t);
    }

    /**
     * Counts blocks in flight and keeps the first failure. Waits wake every half second to see whether this member is
     * still running: a terminated member completes none of its futures, and the run must fail rather than hang.
     */
    private static final class Window {
        private final HazelcastInstance member;
        private int inFlight;
        private Throwable failure;

        Window(final HazelcastInstance member) {
            this.member = member;
        }

        synchronized void awaitRoom(final int limit) {
            while (inFlight >= limit && failure == null) {
                waitUninterruptibly();
            }
            inFlight++;
        }

        synchronized void done(final Throwable error) {
            inFlight--;
            if (error != null && failure == null) {
                failure = error;
            }
            notifyAll();
        }

        synchronized void awaitEmpty() {
            while (inFlight > 0) {
                waitUninterruptibly();
            }
        }

        synchronized Throwable failure() {
            return failure;
        }

        private void waitUninterruptibly() {
            try {
                wait(500);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for cluster trials", e);
            }
            if (!member.getLifecycleService().isRunning()) {
                throw new IllegalStateException("this cluster member stopped while " + inFlight
                        + " block(s) of trials were in flight; run the study again to resume it");
            }
        }
    }

    /**
     * Hands each wanted result to the sink once, from listener threads and the caller alike, after checking it; the
     * first refused result is kept and no later one reaches the sink.
     */
    private static final class Delivery
            implements EntryAddedListener<TrialId, TrialResult>, EntryUpdatedListener<TrialId, TrialResult> {
        private final Study study;
        private final Set<TrialId> wanted;
        private final Set<TrialId> missing;
        private final Consumer<TrialResult> sink;
        private RuntimeException failure;

        Delivery(final Study study, final List<TrialId> ids, final Consumer<TrialResult> sink) {
            this.study = study;
            this.wanted = Set.copyOf(ids);
            this.missing = new LinkedHashSet<>(ids);
            this.sink = sink;
        }

        @Override
        public void entryAdded(final EntryEvent<TrialId, TrialResult> event) {
            deliver(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(final EntryEvent<TrialId, TrialResult> event) {
            deliver(event.getKey(), event.getValue());
        }

        synchronized void deliverAll(final Map<TrialId, TrialResult> results) {
            for (final Map.Entry<TrialId, TrialResult> e : results.entrySet()) {
                deliver(e.getKey(), e.getValue());
            }
        }

        synchronized void deliver(final TrialId key, final TrialResult result) {
            if (failure != null) {
                return;
            }
            final String problem = wanted.contains(key) ? ResultCheck.problem(study, key, result) : "not asked for";
            if (problem != null) {
                failure = new IllegalStateException("refused a cluster result for " + key + " of study "
                        + study.hash().substring(0, 8) + ": " + problem + " (it was not written; the run stops)");
                return;
            }
            if (missing.remove(key)) {
                try {
                    sink.accept(result);
                } catch (final RuntimeException e) {
                    failure = e;
                }
            }
        }

        synchronized boolean failed() {
            return failure != null;
        }

        synchronized Set<TrialId> missing() {
            return new HashSet<>(missing);
        }

        synchronized void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
