package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Folder precedence: explicit path, then XBAR_DATA, then ~/.cache/xbar/datasets/mnist. */
class DatasetCacheTest {
    private static final Path HOME = Path.of("/home/someone");

    @Test
    void explicitBeatsEnvironmentBeatsDefault() {
        Map<String, String> env = Map.of("XBAR_DATA", "/data/mnist");
        assertEquals(
                Path.of("/x/y"),
                DatasetCache.resolve(Path.of("/x/y"), env, HOME).folder());
        assertEquals(
                Path.of("/data/mnist"), DatasetCache.resolve(null, env, HOME).folder());
        assertEquals(
                Path.of("/home/someone/.cache/xbar/datasets/mnist"),
                DatasetCache.resolve(null, Map.of(), HOME).folder());
        assertEquals(
                Path.of("/home/someone/.cache/xbar/datasets/mnist"),
                DatasetCache.resolve(null, Map.of("XBAR_DATA", " "), HOME).folder());
    }

    @Test
    void relativePathsBecomeAbsolute() {
        assertEquals(
                Path.of("rel").toAbsolutePath(),
                DatasetCache.resolve(Path.of("rel"), Map.of(), HOME).folder());
    }
}
