package dev.xbar.cli.report;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.models.train.BatchMetrics;
import dev.xbar.models.train.EpochMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Draws a small accuracy figure and chip figure into memory on a background thread, so that the run's own figures,
 * drawn at the end, find Java2D, XChart and the PNG and SVG writers loaded, initialised and partly compiled. In a fresh
 * JVM the two figures cost about as much as the class loading and interpretation of that code (2.5-3 s of a default
 * run, measured with {@code XBAR_TIMINGS=1}); started with the command, the warm-up runs on the core that the
 * single-threaded data loading leaves idle. It writes no file and shares no state with the run's figures.
 */
public final class FigureWarmUp {
    private FigureWarmUp() {}

    /** Starts the warm-up on a daemon thread of minimal priority; returns at once. */
    public static void start() {
        Thread thread = new Thread(FigureWarmUp::run, "xbar-figure-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        // an optional speed-up: should it ever fail, the run's own figures still draw (FigureWarmUpTest runs it)
        thread.setUncaughtExceptionHandler((t, e) -> {});
        thread.start();
    }

    /** The warm-up itself (on the calling thread: the test runs it so). */
    static void run() {
        List<BatchMetrics> batches = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            batches.add(new BatchMetrics(1, b, 20, 100, 2.3 - 0.1 * b, 0.1 + 0.04 * b, 10L * b));
        }
        ProgrammingStats stats = new ProgrammingStats(1, 1, 0, 1, 1);
        List<EpochMetrics> epochs = List.of(new EpochMetrics(1, 0.9, 0.4, 0.88, stats, List.of(0.9)));
        draw(AccuracyFigure.of("warm-up", batches, epochs));
        ChipSpec spec = ChipSpec.preset("ideal").with("rows", 16).with("cols", 8);
        try (Chip before = Chip.fabricate(spec, 1, 0);
                Chip after = Chip.fabricate(spec, 2, 0)) {
            draw(ChipFigure.of(Optional.of(before), after, List.of(new ChipFigure.Block("b", 0, 0, 4, 4))));
        }
    }

    private static void draw(Figure figure) {
        try {
            ImageIO.write(figure.render(), "png", new ByteArrayOutputStream());
            figure.svg();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
