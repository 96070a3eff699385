package dev.xbar.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks that stand before big reads and allocations. */
class BoundedInputsTest {

    @Test
    void aFileOverItsLimitIsRefusedByNameAndSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.json");
        Files.write(file, new byte[1001]);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BoundedFiles.read(file, 1000, "chip spec"));
        assertTrue(e.getMessage().contains("chip spec " + file + " is 1001 bytes, more than the 1000"), e.getMessage());
        assertArrayEquals(new byte[1000], BoundedFiles.read(dir.resolve(write(dir, 1000)), 1000, "x"));
    }

    private static String write(Path dir, int size) throws Exception {
        Files.write(dir.resolve("ok"), new byte[size]);
        return "ok";
    }

    @Test
    void devicesAndFoldersAreRefused(@TempDir Path dir) {
        IllegalArgumentException device = assertThrows(
                IllegalArgumentException.class, () -> BoundedFiles.read(Path.of("/dev/zero"), 1 << 20, "fault map"));
        assertTrue(device.getMessage().contains("not a regular file"), device.getMessage());
        IllegalArgumentException folder =
                assertThrows(IllegalArgumentException.class, () -> BoundedFiles.read(dir, 1 << 20, "fault map"));
        assertTrue(folder.getMessage().contains("it is a folder"), folder.getMessage());
    }

    @Test
    void memoryBeyondWhatIsFreeIsRefusedWithTheAmounts() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> MemoryBudget.require(3L << 20, 1L << 20, "a 4096 x 4096 chip"));
        assertTrue(
                e.getMessage().startsWith("a 4096 x 4096 chip needs 3 MiB of memory, the JVM has 1 MiB free"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
        assertDoesNotThrow(() -> MemoryBudget.require(1L << 20, 1L << 20, "fits"));
    }

    @Test
    void everyValidSpecFitsInAChipFile() {
        ChipSpec nmi = ChipSpec.preset("nmi2019");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> nmi.with("rows", 8192).with("cols", 8192));
        assertTrue(e.getMessage().contains("more than a chip file holds"), e.getMessage());
        assertDoesNotThrow(() -> nmi.with("rows", 8192).with("cols", 6400));
    }
}
