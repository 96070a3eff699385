package dev.xbar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report flags rows a reader should not quote, and says why. */
class ReportTest {
    private static Report.Result result(
            final String impl, final double seconds, final double error, final double bytes) {
        return new Report.Result(
                "PulseBenchmark.applyPulses", impl, Map.of("chip", "nmi2019"), seconds, error, bytes, Double.NaN, "25");
    }

    @Test
    void aPlausibleRowHasNoDoubts() {
        assertEquals(List.of(), Report.doubts(result("scalar", 226e-6, 5e-6, 0), result("simd", 106e-6, 3e-6, 0)));
    }

    @Test
    void aQuickRunThatNeverCompiledTheSimdKernelIsFlagged() {
        // the figures of a -wi 1 -i 2 run quoted in issue 12: 17.1 us SIMD against 32 ns scalar, no error, 646 B/op
        final List<String> doubts =
                Report.doubts(result("scalar", 32e-9, Double.NaN, 0), result("simd", 17.1e-6, Double.NaN, 646));
        assertTrue(doubts.stream().anyMatch(d -> d.contains("no error estimate")), doubts.toString());
        assertTrue(doubts.stream().anyMatch(d -> d.contains("slower than scalar")), doubts.toString());
        assertTrue(doubts.stream().anyMatch(d -> d.contains("allocates 646 B/op")), doubts.toString());
    }

    @Test
    void aNoisyRowIsFlaggedAndTheTableSaysSo() {
        final String table =
                Report.render(List.of(result("scalar", 226e-6, 200e-6, 0), result("simd", 106e-6, 3e-6, 0)), "x.json");
        assertTrue(table.contains("scalar: error above 50% of the score"), table);
        assertTrue(table.contains("WARNING: 1 row(s) above are doubtful"), table);
        assertFalse(Report.render(List.of(result("scalar", 226e-6, 5e-6, 0), result("simd", 106e-6, 3e-6, 0)), "x.json")
                .contains("WARNING"));
    }

    @Test
    void aRunWithoutThePeakBenchmarkSaysSoInWords() {
        final String table =
                Report.render(List.of(result("scalar", 226e-6, 5e-6, 0), result("simd", 106e-6, 3e-6, 0)), "x.json");
        assertTrue(table.contains("FMA peak not measured in this run (select FmaPeakBenchmark too)."), table);
        assertFalse(table.contains("not measured GFLOP/s"), table);
    }
}
