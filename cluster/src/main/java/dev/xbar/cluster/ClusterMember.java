package dev.xbar.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Hazelcast member of an xbar cluster (../shared/design/DATA-AND-CLUSTER.md). It listens on exactly one address
 * ({@code bind}) with a member-only endpoint, so Hazelcast clients are refused whatever cluster name they send; it
 * admits only members of the token's cluster name; it joins by TCP/IP through an explicit member list, with
 * multicast, auto-detection and phone-home off. Its {@link TrialSource} (in the member's user context) decides which
 * code runs a study. Hazelcast logs through java.util.logging at WARNING and above.
 *
 * @param clusterName the cluster name, {@link ClusterToken#clusterName()}
 * @param bind the address to listen on; port 0 takes the first free port of the member list's entries on that host
 *     (5701 when there are none)
 * @param members the member list to join through
 * @param threads trial threads of this member
 * @param trials the code this member runs for a study
 */
public record ClusterMember(
        String clusterName, MemberAddress bind, List<MemberAddress> members, int threads, TrialSource trials) {
    /** The executor that runs trial blocks. */
    public static final String EXECUTOR = "xbar-trials";

    /** The port when neither the bind address nor the member list names one for this host. */
    public static final int DEFAULT_PORT = 5701;

    /** Hazelcast's loggers, held here because java.util.logging holds loggers weakly and would forget the levels. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    /**
     * Says at every start that the JVM lacks {@code --add-opens} flags; they only speed up Hazelcast's internals,
     * which trials do not lean on.
     */
    private static final Logger MODULE_WARNING_LOG =
            Logger.getLogger("com.hazelcast.instance.impl.HazelcastInstanceFactory");

    static {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        MODULE_WARNING_LOG.setLevel(Level.SEVERE);
    }

    /** Checks the parts; the bind host must be an IP literal (Hazelcast binds to an interface address). */
    public ClusterMember {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(trials, "trials");
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one member address");
        }
        try {
            InetAddress.ofLiteral(bind.host());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--bind '" + bind.host() + "' is not an IP address of this host (e.g. 127.0.0.2 or 10.0.0.5)", e);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        }
    }

    /**
     * A member from command-line text.
     *
     * @param token the cluster's token
     * @param bind {@code HOST} or {@code HOST:PORT}
     * @param members {@code HOST:PORT,...}
     * @param network the network the user allowed; every address must lie in it
     * @param threads trial threads
     * @param trials the code this member runs for a study
     * @return the member description
     * @throws IllegalArgumentException naming the bad option entry
     */
    public static ClusterMember of(
            final ClusterToken token,
            final String bind,
            final String members,
            final MemberAddress.Network network,
            final int threads,
            final TrialSource trials) {
        return new ClusterMember(
                token.clusterName(),
                MemberAddress.parse(bind, "--bind", network, true),
                MemberAddress.parseList(members, "--cluster", network),
                threads,
                trials);
    }

    /**
     * The member configuration.
     *
     * @return a new Hazelcast config
     */
    public Config config() {
        final Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.socket.server.bind.any", "false");
        config.setProperty("hazelcast.socket.client.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", bind.host());
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        final AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        final ServerSocketEndpointConfig endpoint = new ServerSocketEndpointConfig();
        endpoint.setPort(firstPort()).setPortAutoIncrement(true).setPortCount(lastPort() - firstPort() + 1);
        endpoint.getInterfaces().setEnabled(true).addInterface(bind.host());
        network.setMemberEndpointConfig(endpoint);
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (final MemberAddress m : members) {
            join.getTcpIpConfig().addMember(m.toString());
        }
        config.getDurableExecutorConfig(EXECUTOR).setPoolSize(threads);
        config.setUserContext(new ConcurrentHashMap<>());
        config.getUserContext().put(TrialSource.KEY, trials);
        return config;
    }

    /**
     * Starts the member: it joins the members it reaches through the list, or starts the cluster.
     *
     * @return the member; shut it down when done
     */
    public HazelcastInstance start() {
        return Hazelcast.newHazelcastInstance(config());
    }

    /**
     * Refuses a member that could not listen (every port of its range on the bind address taken by running members
     * or other programs), before anything starts, instead of failing inside Hazelcast.
     *
     * @return this
     * @throws IllegalArgumentException naming the address and the way out
     */
    public ClusterMember requireFreePort() {
        for (int port = firstPort(); port <= lastPort(); port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.ofLiteral(bind.host()), port));
                return this;
            } catch (final IOException taken) {
                // try the next port of the range
            }
        }
        final String range =
                firstPort() == lastPort() ? "port " + firstPort() : "ports " + firstPort() + "-" + lastPort();
        throw new IllegalArgumentException("--bind " + bind.host() + ": " + range + " taken (by running members or"
                + " other programs), so this member cannot listen; give a free one, e.g. --bind " + bind.host() + ":"
                + (lastPort() + 1));
    }

    private int firstPort() {
        return bind.port() > 0
                ? bind.port()
                : hostPorts().stream().mapToInt(Integer::intValue).min().orElse(DEFAULT_PORT);
    }

    private int lastPort() {
        return bind.port() > 0
                ? bind.port()
                : hostPorts().stream().mapToInt(Integer::intValue).max().orElse(DEFAULT_PORT);
    }

    /** The ports the member list gives for the bind host. */
    private List<Integer> hostPorts() {
        return members.stream()
                .filter(m -> m.host().equals(bind.host()))
                .map(MemberAddress::port)
                .toList();
    }
}
