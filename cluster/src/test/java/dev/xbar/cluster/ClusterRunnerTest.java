package dev.xbar.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import dev.xbar.cluster.MemberAddress.Network;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.models.study.LocalRunner;
import dev.xbar.models.study.Shard;
import dev.xbar.models.study.Study;
import dev.xbar.models.study.StudyFolder;
import dev.xbar.models.study.StudyRun;
import dev.xbar.models.study.Sweep;
import dev.xbar.models.study.Trial;
import dev.xbar.models.study.TrialFunction;
import dev.xbar.models.study.TrialId;
import dev.xbar.models.study.TrialMode;
import dev.xbar.models.study.TrialOutcome;
import dev.xbar.models.study.TrialResult;
import dev.xbar.models.study.TrialsFile;
import dev.xbar.models.study.WorkingDevicesTrial;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster runs on members bound to distinct loopback addresses (127.0.0.1 for the coordinator, 127.0.0.2 and
 * 127.0.0.3 for workers): distinct hosts as far as Hazelcast is concerned.
 */
class ClusterRunnerTest {
    static final String COORDINATOR = "127.0.0.1";
    static final String WORKER_A = "127.0.0.2";
    static final String WORKER_B = "127.0.0.3";

    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void shutDown() {
        for (final HazelcastInstance m : members) {
            m.getLifecycleService().terminate();
        }
    }

