package dev.xbar.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a command's wall time goes, for people who time the whole command: with {@code XBAR_TIMINGS=1} in the
 * environment, the seconds from the JVM's start to the command's first line, then between the marks the command sets
 * (data loaded, trainer built, trained, report written), one line on standard error at the end, and a second one on
 * the training batches' pace ({@link BatchPace}) where the command trains. Off by default: the
 * JVM's start time comes from the management beans, which load classes a plain run does not need.
 */
final class PhaseClock {
    /** The environment variable that turns the timings on. */
    static final String ENV = "XBAR_TIMINGS";

    private final boolean on;
    private final List<String> names = new ArrayList<>();
    private final List<Long> marks = new ArrayList<>();
    private BatchPace pace;

    private PhaseClock(final boolean on) {
        this.on = on;
        if (on) {
            long sinceStart = System.currentTimeMillis()
                    - ManagementFactory.getRuntimeMXBean().getStartTime();
            names.add("jvm start");
            marks.add(System.nanoTime() - sinceStart * 1_000_000L);
            mark("command start");
        }
    }

    /** A clock, on when {@value #ENV} is 1. */
    static PhaseClock fromEnvironment() {
        return new PhaseClock("1".equals(System.getenv(ENV)));
    }

    /** Ends the phase of that name now. */
    void mark(final String phase) {
        if (on) {
            names.add(phase);
            marks.add(System.nanoTime());
        }
    }

    /**
     * Starts timing a training run's batches ({@link BatchPace}), when on.
     *
     * @param batches batches the run will train
     * @param epochs epochs it will train
     */
    void startBatches(final int batches, final int epochs) {
        if (on) {
            pace = new BatchPace(batches, epochs);
        }
    }

    /** A training batch has ended. */
    void batchDone() {
        if (pace != null) {
            pace.batchDone();
        }
    }

    /** An epoch's test pass has ended. */
    void epochDone() {
        if (pace != null) {
            pace.epochDone();
        }
    }

    /** Prints the phases, e.g. {@code xbar: timings: command start 0.31 s, data 0.52 s, ...}. */
    void print(final PrintWriter err) {
        if (!on) {
            return;
        }
        StringBuilder line = new StringBuilder("xbar: timings:");
        for (int i = 1; i < marks.size(); i++) {
            line.append(String.format(
                    Locale.ROOT,
                    "%s %s %.2f s",
                    i == 1 ? "" : ",",
                    names.get(i),
                    (marks.get(i) - marks.get(i - 1)) / 1e9));
        }
        line.append(String.format(Locale.ROOT, "; total %.2f s", (marks.getLast() - marks.getFirst()) / 1e9));
        err.println(line);
        final String paced = pace == null ? null : pace.summary();
        if (paced != null) {
            err.println(paced);
        }
        err.flush();
    }
}
