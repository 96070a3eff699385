package dev.xbar.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers; every JDK must provide the algorithm, so its absence is an internal error. */
final class Sha256 {
    private Sha256() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hash of the decompressed content of a raw or gzipped file (see {@link Idx#open}). */
    static String ofContent(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Idx.open(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return hex(digest);
    }
}