    static Study study(final int chips, final String... sweeps) {
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

    static List<TrialId> all(final Study study) {
        return StudyRun.pending(study, Shard.ALL, Map.of());
    }

    static Map<TrialId, TrialResult> local(final Study study) {
        final Map<TrialId, TrialResult> results = new ConcurrentHashMap<>();
        new LocalRunner(2).run(study, new WorkingDevicesTrial(), all(study), r -> results.put(r.id(), r));
        return results;
    }

    static void assertSameOutcomes(final Map<TrialId, TrialResult> expected, final List<TrialResult> got) {
        assertEquals(expected.size(), got.size());
        final Set<TrialId> seen = ConcurrentHashMap.newKeySet();
        for (final TrialResult r : got) {
            assertTrue(seen.add(r.id()), r.id() + " reported twice");
            assertTrue(expected.get(r.id()).sameOutcome(r), r + " vs " + expected.get(r.id()));
        }
    }

    /** A free port on a loopback address. */
    static int freePort(final String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    static String randomClusterName() {
        final byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return ClusterToken.parse(HexFormat.of().formatHex(bytes), "test").clusterName();
    }

    /** Starts a member bound to {@code host:port}, joining through {@code seeds}. */
    HazelcastInstance start(
            final String clusterName,
            final MemberAddress bind,
            final List<MemberAddress> seeds,
            final TrialSource source,
            final String name) {
        final Config config = new ClusterMember(clusterName, bind, seeds, 2, source).config();
        config.setInstanceName(name + "-" + UUID.randomUUID());
        final HazelcastInstance m = Hazelcast.newHazelcastInstance(config);
        members.add(m);
        return m;
    }

    @Test
    void theConfigurationListensOnOneAddressWithAMemberOnlyEndpoint() {
        final ClusterMember member = ClusterMember.of(
                ClusterToken.parse("00112233445566778899aabbccddeeff", "test"),
                WORKER_A,
                "127.0.0.2:5801,127.0.0.3:5801,127.0.0.2:5803",
                Network.LOOPBACK,
                2,
                s -> new WorkingDevicesTrial());
        final Config c = member.config();
        assertEquals(
                ClusterToken.parse("00112233445566778899aabbccddeeff", "test").clusterName(), c.getClusterName());
        assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        assertEquals("false", c.getProperty("hazelcast.socket.server.bind.any"));
        assertEquals(WORKER_A, c.getProperty("hazelcast.local.localAddress"));
        assertTrue(c.getAdvancedNetworkConfig().isEnabled());
        assertEquals(
                Set.of(EndpointQualifier.MEMBER),
                c.getAdvancedNetworkConfig().getEndpointConfigs().keySet(),
                "no client endpoint");
        final var endpoint = c.getAdvancedNetworkConfig().getEndpointConfigs().get(EndpointQualifier.MEMBER);
        assertTrue(endpoint.getInterfaces().isEnabled());
        assertEquals(List.of(WORKER_A), List.copyOf(endpoint.getInterfaces().getInterfaces()));
        final var join = c.getAdvancedNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        assertFalse(join.getAutoDetectionConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(
                List.of("127.0.0.2:5801", "127.0.0.3:5801", "127.0.0.2:5803"),
                join.getTcpIpConfig().getMembers());
        final var server = (com.hazelcast.config.ServerSocketEndpointConfig) endpoint;
        assertEquals(5801, server.getPort());
        assertEquals(3, server.getPortCount(), "5801..5803: the list's ports on 127.0.0.2");

        assertEquals(
                new MemberAddress("127.0.0.1", 5701),
                MemberAddress.parse("localhost:5701", "--x", Network.LOOPBACK, false));
        assertEquals(
                new MemberAddress("10.0.0.1", 5701),
                MemberAddress.parse("10.0.0.1:5701", "--cluster", Network.TRUSTED, false));
        final IllegalArgumentException offLoopback = assertThrows(
                IllegalArgumentException.class,
                () -> MemberAddress.parseList("127.0.0.2:5701,10.0.0.1:5701", "--cluster", Network.LOOPBACK));
        assertTrue(
                offLoopback.getMessage().startsWith("--cluster entry '10.0.0.1:5701' is not a loopback address")
                        && offLoopback.getMessage().contains("--network trusted"),
                offLoopback.getMessage());
        for (final String bad : List.of("5701", "127.0.0.1:x", "127.0.0.1:5701,", "127.0.0.1:0", "128.0.0.1:5701")) {
            final IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> MemberAddress.parseList(bad, "--cluster", Network.LOOPBACK));
            assertTrue(e.getMessage().startsWith("--cluster entry '"), e.getMessage());
        }
        final IllegalArgumentException host = assertThrows(
                IllegalArgumentException.class,
                () -> ClusterMember.of(
                        ClusterToken.parse("00112233445566778899aabbccddeeff", "test"),
                        "node7",
                        "node7:5701",
                        Network.TRUSTED,
                        1,
                        s -> new WorkingDevicesTrial()));
        assertTrue(host.getMessage().startsWith("--bind 'node7' is not an IP address"), host.getMessage());
    }

    @Test
    void aSecondRunOfTheSameStudyComputesAgainAndLeavesNoResultMapBehind() throws IOException {
        final Study study = study(6, "stuck=0,0.1,0.2");
        final AtomicInteger executed = new AtomicInteger();
        final TrialSource counting = s -> trial -> {
            executed.incrementAndGet();
            return new WorkingDevicesTrial().run(trial);
        };
        final MemberAddress bind = new MemberAddress(WORKER_A, freePort(WORKER_A));
        final HazelcastInstance member = start(randomClusterName(), bind, List.of(bind), counting, "solo");
        final ClusterRunner runner = new ClusterRunner(member, 2, 4);
        for (int run = 1; run <= 2; run++) {
            final List<TrialResult> got = Collections.synchronizedList(new ArrayList<>());
            runner.run(study, new WorkingDevicesTrial(), all(study), got::add);
            assertSameOutcomes(local(study), got);
            assertEquals(run * study.trialCount(), executed.get(), "every trial ran again in run " + run);
            assertTrue(
                    member.getDistributedObjects().stream()
                            .noneMatch(o -> o.getName().startsWith("xbar-trials-")),
                    "the run's result map is gone");
        }
    }

    @Test
    void forgedResultsNeverReachTheSinkOrTrialsCsv(@TempDir final Path dir) throws IOException {
        final Study study = study(4, "stuck=0,0.1");
        final AtomicReference<UnaryOperator<TrialResult>> forge = new AtomicReference<>();
        final TrialSource forging = s -> new TrialFunction() {
            @Override
            public TrialOutcome run(final Trial trial) {
                return new WorkingDevicesTrial().run(trial);
            }

            @Override
            public TrialResult execute(final Study st, final TrialId id) {
                final TrialResult honest = TrialFunction.super.execute(st, id);
                return id.trial() == 2 ? forge.get().apply(honest) : honest;
            }
        };
        final MemberAddress bind = new MemberAddress(WORKER_A, freePort(WORKER_A));
        final HazelcastInstance member = start(randomClusterName(), bind, List.of(bind), forging, "forger");
        final ClusterRunner runner = new ClusterRunner(member, 2, 1);
        // out-of-range values cannot even be built: the record refuses them, and Java deserialisation of a record
        // runs its canonical constructor, so they cannot arrive over the wire either
        for (final Runnable impossible : List.<Runnable>of(
                () -> new TrialResult(0, 2, 1, 1.5, 0, 0.1),
                () -> new TrialResult(0, 2, 1, Double.NaN, 0, 0.1),
                () -> new TrialResult(0, 2, 1, 0.5, 0, 1 / 0.0),
                () -> new TrialResult(0, 2, 1, 0.5, -1, 0.1))) {
            assertThrows(IllegalArgumentException.class, impossible::run);
        }
        // well-formed results for the wrong trial or seed reach the coordinator, which refuses them
        final Map<String, UnaryOperator<TrialResult>> forgeries = Map.of(
                "seed 7 is not the trial's seed",
                r -> new TrialResult(r.point(), r.trial(), 7, 0.999, r.pulses(), r.seconds()),
                "but names trial 3 of point",
                r -> new TrialResult(r.point(), 3, r.seed(), r.accuracy(), r.pulses(), r.seconds()));
        for (final Map.Entry<String, UnaryOperator<TrialResult>> f : forgeries.entrySet()) {
            forge.set(f.getValue());
            final List<TrialResult> got = Collections.synchronizedList(new ArrayList<>());
            final IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> runner.run(study, new WorkingDevicesTrial(), all(study), got::add));
            assertTrue(
                    e.getMessage().startsWith("refused a cluster result for trial 2 of point ")
                            && e.getMessage().contains(f.getKey()),
                    e.getMessage());
            final Map<TrialId, TrialResult> honest = local(study);
            for (final TrialResult r : got) {
                assertTrue(honest.get(r.id()).sameOutcome(r), "only honest results reached the sink: " + r);
            }
        }

        forge.set(forgeries.get("seed 7 is not the trial's seed"));
        final StudyFolder folder = StudyFolder.open(dir.resolve("study"), study);
        final IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> StudyRun.run(folder, new WorkingDevicesTrial(), runner, Shard.ALL, 0.9, (done, total) -> {}));
        assertTrue(e.getMessage().contains("seed 7 is not the trial's seed"), e.getMessage());
        final Map<TrialId, TrialResult> written = folder.readTrials();
        final Map<TrialId, TrialResult> honest = local(study);
        assertTrue(written.size() < study.trialCount(), "the run stopped");
        for (final TrialResult r : written.values()) {
            assertTrue(r.trial() != 2 && honest.get(r.id()).sameOutcome(r), "trials.csv holds only honest " + r);
        }
    }

