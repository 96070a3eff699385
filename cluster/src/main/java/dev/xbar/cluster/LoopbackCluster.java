package dev.xbar.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hazelcast members that never leave the loopback interface (../shared/design/DATA-AND-CLUSTER.md): phone-home off,
 * multicast and auto-detection joins off, TCP/IP join with an explicit member list on 127.0.0.1, the 127.0.0.1
 * interface only, no bind to all addresses. Hazelcast logs through java.util.logging at WARNING and above, so a
 * member's death is reported but start-up chatter is not.
 *
 * @param clusterName the cluster name; members of other names never join
 * @param ports the member ports on 127.0.0.1; a new member binds to the first free one of them
 * @param threads trial threads of each member's executor
 */
public record LoopbackCluster(String clusterName, List<Integer> ports, int threads) {
    /** The executor that runs trial blocks. */
    public static final String EXECUTOR = "xbar-trials";

    /** The default cluster name. */
    public static final String DEFAULT_NAME = "xbar";

    private static final String LOOPBACK = "127.0.0.1";

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

    /** Checks the name, ports and thread count. */
    public LoopbackCluster {
        Objects.requireNonNull(clusterName, "clusterName");
        ports = List.copyOf(ports);
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one member address");
        }
        for (final int port : ports) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is not in 1..65535");
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        }
    }

    /**
     * Parses a member list {@code host:port,host:port,...}. Hosts must be loopback ({@code 127.0.0.1} or {@code
     * localhost}): members on these machines bind to loopback only.
     *
     * @param text the list
     * @param threads trial threads per member
     * @return the cluster description, named {@link #DEFAULT_NAME}
     * @throws IllegalArgumentException naming the bad entry and the expected form
     */
    public static LoopbackCluster parse(final String text, final int threads) {
        final List<Integer> ports = new ArrayList<>();
        for (final String entry : text.split(",", -1)) {
            final String e = entry.trim();
            final int colon = e.lastIndexOf(':');
            final String host = colon < 0 ? "" : e.substring(0, colon);
            if (!host.equals(LOOPBACK) && !host.equals("localhost")) {
                throw new IllegalArgumentException("--cluster entry '" + e + "' is not 127.0.0.1:PORT or localhost:PORT"
                        + " (members bind to loopback only; expected e.g. 127.0.0.1:5701,127.0.0.1:5702)");
            }
            try {
                ports.add(Integer.parseInt(e.substring(colon + 1)));
            } catch (final NumberFormatException ex) {
                throw new IllegalArgumentException(
                        "--cluster entry '" + e + "': '" + e.substring(colon + 1) + "' is not a port number", ex);
            }
        }
        return new LoopbackCluster(DEFAULT_NAME, ports, threads);
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
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        final int low = ports.stream().mapToInt(Integer::intValue).min().orElseThrow();
        final int high = ports.stream().mapToInt(Integer::intValue).max().orElseThrow();
        final NetworkConfig network = config.getNetworkConfig();
        network.setPort(low).setPortAutoIncrement(true).setPortCount(high - low + 1);
        network.getInterfaces().setEnabled(true).addInterface(LOOPBACK);
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (final int port : ports) {
            join.getTcpIpConfig().addMember(LOOPBACK + ":" + port);
        }
        config.getDurableExecutorConfig(EXECUTOR).setPoolSize(threads);
        return config;
    }

    /**
     * Refuses a port list on which this member could not listen (every port taken by running members or other
     * programs), before anything starts, rather than failing inside Hazelcast.
     *
     * @return this
     * @throws IllegalArgumentException naming the ports and the way out
     */
    public LoopbackCluster requireFreePort() {
        for (final int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(LOOPBACK, port));
                return this;
            } catch (final IOException taken) {
                // try the next port
            }
        }
        final int next = ports.stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        throw new IllegalArgumentException("--cluster " + ports + ": every port is taken (by running members or other"
                + " programs), so this member cannot listen; list a free one too, e.g. " + LOOPBACK + ":" + next);
    }

    /**
     * Starts a member: it joins the members already listening on the listed ports, or starts the cluster.
     *
     * @return the member; shut it down when done
     */
    public HazelcastInstance start() {
        return Hazelcast.newHazelcastInstance(config());
    }
}
