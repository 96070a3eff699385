package dev.xbar.cli;

import dev.xbar.cluster.ClusterMember;
import dev.xbar.cluster.ClusterToken;
import dev.xbar.cluster.MemberAddress;
import dev.xbar.cluster.TrialSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that {@code xbar worker} and {@code xbar yield --cluster} share: where to listen and which secret. */
final class ClusterOptions {

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS[:PORT]",
            description = "The address this member listens on, and no other (an IP address of this host); without a"
                    + " port, the first free one that the member list gives for this address, else 5701."
                    + " Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(
            names = "--network",
            defaultValue = "loopback",
            description = "loopback: every address must be in 127.0.0.0/8 (this machine only). trusted: other hosts"
                    + " too, on a network you trust (cluster traffic is not encrypted). Default: ${DEFAULT-VALUE}.")
    String network;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "The cluster's shared secret (mode 0600). Default: $" + ClusterToken.ENV
                    + " (the token itself), else ~/.config/xbar/cluster.token, created on first use.")
    Path tokenFile;

    private ClusterToken token;

    /** The token, resolved once. */
    ClusterToken token() {
        if (token == null) {
            token = ClusterToken.resolve(tokenFile, System.getenv(), Path.of(System.getProperty("user.home")));
        }
        return token;
    }

    /**
     * Checks the addresses and the network rule alone (no token is read), so a bad one is a usage error before any
     * work.
     *
     * @param members the member list to join through
     * @throws IllegalArgumentException naming the bad option entry
     */
    void checkAddresses(final String members) {
        final MemberAddress.Network allowed = MemberAddress.Network.parse(network);
        MemberAddress.parse(bind, "--bind", allowed, true);
        MemberAddress.parseList(members, "--cluster", allowed);
    }

    /**
     * This process's member.
     *
     * @param members the member list to join through
     * @param threads trial threads
     * @param trials the code this member runs for a study
     * @return the member description
     */
    ClusterMember member(final String members, final int threads, final TrialSource trials) {
        return ClusterMember.of(token(), bind, members, MemberAddress.Network.parse(network), threads, trials);
    }
}
