package dev.xbar.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTokenTest {
    private static final String HEX = "00112233445566778899aabbccddeeff";

    @Test
    void theFirstUseGeneratesAnOwnerOnlyTokenThatLaterUsesRead(@TempDir final Path home) throws Exception {
        final ClusterToken first = ClusterToken.resolve(null, Map.of(), home);
        final Path file = home.resolve(".config/xbar/cluster.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).strip().matches("[0-9a-f]{64}"), "256 random bits in hex");
        try (var dir = Files.list(file.getParent())) {
            assertEquals(1, dir.count(), "no temporary file left behind");
        }
        final ClusterToken again = ClusterToken.resolve(null, Map.of(), home);
        assertEquals(first.clusterName(), again.clusterName());
        assertTrue(first.clusterName().matches("xbar-[0-9a-f]{64}"));
        assertFalse(first.clusterName().contains(Files.readString(file).strip()), "the name hides the token");
        assertFalse(first.clusterName().contains(first.fingerprint()), "the fingerprint gives the name away");

        final ClusterToken other = ClusterToken.resolve(null, Map.of(), home.resolve("elsewhere"));
        assertNotEquals(first.clusterName(), other.clusterName(), "each generated token is new");
        assertEquals(
                ClusterToken.parse(HEX, "x").clusterName(),
                ClusterToken.resolve(null, Map.of(ClusterToken.ENV, HEX), home).clusterName(),
                "the environment variable comes before the default file");
        assertEquals(
                home.resolve("xdg/xbar/cluster.token"),
                ClusterToken.defaultFile(
                        Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString()), home));
    }

    @Test
    void badTokensAndUnsafeFilesAreRefused(@TempDir final Path dir) throws Exception {
        final IllegalArgumentException shortToken =
                assertThrows(IllegalArgumentException.class, () -> ClusterToken.parse("abcd", ClusterToken.ENV));
        assertEquals(
                ClusterToken.ENV + ": expected a cluster token of at least 32 hex digits (128 bits), an even number"
                        + " of them, and nothing else",
                shortToken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterToken.parse(HEX + "zz", "x"));

        final Path file = dir.resolve("token");
        Files.writeString(file, HEX + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        final IllegalArgumentException open =
                assertThrows(IllegalArgumentException.class, () -> ClusterToken.resolve(file, Map.of(), dir));
        assertEquals(
                "cluster token file " + file + " is accessible to others (mode rw-r-----); run 'chmod 600 " + file
                        + "'",
                open.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(
                ClusterToken.parse(HEX, "x").clusterName(),
                ClusterToken.resolve(file, Map.of(ClusterToken.ENV, "ff".repeat(16)), dir)
                        .clusterName(),
                "--token-file comes first");
        final IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> ClusterToken.resolve(dir.resolve("no"), Map.of(), dir));
        assertTrue(missing.getMessage().startsWith("--token-file " + dir.resolve("no") + " does not exist"));
    }
}
