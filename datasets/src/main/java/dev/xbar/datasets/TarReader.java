package dev.xbar.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Minimal reader of (ustar/pax) tar streams, enough for npm package tarballs: regular files are handed to a callback
 * with a stream bounded to the entry; pax {@code path} records and GNU long names are honoured so the name checked is
 * the real one. Every entry name is rejected if it is absolute or has a {@code ..} segment (it would escape the
 * extraction folder), and every header checksum is verified.
 */
final class TarReader {
    private static final int BLOCK = 512;
    private static final int MAX_META = 1 << 20;

    /** Receives each regular file; {@code data} ends after {@code size} bytes and need not be read to the end. */
    interface EntryHandler {
        void entry(String name, long size, InputStream data) throws IOException;
    }

    private TarReader() {}

    static void read(InputStream in, String archive, EntryHandler handler) throws IOException {
        byte[] h = new byte[BLOCK];
        String nextName = null;
        while (true) {
            int n = in.readNBytes(h, 0, BLOCK);
            if (n == 0 || (n == BLOCK && isZero(h))) {
                return;
            }
            if (n < BLOCK) {
                throw new DatasetException(archive + ": truncated tar header (" + n + " of 512 bytes)");
            }
            checkChecksum(h, archive);
            String name = nextName != null ? nextName : headerName(h);
            nextName = null;
            checkName(name, archive);
            long size = octal(h, 124, 12, archive, "size");
            Bounded data = new Bounded(in, size, archive, name);
            byte type = h[156];
            if (type == 'x' || type == 'L') {
                nextName = type == 'x' ? paxPath(data.meta()) : cString(data.meta(), 0, (int) size);
            } else if (type == '0' || type == 0) {
                handler.entry(name, size, data);
            }
            data.skipRest();
            in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
        }
    }

    private static void checkName(String name, String archive) {
        if (name.startsWith("/") || ("/" + name + "/").contains("/../")) {
            throw new DatasetException(archive + ": tar entry '" + name + "' escapes the extraction folder");
        }
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code path} value of pax records {@code "<len> <key>=<value>\n"}, or null if there is none. */
    private static String paxPath(byte[] meta) {
        String path = null;
        for (String rec : new String(meta, StandardCharsets.UTF_8).split("\n")) {
            int sp = rec.indexOf(' ');
            int eq = rec.indexOf('=');
            if (sp > 0 && eq > sp && rec.substring(sp + 1, eq).equals("path")) {
                path = rec.substring(eq + 1);
            }
        }
        return path;
    }

    private static void checkChecksum(byte[] h, String archive) {
        long stored = octal(h, 148, 8, archive, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        }
        if (sum != stored) {
            throw new DatasetException(
                    archive + ": corrupt tar header (checksum " + sum + ", header says " + stored + ")");
        }
    }

    private static long octal(byte[] h, int at, int len, String archive, String field) {
        long v = 0;
        int end = at + len;
        int i = at;
        while (i < end && h[i] == ' ') {
            i++;
        }
        for (; i < end && h[i] != 0 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '7') {
                throw new DatasetException(archive + ": tar header field " + field + " is not octal");
            }
            v = v << 3 | (h[i] - '0');
        }
        return v;
    }

    private static String cString(byte[] b, int at, int max) {
        int end = at;
        while (end < at + max && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The data of one entry; ending early is reported as a truncated archive, never as a short file. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private final String archive;
        private final String name;
        private long remaining;

        Bounded(InputStream in, long size, String archive, String name) {
            this.in = in;
            this.remaining = size;
            this.archive = archive;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException(archive + ": truncated in tar entry " + name);
            }
            remaining -= n;
            return n;
        }

        byte[] meta() throws IOException {
            if (remaining > MAX_META) {
                throw new DatasetException(archive + ": tar metadata entry of " + remaining + " bytes is too large");
            }
            return readAllBytes();
        }

        void skipRest() throws IOException {
            if (remaining > 0) {
                in.skipNBytes(remaining);
                remaining = 0;
            }
        }
    }
}
