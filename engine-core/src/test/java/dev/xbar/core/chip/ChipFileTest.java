package dev.xbar.core.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.kernel.CrossbarKernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChipFileTest {
    @TempDir
    Path dir;

    private static final CrossbarKernels KERNELS = CrossbarKernels.named("scalar");

    /** A chip that has seen some events, so counters and state are not just fabrication's. */
    private static Chip programmedChip() {
        final Chip chip = Chip.fabricate(ChipSpec.preset("nmi2019"), 3, 2);
        KERNELS.resetAll(chip, Window.of(chip));
        KERNELS.setAll(chip, Window.of(chip), 1.6f);
        return chip;
    }

    private Path savedChip() {
        final Path file = dir.resolve("chip.xbar");
        try (Chip chip = programmedChip()) {
            chip.save(file);
        }
        return file;
    }

    @Test
    void saveAndLoadRoundTripBitForBit() throws IOException {
        final Path file = dir.resolve("chip.xbar");
        try (Chip chip = programmedChip()) {
            chip.save(file);
            try (Chip loaded = Chip.load(file)) {
                assertTrue(ChipTest.sameState(chip, loaded));
                assertEquals(chip.spec(), loaded.spec());
                assertEquals(chip.seed(), loaded.seed());
                assertEquals(chip.chipIndex(), loaded.chipIndex());
                assertEquals(chip.eventCounter(), loaded.eventCounter());
                assertEquals(chip.stats(), loaded.stats());
                // the loaded chip replays the same noise as the original
                final float[] a = new float[chip.rows() * chip.cols()];
                final float[] b = new float[a.length];
                KERNELS.readConductances(chip, Window.of(chip), a);
                KERNELS.readConductances(loaded, Window.of(loaded), b);
                assertTrue(Arrays.equals(a, b));
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void aDamagedFileIsRefusedNamingTheFile() throws IOException {
        final Path file = savedChip();
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chip.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        final Path file = savedChip();
        final byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chip.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("damaged or truncated"));
        Files.write(file, Arrays.copyOf(bytes, 20));
        assertThrows(IllegalArgumentException.class, () -> Chip.load(file));
    }

    @Test
    void anotherFileIsRefusedForItsMagic() throws IOException {
        final Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello, this is not a chip");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chip.load(file));
        assertTrue(e.getMessage().contains("no XBARCHIP magic"), e.getMessage());
    }

    @Test
    void anotherVersionIsRefused() throws IOException {
        final Path file = savedChip();
        final byte[] bytes = Files.readAllBytes(file);
        bytes[8] = 2;
        Files.write(file, bytes);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chip.load(file));
        assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
    }
}
