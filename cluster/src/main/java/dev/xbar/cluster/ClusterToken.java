package dev.xbar.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of a cluster. Hazelcast's open-source edition has no member authentication, so the secret works
 * through the one check it does make: the cluster name. Members take {@link #clusterName()}, an HMAC-SHA-256 of the
 * token, so a member without the token never learns a name that would admit it, and the token itself never goes on
 * the wire. The token comes from {@code --token-file}, else {@value #ENV}, else {@code
 * $XDG_CONFIG_HOME/xbar/cluster.token} (default {@code ~/.config/xbar/cluster.token}), which is generated on first use
 * with 256 random bits, readable by its owner only.
 */
public final class ClusterToken {
    /** Environment variable that holds the token itself (hex digits). */
    public static final String ENV = "XBAR_CLUSTER_TOKEN";

    /** At least 128 bits. */
    private static final int MIN_HEX_DIGITS = 32;

    private static final int GENERATED_BYTES = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] secret;

    private ClusterToken(final byte[] secret) {
        this.secret = secret.clone();
    }

    /**
     * Parses a token: at least 32 hex digits (128 bits), surrounding white space ignored.
     *
     * @param text the token
     * @param source where it came from, for the error message (never the token itself)
     * @return the token
     * @throws IllegalArgumentException naming the source and the expected form
     */
    public static ClusterToken parse(final String text, final String source) {
        final String hex = text.strip();
        if (hex.length() < MIN_HEX_DIGITS
                || hex.length() % 2 != 0
                || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException(source + ": expected a cluster token of at least " + MIN_HEX_DIGITS
                    + " hex digits (128 bits), an even number of them, and nothing else");
        }
        return new ClusterToken(HexFormat.of().parseHex(hex));
    }

    /**
     * The token of this process: from the given file, else {@value #ENV}, else the default file (generated when it
     * does not exist yet).
     *
     * @param tokenFile {@code --token-file}, or null
     * @param env the environment
     * @param home the user's home folder
     * @return the token
     * @throws IllegalArgumentException when the file is missing (an explicit one), readable by others, or malformed
     */
    public static ClusterToken resolve(final Path tokenFile, final Map<String, String> env, final Path home) {
        if (tokenFile != null) {
            if (!Files.exists(tokenFile)) {
                throw new IllegalArgumentException("--token-file " + tokenFile + " does not exist (copy the token"
                        + " file of the cluster's first host there, mode 0600)");
            }
            return read(tokenFile);
        }
        final String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parse(fromEnv, ENV);
        }
        return readOrCreate(defaultFile(env, home));
    }

    /**
     * {@code $XDG_CONFIG_HOME/xbar/cluster.token}, else {@code <home>/.config/xbar/cluster.token}.
     *
     * @param env the environment
     * @param home the user's home folder
     * @return the default token file
     */
    public static Path defaultFile(final Map<String, String> env, final Path home) {
        final String xdg = env.get("XDG_CONFIG_HOME");
        final Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return config.resolve("xbar").resolve("cluster.token");
    }

    /**
     * Reads a token file, generating it first (256 random bits, mode 0600, written whole before it appears) when it
     * does not exist. Two processes that generate at once end up with the same token: the second keeps the first's.
     *
     * @param file the token file
     * @return its token
     */
    static ClusterToken readOrCreate(final Path file) {
        if (!Files.exists(file)) {
            final byte[] bytes = new byte[GENERATED_BYTES];
            new SecureRandom().nextBytes(bytes);
            try {
                Files.createDirectories(
                        file.toAbsolutePath().getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                final Path temp = Files.createTempFile(
                        file.toAbsolutePath().getParent(),
                        ".cluster-token-",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                try {
                    Files.writeString(temp, HexFormat.of().formatHex(bytes) + "\n");
                    Files.createLink(file, temp);
                } catch (final FileAlreadyExistsException raced) {
                    // Another process generated it first; its token is the one to use.
                } finally {
                    Files.delete(temp);
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot create the cluster token file " + file + ": " + e, e);
            }
        }
        return read(file);
    }

    /** Reads a token file that only its owner may read (as ssh insists for private keys). */
    private static ClusterToken read(final Path file) {
        try {
            final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(p -> !OWNER_ONLY.contains(p))) {
                throw new IllegalArgumentException("cluster token file " + file + " is accessible to others (mode "
                        + PosixFilePermissions.toString(mode) + "); run 'chmod 600 " + file + "'");
            }
            return parse(Files.readString(file, StandardCharsets.US_ASCII), "cluster token file " + file);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the cluster token file " + file + ": " + e, e);
        }
    }

    /**
     * The Hazelcast cluster name that members with this token share; it reveals nothing of the token.
     *
     * @return {@code xbar-} and 64 hex digits
     */
    public String clusterName() {
        return "xbar-" + hmac("xbar cluster name v1");
    }

    /**
     * A short fingerprint to compare hosts by eye (it differs from the cluster name, so printing it gives nothing
     * away).
     *
     * @return 12 hex digits
     */
    public String fingerprint() {
        return hmac("xbar token fingerprint v1").substring(0, 12);
    }

    private String hmac(final String label) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(label.getBytes(StandardCharsets.US_ASCII)));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "cluster token " + fingerprint();
    }
}
