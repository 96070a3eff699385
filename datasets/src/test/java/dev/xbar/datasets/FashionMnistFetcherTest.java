package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fashion-MNIST fetcher on small synthetic IDX files pinned by their own hashes (the real files' pins are
 * checked by {@code xbar datasets fetch --dataset fashion-mnist}, which hashes the real content): it copies only
 * files that verify, is idempotent, tries the next source after a failure and names every failure; the apt source
 * unpacks a real .deb with dpkg-deb.
 */
class FashionMnistFetcherTest {
    @TempDir
    Path dir;

    /** Four tiny IDX files, name to raw content, in the loader's order. */
    private static Map<String, byte[]> rawFiles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] trainPx = new byte[2 * 28 * 28];
        trainPx[7] = (byte) 255;
        m.put("train-images-idx3-ubyte", Fixtures.idxImages(2, 28, 28, trainPx));
        m.put("train-labels-idx1-ubyte", Fixtures.idxLabels(new byte[] {3, 8}));
        m.put("t10k-images-idx3-ubyte", Fixtures.idxImages(1, 28, 28, new byte[28 * 28]));
        m.put("t10k-labels-idx1-ubyte", Fixtures.idxLabels(new byte[] {1}));
        return m;
    }

    private static List<PinnedFile> pins(Map<String, byte[]> raw) throws Exception {
        List<PinnedFile> pins = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : raw.entrySet()) {
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue()));
            pins.add(new PinnedFile(e.getKey(), sha, e.getValue().length));
        }
        return pins;
    }

    /** Writes the files gzipped into {@code folder}. */
    private static Path gzipped(Path folder, Map<String, byte[]> raw) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, byte[]> e : raw.entrySet()) {
            Files.write(folder.resolve(e.getKey() + ".gz"), Fixtures.gzip(e.getValue()));
        }
        return folder;
    }

    private static FashionMnistSource local(Path folder) {
        return new FashionMnistSource.Installed(folder);
    }

    @Test
    void copiesVerifiedFilesOnceAndLoadsThem() throws Exception {
        Map<String, byte[]> raw = rawFiles();
        Path source = gzipped(dir.resolve("debian"), raw);
        Path cache = dir.resolve("cache");
        FashionMnistFetcher fetcher = new FashionMnistFetcher(cache, pins(raw), List.of(local(source)));
        assertTrue(fetcher.fetch().contains(source.toString()));
        assertEquals("", fetcher.fetch(), "a second fetch finds everything verified and does nothing");
        TrainTest data = FashionMnist.loadVerified(cache, pins(raw));
        assertArrayEquals(new int[] {3, 8}, data.train().labels());
        assertEquals(1f, data.train().pixel(0, 0, 7));
        assertEquals(1, data.test().count());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(4, files.count(), "the four .gz files, no temp file left");
        }
    }

    @Test
    void aFileThatDoesNotVerifyIsNeverPlacedAndTheNextSourceIsTried() throws Exception {
        Map<String, byte[]> raw = rawFiles();
        Map<String, byte[]> bad = new LinkedHashMap<>(raw);
        bad.put("train-labels-idx1-ubyte", Fixtures.idxLabels(new byte[] {3, 9}));
        Path badSource = gzipped(dir.resolve("bad"), bad);
        Path cache = dir.resolve("cache");
        List<PinnedFile> pins = pins(raw);

        DatasetException e = assertThrows(
                DatasetException.class,
                () -> new FashionMnistFetcher(cache, pins, List.of(local(dir.resolve("absent")), local(badSource)))
                        .fetch());
        assertTrue(e.getMessage().contains("not installed (no " + dir.resolve("absent")), e.getMessage());
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz does not verify"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(cache.resolve("train-labels-idx1-ubyte.gz")));
        assertTrue(Files.exists(cache.resolve("train-images-idx3-ubyte.gz")), "the good files were kept");

        Path goodSource = gzipped(dir.resolve("good"), raw);
        String used = new FashionMnistFetcher(cache, pins, List.of(local(badSource), local(goodSource))).fetch();
        assertEquals(local(goodSource).description(), used, "only the missing file came, from the second source");
        assertEquals(List.of(), PinnedFile.unverified(pins, cache));
    }

    /** The apt source with a stand-in apt-get that writes a .deb built by the real dpkg-deb. */
    @Test
    void theAptSourceUnpacksTheDownloadedPackage() throws Exception {
        Path dpkgDeb = Stream.of("/usr/bin/dpkg-deb", "/bin/dpkg-deb")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        assumeTrue(dpkgDeb != null, "skipped: no dpkg-deb on this machine (not Debian or Ubuntu)");
        Map<String, byte[]> raw = rawFiles();
        Path tree = dir.resolve("tree");
        gzipped(tree.resolve(AptPackageSource.DATA_PATH), raw);
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.writeString(
                tree.resolve("DEBIAN/control"),
                "Package: dataset-fashion-mnist\nVersion: 1\nArchitecture: all\nMaintainer: test <t@example.org>\n"
                        + "Description: test\n");
        Path deb = dir.resolve("dataset-fashion-mnist_1_all.deb");
        Process build = new ProcessBuilder(
                        dpkgDeb.toString(), "--build", "--root-owner-group", tree.toString(), deb.toString())
                .redirectErrorStream(true)
                .start();
        assertEquals(0, build.waitFor(), new String(build.getInputStream().readAllBytes()));
        Path aptGet = dir.resolve("apt-get");
        Files.writeString(
                aptGet,
                "#!/bin/sh\n[ \"$1 $2\" = \"download dataset-fashion-mnist\" ] || exit 3\ncp '" + deb + "' .\n");
        Files.setPosixFilePermissions(aptGet, PosixFilePermissions.fromString("rwx------"));

        Path cache = dir.resolve("cache");
        AptPackageSource apt = new AptPackageSource(aptGet.toString(), dpkgDeb.toString());
        assertEquals(apt.description(), new FashionMnistFetcher(cache, pins(raw), List.of(apt)).fetch());
        assertEquals(List.of(), PinnedFile.unverified(pins(raw), cache));

        Path failing = dir.resolve("apt-get-fails");
        Files.writeString(failing, "#!/bin/sh\necho 'E: Unable to locate package' >&2\nexit 100\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> new FashionMnistFetcher(
                                dir.resolve("other"),
                                pins(raw),
                                List.of(new AptPackageSource(failing.toString(), dpkgDeb.toString())))
                        .fetch());
        assertTrue(e.getMessage().contains("exited with 100: E: Unable to locate package"), e.getMessage());
    }
}
