package dev.xbar.core.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.kernel.CrossbarKernels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
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
        final Window w = Window.of(chip);
        final float[] volts = new float[w.rows()];
        Arrays.fill(volts, 0.1f);
        KERNELS.vmm(chip, w, volts, new float[w.cols()], 1);
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

    /** A version 1 file (no VMM device or conversion counts) loads with those counts at 0 and the same state. */
    @Test
    void aVersionOneFileLoadsWithoutTheConversionCounts() throws IOException {
        final Path file = dir.resolve("chip.xbar");
        try (Chip chip = programmedChip()) {
            chip.save(file);
            final byte[] v2 = Files.readAllBytes(file);
            final int specLength =
                    ByteBuffer.wrap(v2, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            final int counts = 16 + specLength + 8 * 8;
            final byte[] v1 = new byte[v2.length - 24];
            System.arraycopy(v2, 0, v1, 0, counts);
            System.arraycopy(v2, counts + 24, v1, counts, v2.length - counts - 24);
            v1[8] = 1;
            final CRC32C crc = new CRC32C();
            crc.update(v1, 0, v1.length - 4);
            ByteBuffer.wrap(v1, v1.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
            final Path old = dir.resolve("old.xbar");
            Files.write(old, v1);
            try (Chip loaded = Chip.load(old)) {
                assertTrue(ChipTest.sameState(chip, loaded));
                final ProgrammingStats s = chip.stats();
                assertTrue(s.vmmDevices() > 0, s.toString());
                assertEquals(
                        new ProgrammingStats(
                                s.setPulses(), s.resetPulses(), s.stepPulses(), s.reads(), s.vmms(), 0, 0, 0),
                        loaded.stats());
            }
        }
    }

    @Test
    void anotherVersionIsRefused() throws IOException {
        final Path file = savedChip();
        final byte[] bytes = Files.readAllBytes(file);
        bytes[8] = 3;
        Files.write(file, bytes);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chip.load(file));
        assertTrue(e.getMessage().contains("format version 3"), e.getMessage());
    }
}
