package dev.xbar.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
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

    /**
     * Hash of what {@code content} writes, lower-case hex, the bytes passing on to {@code sink} (closed after): one
     * pass both writes a file and hashes it.
     *
     * @param content writes the bytes
     * @param sink where they go (a file, or {@code OutputStream.nullOutputStream()} for the hash alone)
     * @return the hash
     * @throws IOException if the sink fails
     */
    static String of(TempFiles.Content content, OutputStream sink) throws IOException {
        MessageDigest digest = newDigest();
        try (OutputStream out = new DigestOutputStream(sink, digest)) {
            content.writeTo(out);
        }
        return hex(digest);
    }

    /** Hash of {@code bytes}, lower-case hex. */
    static String of(byte[] bytes) {
        MessageDigest digest = newDigest();
        digest.update(bytes);
        return hex(digest);
    }
}
