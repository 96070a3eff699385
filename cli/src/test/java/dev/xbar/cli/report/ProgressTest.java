package dev.xbar.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A clock the test moves by hand, in nanoseconds. */
    private static final class Clock {
        long now;

        void seconds(double s) {
            now += (long) (s * 1e9);
        }
    }

    private static final String STATUS = "epoch 1/2 batch 600/600 loss 0.123 acc 98.7%";

    /** A training run's output: batches with progress, an epoch message half-way and at the end. */
    private static String run(boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Clock clock = new Clock();
        Progress p = new Progress(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, 80, 1200, "images", () -> clock.now);
        for (int i = 1; i <= 1200; i++) {
            clock.seconds(0.05);
            p.update(i, STATUS + " " + i);
            if (i == 600 || i == 1200) {
                p.println(String.format(Locale.ROOT, "epoch %d: test accuracy 97.00%%, train loss 0.1", i / 600));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void terminalOutputFitsEightyColumnsAndNeverGluesTheEpochLine() {
        String out = run(true);
        // What the terminal shows: each \r returns to column 0, so every segment between \r and \n is one redraw.
        for (String line : out.split("\n")) {
            for (String redraw : line.split("\r")) {
                assertTrue(redraw.length() < 80, "over 79 columns: '" + redraw + "'");
            }
            String visible = line.substring(line.lastIndexOf('\r') + 1);
            if (visible.contains("epoch 1:") || visible.contains("epoch 2:")) {
                assertTrue(visible.startsWith("epoch "), "epoch line glued onto the bar: '" + visible + "'");
            }
        }
        assertFalse(out.contains("\u001b"), "no escape codes");
        assertTrue(out.contains("\nepoch 2:") || out.contains("\repoch 2:"), out);
    }

    @Test
    void pipedOutputIsPlainShortLinesWithoutEscapesOrCarriageReturns() {
        String out = run(false);
        assertFalse(out.contains("\u001b"), "escape code in piped output");
        assertFalse(out.contains("\r"), "carriage return in piped output");
        String[] lines = out.split("\n");
        for (String line : lines) {
            assertTrue(line.length() < 80, "over 79 columns: '" + line + "'");
            assertTrue(line.startsWith("epoch ") || line.matches("^ *\\d+% .*"), "glued or odd line: '" + line + "'");
        }
        // 60 s of work at one line per 5 s at most, plus the last one and the two epoch lines.
        assertTrue(lines.length >= 10 && lines.length <= 16, lines.length + " lines:\n" + out);
    }

    @Test
    void timeLeftComesFromTheRecentRateNotTheAverageSinceTheStart() {
        Clock clock = new Clock();
        Progress p = new Progress(
                new PrintStream(new ByteArrayOutputStream()), false, 80, 10_000, "images", () -> clock.now);
        // Warm-up: 100 images in the first 10 s, then 100 images/s for 20 s.
        for (int s = 1; s <= 10; s++) {
            clock.seconds(1);
            p.update(10L * s, "");
        }
        for (int s = 1; s <= 20; s++) {
            clock.seconds(1);
            p.update(100 + 100L * s, "");
        }
        assertEquals(100, p.rate(clock.now), 1e-9);
        // 7,900 left at 100/s; the average since the start (70/s) would say 1m53s.
        assertTrue(p.line(2100, "", p.rate(clock.now)).endsWith("left 1m19s"), p.line(2100, "", 100));
    }

    @Test
    void theTimeToTheFirstUpdateIsStartUpNotWork() {
        Clock clock = new Clock();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 80, 1000, "images", () -> clock.now);
        clock.seconds(30);
        p.update(10, "first");
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("left -\n"), bytes.toString());
        clock.seconds(1);
        p.update(100, "second");
        assertEquals(90, p.rate(clock.now), 1e-9, "90 images in the second since the first update");
    }

    @Test
    void longStatusIsCutToTheWidth() {
        Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), true, 60, 4, "chips", () -> 0);
        String line = p.line(2, "x".repeat(200), 1.0);
        assertEquals(59, line.length(), line);
        assertTrue(line.endsWith("| 1.00 chips/s | left 2s"), line);
    }

    @Test
    void terminalLineHasABarWhenThereIsRoom() {
        Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), true, 80, 4, "chips", () -> 0);
        assertTrue(p.line(2, "", 1.0).startsWith("[############............]  50%"), p.line(2, "", 1.0));
    }

    @Test
    void widthComesFromColumnsOrDefaultsToEighty() {
        assertEquals(120, Progress.columns("120"));
        assertEquals(80, Progress.columns(null));
        assertEquals(80, Progress.columns("wide"));
    }

    @Test
    void slowRatesKeepThreeDigits() {
        assertEquals("0.0417", Progress.rate(1 / 24.0));
        assertEquals("12.5", Progress.rate(12.5));
        assertEquals("3,954", Progress.rate(3954.2));
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("42s", Progress.duration(42));
        assertEquals("2m05s", Progress.duration(125));
        assertEquals("1h01m", Progress.duration(3660));
    }
}
