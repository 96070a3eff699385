package dev.xbar.cluster;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A member's address, {@code HOST:PORT}. Parsing checks the host against the network the user allowed, from the text
 * alone (no name lookup, so a check sends nothing anywhere): on {@link Network#LOOPBACK} only {@code localhost} and
 * 127.0.0.0/8 literals pass.
 *
 * @param host an IP literal ({@code localhost} becomes 127.0.0.1), or a host name on a trusted network
 * @param port the port, or 0 where the caller may pick one
 */
public record MemberAddress(String host, int port) {

    /** The networks a cluster may use. */
    public enum Network {
        /** This machine only: every address in 127.0.0.0/8 (the default). */
        LOOPBACK,
        /** Any address: a network the user trusts, since Hazelcast's open-source traffic is not encrypted. */
        TRUSTED;

        /**
         * Parses {@code loopback} or {@code trusted}.
         *
         * @param text the option value
         * @return the network
         */
        public static Network parse(final String text) {
            return switch (text) {
                case "loopback" -> LOOPBACK;
                case "trusted" -> TRUSTED;
                default ->
                    throw new IllegalArgumentException(
                            "--network '" + text + "' is not valid (expected loopback or trusted)");
            };
        }
    }

    /** Checks the port range. */
    public MemberAddress {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
    }

    /**
     * Parses {@code HOST:PORT}, or {@code HOST} alone where {@code portOptional}.
     *
     * @param text the address
     * @param option the option it came from, for messages
     * @param network the network the user allowed
     * @param portOptional whether the port may be left out (it is then 0)
     * @return the address
     * @throws IllegalArgumentException naming the option, the entry and what was expected
     */
    public static MemberAddress parse(
            final String text, final String option, final Network network, final boolean portOptional) {
        final String e = text.strip();
        final int colon = e.lastIndexOf(':');
        final String host = colon < 0 ? e : e.substring(0, colon);
        final String expected = portOptional ? "HOST or HOST:PORT" : "HOST:PORT";
        if (host.isEmpty() || host.contains(":") || (colon < 0 && !portOptional)) {
            throw new IllegalArgumentException(
                    option + " entry '" + e + "' is not " + expected + " (e.g. 127.0.0.2:5701; IPv4 or a host name)");
        }
        final String normal = host.equals("localhost") ? "127.0.0.1" : host;
        if (network == Network.LOOPBACK && !isLoopbackLiteral(normal)) {
            throw new IllegalArgumentException(option + " entry '" + e + "' is not a loopback address (127.x.x.x or"
                    + " localhost); other hosts need --network trusted, on a network you trust (traffic is not"
                    + " encrypted)");
        }
        if (colon < 0) {
            return new MemberAddress(normal, 0);
        }
        try {
            final int port = Integer.parseInt(e.substring(colon + 1));
            if (port < 1) {
                throw new NumberFormatException();
            }
            return new MemberAddress(normal, port);
        } catch (final IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                    option + " entry '" + e + "': '" + e.substring(colon + 1) + "' is not a port number (1..65535)",
                    ex);
        }
    }

    /**
     * Parses a comma-separated list of {@code HOST:PORT}.
     *
     * @param text the list
     * @param option the option it came from
     * @param network the network the user allowed
     * @return the addresses
     */
    public static List<MemberAddress> parseList(final String text, final String option, final Network network) {
        final List<MemberAddress> list = new ArrayList<>();
        for (final String entry : text.split(",", -1)) {
            list.add(parse(entry, option, network, false));
        }
        return list;
    }

    /** Whether the text is an IPv4 literal in 127.0.0.0/8, decided without any name lookup. */
    private static boolean isLoopbackLiteral(final String host) {
        if (!host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return false;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (final IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
