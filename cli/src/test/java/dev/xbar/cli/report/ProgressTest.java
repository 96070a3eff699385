package dev.xbar.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void lineShowsFractionRateAndTimeLeft() {
        Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), false, 1000, "samples");
        assertEquals(" 25% epoch 1 | 50.0 samples/s | left 15s", p.line(250, "epoch 1", 5.0));
    }

    @Test
    void terminalLineHasABar() {
        Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), true, 4, "chips");
        assertTrue(p.line(2, "", 1.0).startsWith("[############............]  50%"), p.line(2, "", 1.0));
    }

    @Test
    void plainOutputPrintsTheFirstAndLastUpdateButNotEveryOne() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 100, "x");
        for (int i = 1; i <= 100; i++) {
            p.update(i, "step " + i);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("|", lines));
        assertTrue(lines[0].contains("step 1 "), lines[0]);
        assertTrue(lines[1].startsWith("100% step 100"), lines[1]);
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
