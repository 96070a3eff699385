package dev.xbar.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Remembers which files in a folder hashed to which SHA-256, keyed by file name, size and modification time, so that
 * a second {@code xbar datasets info} need not hash 55 MB again while any change to a file (new size or mtime)
 * forces a fresh hash. One line per file: {@code name<TAB>size<TAB>mtime-nanos<TAB>sha256}. The stamp is only an
 * optimisation: a missing, garbled or unwritable stamp just means hashing again.
 */
final class VerifyStamp {
    static final String FILE_NAME = ".xbar-verified";

    private record Entry(long size, long mtimeNanos, String sha256) {}

    private final Path folder;
    private final Map<String, Entry> entries = new TreeMap<>();
    private boolean dirty;

    private VerifyStamp(Path folder) {
        this.folder = folder;
    }

    static VerifyStamp read(Path folder) {
        VerifyStamp stamp = new VerifyStamp(folder);
        try {
            for (String line : Files.readAllLines(folder.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 4) {
                    stamp.entries.put(f[0], new Entry(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            stamp.entries.clear();
        }
        return stamp;
    }

    /** True when {@code file} was hashed to {@code sha256} and has not changed since. */
    boolean matches(Path file, String sha256) throws IOException {
        Entry e = entries.get(file.getFileName().toString());
        return e != null && e.sha256.equals(sha256) && e.equals(current(file, sha256));
    }

    /** Records that {@code file}, as it is now, hashes to {@code sha256}. */
    void record(Path file, String sha256) throws IOException {
        entries.put(file.getFileName().toString(), current(file, sha256));
        dirty = true;
    }

    /** Writes the stamp if anything changed (temp file, then atomic move); an unwritable folder is left alone. */
    void save() {
        if (!dirty) {
            return;
        }
        Path tmp = null;
        try {
            StringBuilder sb = new StringBuilder();
            entries.forEach((name, e) -> sb.append(name)
                    .append('\t')
                    .append(e.size)
                    .append('\t')
                    .append(e.mtimeNanos)
                    .append('\t')
                    .append(e.sha256)
                    .append('\n'));
            tmp = Files.createTempFile(folder, FILE_NAME + ".", ".part");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            TempFiles.makePublic(tmp);
            Files.move(tmp, folder.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
            dirty = false;
        } catch (IOException e) {
            TempFiles.deleteQuietly(tmp);
        }
    }

    private static Entry current(Path file, String sha256) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Entry(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), sha256);
    }
}
