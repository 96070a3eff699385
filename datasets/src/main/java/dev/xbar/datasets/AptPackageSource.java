package dev.xbar.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Downloads Debian's {@code dataset-fashion-mnist} with {@code apt-get download} (no root needed, nothing is
 * installed, no package script runs) into the work folder and unpacks it there with {@code dpkg-deb -x}. Each process
 * is killed after a timeout; its stderr is quoted in a failure.
 */
final class AptPackageSource implements FashionMnistSource {
    /** The package. */
    static final String PACKAGE = "dataset-fashion-mnist";
    /** Where the files lie inside the package. */
    static final String DATA_PATH = "usr/share/datasets/fashion-mnist";
    /** How long each command may take (a 31 MB download) before it is killed. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static final int STDERR_TAIL = 1000;

    private final String aptGet;
    private final String dpkgDeb;

    /**
     * @param aptGet the apt-get executable ({@code "apt-get"} to search PATH)
     * @param dpkgDeb the dpkg-deb executable
     */
    AptPackageSource(final String aptGet, final String dpkgDeb) {
        this.aptGet = aptGet;
        this.dpkgDeb = dpkgDeb;
    }

    @Override
    public String description() {
        return "apt-get download " + PACKAGE;
    }

    @Override
    public Path folder(final Path workDir) {
        run(workDir, aptGet, "download", PACKAGE);
        final Path deb;
        try (Stream<Path> files = Files.list(workDir)) {
            final List<Path> debs = files.filter(f -> f.getFileName().toString().endsWith(".deb"))
                    .toList();
            if (debs.size() != 1) {
                throw new DatasetException("expected one .deb from apt-get, found " + debs.size());
            }
            deb = debs.getFirst();
        } catch (final IOException e) {
            throw new DatasetException("cannot list " + workDir + " (" + e + ")", e);
        }
        final Path unpacked = workDir.resolve("unpacked");
        run(workDir, dpkgDeb, "-x", deb.toString(), unpacked.toString());
        return unpacked.resolve(DATA_PATH);
    }

    private static void run(final Path workDir, final String... command) {
        final Path stderr = workDir.resolve("stderr.txt");
        final Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile())
                    .start();
            p.getOutputStream().close();
        } catch (final IOException e) {
            throw new DatasetException(
                    "cannot run '" + command[0] + "' (" + e.getMessage() + "); is this Debian or" + " Ubuntu?", e);
        }
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new DatasetException(
                        command[0] + " timed out after " + TIMEOUT.toSeconds() + " s" + tail(stderr));
            }
        } catch (final InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DatasetException("interrupted while waiting for " + command[0], e);
        }
        if (p.exitValue() != 0) {
            throw new DatasetException(String.join(" ", command) + " exited with " + p.exitValue() + tail(stderr));
        }
    }

    private static String tail(final Path stderr) {
        try {
            final String s = Files.readString(stderr, StandardCharsets.UTF_8).strip();
            return s.isEmpty()
                    ? ""
                    : ": " + (s.length() > STDERR_TAIL ? "..." + s.substring(s.length() - STDERR_TAIL) : s);
        } catch (final IOException e) {
            return "";
        }
    }
}
