package dev.xbar.cli.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line for long work: redrawn in place with a bar on a terminal, plain lines at most every
 * few seconds otherwise (logs and CI output stay readable). Time left is extrapolated from the rate
 * so far.
 */
public final class Progress {

    private static final int BAR = 24;
    private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final String unit;
    private final long start = System.nanoTime();
    private long lastPlain = Long.MIN_VALUE;

    /** {@code terminal} chooses in-place redraws; pass {@code System.console() != null} for stdout. */
    public Progress(PrintStream out, boolean terminal, long total, String unit) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.unit = unit;
    }

    /** Shows {@code done} of the total with a caller's status text (loss, accuracy, ...). */
    public void update(long done, String status) {
        long now = System.nanoTime();
        boolean last = done >= total;
        if (!terminal && !last && lastPlain != Long.MIN_VALUE && now - lastPlain < PLAIN_INTERVAL_NANOS) {
            return;
        }
        lastPlain = now;
        String line = line(done, status, (now - start) / 1e9);
        if (terminal) {
            out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
            out.flush();
        } else {
            out.println(line);
        }
    }

    String line(long done, String status, double seconds) {
        double fraction = total == 0 ? 1 : Math.min(1.0, (double) done / total);
        double rate = seconds > 0 ? done / seconds : 0;
        String left = rate > 0 && done < total ? duration((total - done) / rate) : "-";
        StringBuilder sb = new StringBuilder();
        if (terminal) {
            int filled = (int) Math.round(fraction * BAR);
            sb.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(BAR - filled))
                    .append("] ");
        }
        sb.append(String.format(Locale.ROOT, "%3.0f%% %s", 100 * fraction, status));
        sb.append(String.format(Locale.ROOT, " | %s %s/s | left %s", rate(rate), unit, left));
        return sb.toString();
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
