package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernels call vector arithmetic as {@code lanewise(OP, ..)}, never through the helpers ({@code fma}, {@code mul},
 * {@code add}, ..) that dispatch on the vector's class inside the JDK from a profile every caller shares: C2 boxed a
 * kernel's accumulators for the rest of a run when that profile was still empty (the package doc; engine-simd's
 * {@code launcher-jit-flags-unprofiled-jdk} execution shows it for the forward VMM only, this covers every kernel). Masks'
 * {@code and}, {@code or} and {@code not} dispatch at the call site already and are allowed.
 */
class KernelDispatchTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/xbar/simd");

    /** A helper call on a receiver that is not a java.lang class (Math.min and the like are scalar). */
    private static final Pattern HELPER =
            Pattern.compile("(?<!Math|Integer|Long|Float|Double)\\.(fma|mul|add|sub|div|min|max|abs|neg|sqrt)\\(");

    @Test
    void noKernelCallsAVectorArithmeticHelper() throws IOException {
        final List<String> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (final Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                final List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    final String code = lines.get(i).strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
                        continue;
                    }
                    final Matcher m = HELPER.matcher(code.replaceAll("//.*", ""));
                    if (m.find()) {
                        calls.add(file.getFileName() + ":" + (i + 1) + ": " + code);
                    }
                }
            }
        }
        assertEquals(List.of(), calls, "vector helpers called; write lanewise(OP, ..)");
    }

    @Test
    void theCheckFindsAHelperCall() {
        assertTrue(HELPER.matcher("a0 = x.fma(g0, a0);").find());
        assertFalse(HELPER.matcher("final int r = Math.min(b, n - 1);").find());
        assertFalse(HELPER.matcher("a0 = x.lanewise(FMA, g0, a0);").find());
    }
}
