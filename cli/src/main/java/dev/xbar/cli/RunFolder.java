package dev.xbar.cli;

import dev.xbar.core.io.FolderLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A training run's folder, held under its {@link FolderLock} while a run writes into it. A new run refuses a folder
 * that is not empty unless asked to replace its run files ({@code --force}), so two runs never mix their files; a
 * resumed run needs the folder's checkpoint.
 */
final class RunFolder implements AutoCloseable {
    /** The checkpoint subfolder. */
    static final String CHECKPOINT = "checkpoint";

    /** The result files a run writes; {@code summary.json} comes last and marks the run finished. */
    static final List<String> RUN_FILES = List.of(
            "metrics.csv",
            "accuracy.png",
            "accuracy.svg",
            "chip.png",
            "chip.svg",
            RunReport.INITIAL_CHIP,
            RunReport.FINAL_CHIP,
            RunReport.PROVENANCE,
            RunReport.SUMMARY);

    private final Path dir;
    private final FolderLock lock;

    private RunFolder(Path dir, FolderLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /**
     * A folder for a new run: created if missing; an existing one must be empty, or with {@code force} loses its run
     * files and checkpoint (other files stay).
     */
    static RunFolder fresh(Path dir, boolean force) {
        checkFresh(dir, force);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + dir + ": " + e.getMessage(), e);
        }
        RunFolder folder = new RunFolder(dir, FolderLock.acquire(dir));
        if (force) {
            folder.deleteRunFiles();
        }
        return folder;
    }

    /** Refuses, before any work, a folder that {@link #fresh} would refuse. */
    static void checkFresh(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        List<String> held = contents(dir);
        if (!held.isEmpty() && !force) {
            throw new IllegalArgumentException("--out " + dir + " is not empty (it holds " + brief(held)
                    + "): choose another folder, continue its run with --resume " + dir
                    + ", or replace its run files with --force");
        }
    }

    /** The folder of a run to continue: it must hold a checkpoint. */
    static RunFolder resume(Path dir) {
        if (!Files.isDirectory(dir.resolve(CHECKPOINT))) {
            throw new IllegalArgumentException("--resume " + dir + ": "
                    + (Files.isDirectory(dir) ? "it holds no " + CHECKPOINT + " folder" : "no such folder")
                    + " (is it a run folder?)");
        }
        return new RunFolder(dir, FolderLock.acquire(dir));
    }

    Path dir() {
        return dir;
    }

    Path checkpoints() {
        return dir.resolve(CHECKPOINT);
    }

    /** True when the run's summary exists, i.e. it finished and wrote all its files. */
    boolean finished() {
        return Files.isRegularFile(dir.resolve(RunReport.SUMMARY));
    }

    private void deleteRunFiles() {
        try {
            for (String name : RUN_FILES) {
                Path file = dir.resolve(name);
                if (Files.isRegularFile(file)) {
                    Files.delete(file);
                }
            }
            Path checkpoints = checkpoints();
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> tree = Files.walk(checkpoints)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--force: cannot delete the old run files in " + dir + ": " + e, e);
        }
    }

    private static List<String> contents(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            list.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(FolderLock.FILE_NAME))
                    .sorted()
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String brief(List<String> names) {
        return names.size() <= 4
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, 4)) + " and " + (names.size() - 4) + " more";
    }

    @Override
    public void close() {
        lock.close();
    }
}
