package dev.xbar.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import dev.xbar.models.study.Study;
import dev.xbar.models.study.TrialId;
import dev.xbar.models.study.TrialResult;
import dev.xbar.models.study.WorkingDevicesTrial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Intruders without the token (Hazelcast clients, and members of another cluster name) try to connect to a cluster,
 * read its result map, write a forged result into it and run a task on its members. The test fails if any of the four
 * succeeds for any intruder.
 */
class ClusterAuthenticationTest {
    private final List<HazelcastInstance> instances = new ArrayList<>();

    @AfterEach
    void shutDown() {
        for (final HazelcastInstance m : instances) {
            m.getLifecycleService().terminate();
        }
    }

    /** What an intruder achieved. */
    record Intrusion(boolean connected, boolean read, boolean wrote, boolean ran) {
        static final Intrusion NONE = new Intrusion(false, false, false, false);
    }

    /** A task that says where it ran. */
    static final class WhereAmI implements Callable<String>, Serializable, HazelcastInstanceAware {
        private static final long serialVersionUID = 1L;
        private transient HazelcastInstance instance;

        @Override
        public void setHazelcastInstance(final HazelcastInstance hazelcast) {
            this.instance = hazelcast;
        }

        @Override
        public String call() {
            return instance.getName();
        }
    }

    private HazelcastInstance member(
            final String clusterName, final MemberAddress bind, final List<MemberAddress> seeds, final String name) {
        final Config config = new ClusterMember(clusterName, bind, seeds, 1, s -> new WorkingDevicesTrial()).config();
        config.setInstanceName(name + "-" + UUID.randomUUID());
        final HazelcastInstance m = Hazelcast.newHazelcastInstance(config);
        instances.add(m);
        return m;
    }

    @Test
    void withoutTheTokenNoClientOrMemberConnectsReadsWritesOrRunsATask() throws Exception {
        final Study study = ClusterRunnerTest.study(2);
        final String secretName = ClusterRunnerTest.randomClusterName();
        final MemberAddress coordinatorAddress = new MemberAddress(
                ClusterRunnerTest.COORDINATOR, ClusterRunnerTest.freePort(ClusterRunnerTest.COORDINATOR));
        final MemberAddress workerAddress =
                new MemberAddress(ClusterRunnerTest.WORKER_A, ClusterRunnerTest.freePort(ClusterRunnerTest.WORKER_A));
        final List<MemberAddress> seeds = List.of(coordinatorAddress, workerAddress);
        final HazelcastInstance coordinator = member(secretName, coordinatorAddress, seeds, "coordinator");
        final HazelcastInstance worker = member(secretName, workerAddress, seeds, "worker");
        assertEquals(2, coordinator.getCluster().getMembers().size());
        final Set<String> legitimate = Set.of(coordinator.getName(), worker.getName());

        // A run's result map with an honest result, under the name an intruder who read the source would try.
        final String mapName = ClusterRunner.mapName(study, UUID.randomUUID());
        final TrialId id = new TrialId(0, 0);
        final TrialResult honest = new WorkingDevicesTrial().execute(study, id);
        coordinator.<TrialId, TrialResult>getMap(mapName).set(id, honest);
        final TrialResult forged = new TrialResult(0, 0, honest.seed(), 0.999, honest.pulses(), honest.seconds());

        final String otherToken = ClusterRunnerTest.randomClusterName();
        final MemberAddress intruderAddress =
                new MemberAddress(ClusterRunnerTest.WORKER_B, ClusterRunnerTest.freePort(ClusterRunnerTest.WORKER_B));
        final List<String> intruders = List.of(
                "client named xbar",
                "client with the secret cluster name",
                "member named xbar",
                "member of another token");
        for (final String intruder : intruders) {
            final HazelcastInstance attacker = switch (intruder) {
                case "client named xbar" -> client("xbar", coordinatorAddress);
                case "client with the secret cluster name" -> client(secretName, workerAddress);
                case "member named xbar" -> member("xbar", intruderAddress, seeds, "intruder");
                default -> member(otherToken, intruderAddress, seeds, "intruder");
            };
            final Intrusion got =
                    attacker == null ? Intrusion.NONE : attempt(attacker, mapName, id, forged, coordinator, legitimate);
            assertEquals(Intrusion.NONE, got, intruder);
            if (attacker != null) {
                attacker.getLifecycleService().terminate();
            }
            assertEquals(
                    honest, coordinator.<TrialId, TrialResult>getMap(mapName).get(id), intruder);
            assertEquals(2, coordinator.getCluster().getMembers().size(), intruder);
        }
    }

    /**
     * A Hazelcast client of the given cluster name, or null when it cannot connect. One address each: a refused
     * attempt takes about 5 s per address.
     */
    private HazelcastInstance client(final String clusterName, final MemberAddress address) {
        final ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.getNetworkConfig().addAddress(address.toString());
        config.getNetworkConfig().setConnectionTimeout(1000);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(2000);
        try {
            final HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
            instances.add(client);
            return client;
        } catch (final IllegalStateException refused) {
            return null;
        }
    }

    /** Tries to read and overwrite the result and to run a task, through an intruder that started. */
    private static Intrusion attempt(
            final HazelcastInstance attacker,
            final String mapName,
            final TrialId id,
            final TrialResult forged,
            final HazelcastInstance coordinator,
            final Set<String> legitimate)
            throws Exception {
        final boolean connected = attacker.getCluster().getMembers().stream()
                .anyMatch(m -> coordinator.getCluster().getMembers().contains(m));
        final IMap<TrialId, TrialResult> map = attacker.getMap(mapName);
        final boolean read = map.get(id) != null;
        map.set(id, forged);
        final boolean wrote =
                forged.equals(coordinator.<TrialId, TrialResult>getMap(mapName).get(id));
        final Set<String> ranOn = new HashSet<>();
        for (final Future<String> f : attacker.getExecutorService("xbar-probe")
                .submitToAllMembers(new WhereAmI())
                .values()) {
            ranOn.add(f.get(30, TimeUnit.SECONDS));
        }
        final boolean ran = ranOn.stream().anyMatch(legitimate::contains);
        return new Intrusion(connected, read, wrote, ran);
    }
}
