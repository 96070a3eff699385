package dev.xbar.cli.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line for long work. On a terminal it is redrawn in place ({@code \r}, padded with spaces over the
 * previous one: no escape codes) and kept one column short of the terminal's width, so it never wraps into a new
 * line per redraw; messages ({@link #println}) first end the bar's line, so they never glue onto it. Elsewhere (a
 * pipe, a log, CI) it prints a plain line at most every few seconds. Time left comes from the rate over the last
 * {@link #RECENT_NANOS} (not since the start, which counts JIT warm-up and overestimates a fast run).
 */
public final class Progress {

    static final int BAR = 24;
    static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;
    static final long RECENT_NANOS = 10_000_000_000L;
    private static final int HISTORY = 64;
    private static final long HISTORY_STEP_NANOS = RECENT_NANOS / (HISTORY / 2);

    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private final long total;
    private final String unit;
    private final LongSupplier clock;
    // Ring of (time, done) samples, one per HISTORY_STEP_NANOS at most, for the recent rate.
    private final long[] times = new long[HISTORY];
    private final long[] counts = new long[HISTORY];
    private int head;
    private int size;
    private long lastPlain = Long.MIN_VALUE;
    private int shown;
    private boolean started;

    /**
     * @param terminal redraw in place (see {@link #forStdout})
     * @param width columns of the terminal; lines are at most {@code width - 1} characters
     * @param clock nanosecond clock ({@code System::nanoTime}; a fake one in tests)
     */
    public Progress(PrintStream out, boolean terminal, int width, long total, String unit, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.width = Math.max(20, width);
        this.total = total;
        this.unit = unit;
        this.clock = clock;
        record(clock.getAsLong(), 0);
    }

    /**
     * Progress on standard output: redrawn in place when it is a terminal, plain lines otherwise; the width is
     * {@code $COLUMNS} when the shell exports it, else 80.
     */
    public static Progress forStdout(long total, String unit) {
        var console = System.console();
        boolean terminal = console != null && console.isTerminal();
        return new Progress(System.out, terminal, columns(System.getenv("COLUMNS")), total, unit, System::nanoTime);
    }

    static int columns(String value) {
        try {
            int n = value == null ? 80 : Integer.parseInt(value.trim());
            return n >= 20 ? n : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Shows {@code done} of the total with a caller's status text (loss, accuracy, ...). */
    public void update(long done, String status) {
        long now = clock.getAsLong();
        if (!started) {
            // The time to the first update is start-up (class loading, JIT, data): the rate starts here.
            started = true;
            size = 0;
        }
        record(now, done);
        boolean last = done >= total;
        if (!terminal && !last && lastPlain != Long.MIN_VALUE && now - lastPlain < PLAIN_INTERVAL_NANOS) {
            return;
        }
        lastPlain = now;
        String line = line(done, status, rate(now));
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())) + (last ? "\n" : ""));
            shown = last ? 0 : line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints a message on a line of its own, ending the progress line first if one is showing. */
    public void println(String message) {
        if (shown > 0) {
            out.print("\r" + " ".repeat(shown) + "\r");
            shown = 0;
        }
        out.println(message);
        out.flush();
    }

    /** The line for {@code done} at {@code rate} units per second, at most {@code width - 1} characters. */
    String line(long done, String status, double rate) {
        double fraction = total == 0 ? 1 : Math.min(1.0, (double) done / total);
        String left = rate > 0 && done < total ? duration((total - done) / rate) : "-";
        String percent = String.format(Locale.ROOT, "%3.0f%% ", 100 * fraction);
        String tail = String.format(Locale.ROOT, " | %s %s/s | left %s", rate(rate), unit, left);
        int room = width - 1 - percent.length() - tail.length();
        String text = status.length() <= room ? status : status.substring(0, Math.max(0, room - 1)) + "~";
        int bar = terminal ? Math.min(BAR, room - text.length() - 3) : 0;
        StringBuilder sb = new StringBuilder();
        if (bar >= 8) {
            int filled = (int) Math.round(fraction * bar);
            sb.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(bar - filled))
                    .append("] ");
        }
        sb.append(percent).append(text).append(tail);
        return sb.length() < width ? sb.toString() : sb.substring(0, width - 1);
    }

    /** Units per second over the last {@link #RECENT_NANOS}, or since the start when that is shorter. */
    double rate(long now) {
        int newest = Math.floorMod(head - 1, HISTORY);
        int oldest = newest;
        for (int k = 1; k < size; k++) {
            int i = Math.floorMod(newest - k, HISTORY);
            oldest = i;
            if (now - times[i] >= RECENT_NANOS) {
                break;
            }
        }
        long nanos = now - times[oldest];
        return nanos > 0 ? (counts[newest] - counts[oldest]) * 1e9 / nanos : 0;
    }

    private void record(long now, long done) {
        int newest = Math.floorMod(head - 1, HISTORY);
        if (size > 1 && now - times[Math.floorMod(newest - 1, HISTORY)] < HISTORY_STEP_NANOS) {
            times[newest] = now;
            counts[newest] = done;
            return;
        }
        times[head] = now;
        counts[head] = done;
        head = (head + 1) % HISTORY;
        size = Math.min(size + 1, HISTORY);
    }

    /** Whole numbers for fast work, three significant digits for slow work (0.0417 chips/s). */
    static String rate(double perSecond) {
        return perSecond >= 100 || perSecond == 0
                ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%.3g", perSecond);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