    @Test
    void aMemberWithOtherDataRefusesTheStudy() throws IOException {
        final Study study = study(2);
        final MemberAddress bind = new MemberAddress(WORKER_A, freePort(WORKER_A));
        final HazelcastInstance member =
                start(randomClusterName(), bind, List.of(bind), s -> new WorkingDevicesTrial(), "other-data");
        final TrialFunction coordinatorData = new TrialFunction() {
            @Override
            public TrialOutcome run(final Trial trial) {
                throw new AssertionError("the coordinator's function never runs on a member");
            }

            @Override
            public String dataSha256() {
                return "abc123";
            }
        };
        final List<TrialResult> got = new ArrayList<>();
        final IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new ClusterRunner(member, 2, 1).run(study, coordinatorData, all(study), got::add));
        assertTrue(
                e.getMessage().contains("refuses the study: its data has SHA-256 '', the coordinator's 'abc123'"),
                e.getMessage());
        assertTrue(got.isEmpty());
    }

    /** The device trial, made slower and observable: which threads ran trials, and a latch when enough started. */
    static final class ObservedTrial implements TrialFunction {
        private static final long serialVersionUID = 1L;
        static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
        static final AtomicInteger STARTED = new AtomicInteger();
        static final CountDownLatch ENOUGH = new CountDownLatch(1);
        static final int KILL_AFTER = 30;

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
    void aCoordinatorAndTwoWorkersOnThreeAddressesFinishWhenAWorkerDiesMidRun() throws Exception {
        final Study study = study(40, "stuck=0,0.1", "adc_bits=6,8");
        final String cluster = randomClusterName();
        final MemberAddress a = new MemberAddress(WORKER_A, freePort(WORKER_A));
        final MemberAddress b = new MemberAddress(WORKER_B, freePort(WORKER_B));
        final List<MemberAddress> seeds = List.of(a, b);
        final TrialSource observed = s -> new ObservedTrial();
        start(cluster, a, seeds, observed, "worker-a");
        final HazelcastInstance doomed = start(cluster, b, seeds, observed, "doomed");
        final HazelcastInstance coordinator =
                start(cluster, new MemberAddress(COORDINATOR, freePort(COORDINATOR)), seeds, observed, "coordinator");
        assertEquals(3, coordinator.getCluster().getMembers().size());
        assertEquals(
                Set.of(COORDINATOR, WORKER_A, WORKER_B),
                coordinator.getCluster().getMembers().stream()
                        .map(m -> m.getAddress().getHost())
                        .collect(java.util.stream.Collectors.toSet()));

        final List<TrialResult> got = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Void> run = CompletableFuture.runAsync(
                () -> new ClusterRunner(coordinator, 2, 2).run(study, new WorkingDevicesTrial(), all(study), got::add));
        assertTrue(ObservedTrial.ENOUGH.await(60, TimeUnit.SECONDS), "trials started");
        doomed.getLifecycleService().terminate();
        final int atDeath = got.size();
        run.get(120, TimeUnit.SECONDS);

        assertTrue(atDeath < study.trialCount(), "the worker died before the study was done");
        final String doomedName = doomed.getName();
        assertTrue(
                ObservedTrial.THREADS.stream().anyMatch(t -> t.contains(doomedName)),
                "the dead worker had run trials: " + ObservedTrial.THREADS);
        assertSameOutcomes(local(study), got);
    }

    @Test
    void aRestartedCoordinatorResumesTheStudyFolder(@TempDir final Path dir) throws Exception {
        final Study study = study(30, "stuck=0,0.2");
        final String cluster = randomClusterName();
        final MemberAddress worker = new MemberAddress(WORKER_A, freePort(WORKER_A));
        final MemberAddress coordinatorAddress = new MemberAddress(COORDINATOR, freePort(COORDINATOR));
        final List<MemberAddress> seeds = List.of(worker);
        final TrialSource slow = s -> trial -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            return new WorkingDevicesTrial().run(trial);
        };
        start(cluster, worker, seeds, slow, "worker");
        final HazelcastInstance first = start(cluster, coordinatorAddress, seeds, slow, "first");
        final CountDownLatch someDone = new CountDownLatch(10);
        final StudyFolder folder = StudyFolder.open(dir.resolve("study"), study);
        final CompletableFuture<Void> killed = CompletableFuture.runAsync(() -> StudyRun.run(
                folder,
                new WorkingDevicesTrial(),
                new ClusterRunner(first, 2, 1),
                Shard.ALL,
                0.9,
                (done, total) -> someDone.countDown()));
        assertTrue(someDone.await(60, TimeUnit.SECONDS), "trials finished");
        first.getLifecycleService().terminate();
        assertThrows(ExecutionException.class, () -> killed.get(60, TimeUnit.SECONDS));
        final int before = folder.readTrials().size();
        assertTrue(before > 0 && before < study.trialCount(), before + " trials before the restart");

        final HazelcastInstance second = start(cluster, coordinatorAddress, seeds, slow, "second");
        StudyRun.run(
                StudyFolder.open(dir.resolve("study"), study),
                new WorkingDevicesTrial(),
                new ClusterRunner(second, 2, 2),
                Shard.ALL,
                0.9,
                (done, total) -> {});
        final List<TrialResult> got =
                new ArrayList<>(TrialsFile.read(dir.resolve("study").resolve(StudyFolder.TRIALS_FILE), study)
                        .values());
        assertSameOutcomes(local(study), got);
    }
}
