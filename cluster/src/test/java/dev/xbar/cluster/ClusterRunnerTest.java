package dev.xbar.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.models.study.LocalRunner;
import dev.xbar.models.study.Shard;
import dev.xbar.models.study.Study;
import dev.xbar.models.study.StudyRun;
import dev.xbar.models.study.Sweep;
import dev.xbar.models.study.Trial;
import dev.xbar.models.study.TrialFailedException;
import dev.xbar.models.study.TrialFunction;
import dev.xbar.models.study.TrialId;
import dev.xbar.models.study.TrialMode;
import dev.xbar.models.study.TrialOutcome;
import dev.xbar.models.study.TrialResult;
import dev.xbar.models.study.WorkingDevicesTrial;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterRunnerTest {
    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void shutDown() {
        for (final HazelcastInstance m : members) {
            m.getLifecycleService().terminate();
        }
    }

    private static Study study(final int chips, final String... sweeps) {
        final List<Sweep> list = new ArrayList<>();
        for (final String s : sweeps) {
            list.add(Sweep.parse(s));
        }
        return new Study(
                "devices",
                TrialMode.EXSITU,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                list,
                chips,
                11,
                new Study.Training(1, 0, 0));
    }

    private static List<TrialId> all(final Study study) {
        return StudyRun.pending(study, Shard.ALL, Map.of());
    }

    private static Map<TrialId, TrialResult> local(final Study study) {
        final Map<TrialId, TrialResult> results = new ConcurrentHashMap<>();
        new LocalRunner(2).run(study, new WorkingDevicesTrial(), all(study), r -> results.put(r.id(), r));
        return results;
    }

    private static void assertSameOutcomes(final Map<TrialId, TrialResult> expected, final List<TrialResult> got) {
        assertEquals(expected.size(), got.size());
        final Set<TrialId> seen = ConcurrentHashMap.newKeySet();
        for (final TrialResult r : got) {
            assertTrue(seen.add(r.id()), r.id() + " reported twice");
            assertTrue(expected.get(r.id()).sameOutcome(r), r + " vs " + expected.get(r.id()));
        }
    }

    private static List<Integer> freePorts(final int n) throws IOException {
        final List<ServerSocket> sockets = new ArrayList<>();
        try {
            final List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                final ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (final ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private HazelcastInstance start(final LoopbackCluster cluster, final String name) {
        final Config config = cluster.config();
        config.setInstanceName(name);
        final HazelcastInstance m = Hazelcast.newHazelcastInstance(config);
        members.add(m);
        return m;
    }

    @Test
    void theConfigurationStaysOnLoopback() {
        final Config c = new LoopbackCluster("t", List.of(5801, 5803), 2).config();
        assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertFalse(c.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled());
        assertTrue(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertEquals(
                List.of("127.0.0.1:5801", "127.0.0.1:5803"),
                c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertTrue(c.getNetworkConfig().getInterfaces().isEnabled());
        assertEquals(
                List.of("127.0.0.1"),
                List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
        assertEquals(5801, c.getNetworkConfig().getPort());
        assertEquals(3, c.getNetworkConfig().getPortCount());
        assertEquals(
                List.of(5701, 5702),
                LoopbackCluster.parse("127.0.0.1:5701,localhost:5702", 1).ports());
        for (final String bad : List.of("10.0.0.1:5701", "5701", "127.0.0.1:x", "127.0.0.1:5701,")) {
            final IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> LoopbackCluster.parse(bad, 1));
            assertTrue(e.getMessage().startsWith("--cluster entry '"), e.getMessage());
        }
    }

    @Test
    void oneMemberGivesTheLocalResultsAndASecondRunTakesThemFromTheMap() throws IOException {
        final Study study = study(6, "stuck=0,0.1,0.2");
        final LoopbackCluster cluster = new LoopbackCluster("xbar-test-" + UUID.randomUUID(), freePorts(1), 2);
        final HazelcastInstance member = start(cluster, "solo-" + UUID.randomUUID());
        final ClusterRunner runner = new ClusterRunner(member, 2, 4);
        final List<TrialResult> first = Collections.synchronizedList(new ArrayList<>());
        runner.run(study, new WorkingDevicesTrial(), all(study), first::add);
        assertSameOutcomes(local(study), first);

        final List<TrialResult> again = new ArrayList<>();
        final TrialFunction mustNotRun = trial -> {
            throw new AssertionError("ran " + trial.id() + " again");
        };
        runner.run(study, mustNotRun, all(study), again::add);
        assertSameOutcomes(local(study), again);

        final Study other = study(3, "stuck=0.05");
        final TrialFailedException e =
                assertThrows(TrialFailedException.class, () -> runner.run(other, mustNotRun, all(other), r -> {}));
        assertTrue(e.getMessage().contains("ran trial 0 of point 0 again"), e.getMessage());
    }

    /** The device trial, made slower and observable: which threads ran trials, and a latch when enough started. */
    static final class ObservedTrial implements TrialFunction {
        private static final long serialVersionUID = 1L;
        static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
        static final AtomicInteger STARTED = new AtomicInteger();
        static final CountDownLatch ENOUGH = new CountDownLatch(1);
        static final int KILL_AFTER = 40;

        @Override
        public TrialOutcome run(final Trial trial) {
            THREADS.add(Thread.currentThread().getName());
            if (STARTED.incrementAndGet() == KILL_AFTER) {
                ENOUGH.countDown();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(4));
            return new WorkingDevicesTrial().run(trial);
        }
    }

    @Test
    void twoMembersFinishTheStudyWhenOneDiesMidRun() throws Exception {
        final Study study = study(60, "stuck=0,0.1", "adc_bits=6,8");
        final LoopbackCluster cluster = new LoopbackCluster("xbar-test-" + UUID.randomUUID(), freePorts(2), 2);
        final String doomedName = "doomed-" + UUID.randomUUID();
        final HazelcastInstance caller = start(cluster, "caller-" + UUID.randomUUID());
        final HazelcastInstance doomed = start(cluster, doomedName);
        assertEquals(2, caller.getCluster().getMembers().size());

        final List<TrialResult> got = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Void> run = CompletableFuture.runAsync(
                () -> new ClusterRunner(caller, 2, 2).run(study, new ObservedTrial(), all(study), got::add));
        assertTrue(ObservedTrial.ENOUGH.await(60, TimeUnit.SECONDS), "trials started");
        doomed.getLifecycleService().terminate();
        final int atDeath = got.size();
        run.get(120, TimeUnit.SECONDS);

        assertTrue(atDeath < study.trialCount(), "the member died before the study was done");
        assertTrue(
                ObservedTrial.THREADS.stream().anyMatch(t -> t.contains(doomedName)),
                "the dead member had run trials: " + ObservedTrial.THREADS);
        assertSameOutcomes(local(study), got);
    }
}
