package dev.xbar.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench/ab's arguments, its one-line errors, and the medians it prints. */
class SameJvmAbTest {
    @Test
    void defaultsAndOptionsInAnyOrder() {
        final SameJvmAb.Options defaults = SameJvmAb.Options.parse(new String[] {"new=b.jar"});
        assertEquals("insitu", defaults.mode());
        assertEquals("train", defaults.pass());
        assertEquals(15, defaults.rounds());
        assertArrayEquals(new int[] {1, 2}, defaults.threads());
        final SameJvmAb.Options o = SameJvmAb.Options.parse(new String[] {
            "base=/tmp/a.jar", "--mode", "software", "--pass", "test", "new=b.jar", "--rounds", "3", "--threads", "2"
        });
        assertEquals("software", o.mode());
        assertEquals("test", o.pass());
        assertEquals(3, o.rounds());
        assertArrayEquals(new int[] {2}, o.threads());
        assertEquals(List.of("base", "new"), List.copyOf(o.builds().keySet()));
        assertEquals(Path.of("/tmp/a.jar"), o.builds().get("base"));
    }

    @Test
    void badArgumentsAreNamedWithWhatWasExpected() {
        assertMessage("--mode fast: expected one of insitu, software", "--mode", "fast", "new=b.jar");
        assertMessage("--rounds 0: expected a positive whole number", "--rounds", "0", "new=b.jar");
        assertMessage("--steps x: expected a positive whole number", "new=b.jar", "--steps", "x");
        assertMessage("--pass needs a value", "new=b.jar", "--pass");
        assertMessage("'b.jar' is not LABEL=JAR", "b.jar");
        assertMessage("label 'new' is given twice", "new=a.jar", "new=b.jar");
        assertTrue(message("--seed", "1", "new=b.jar").startsWith("unknown option --seed"));
        assertTrue(message().startsWith("no build to time"));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals("806 us per step (787-848), 3 rounds", SameJvmAb.summary(List.of(848.0, 787.0, 806.0)));
        assertEquals("805 us per step (787-848), 4 rounds", SameJvmAb.summary(List.of(848.0, 787.0, 806.0, 804.0)));
    }

    private static void assertMessage(final String expected, final String... args) {
        assertEquals(expected, message(args));
    }

    private static String message(final String... args) {
        return assertThrows(IllegalArgumentException.class, () -> SameJvmAb.Options.parse(args))
                .getMessage();
    }
}
