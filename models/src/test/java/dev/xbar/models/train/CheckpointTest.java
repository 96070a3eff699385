package dev.xbar.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.datasets.TrainTest;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint's file handling: one atomic switch per save, and bounded reads of what a file claims. */
class CheckpointTest {

    private static final TrainConfig CONFIG = TrainConfig.paper("mlp", ChipSpec.preset("natcomm2018"), 1)
            .withSamples(100, 100)
            .withSchedule(1, 50);

    private static TrainTest data() {
        return TestData.mnist8x8(100, 100);
    }

    private static void trainInto(final Path dir) {
        try (Trainer trainer = Trainer.create(CONFIG, data(), 1)) {
            trainer.run(TrainingListener.NONE, dir);
        }
    }

    @Test
    void aSaveKilledBetweenItsTwoFilesLeavesTheLastCheckpointWhole(@TempDir final Path dir) {
        trainInto(dir);
        assertEquals("gen-1", read(dir.resolve(Checkpoint.CURRENT_FILE)));
        // what a kill after the chip file of the next save leaves: a new chip file, no state file, no switch
        final Path next = dir.resolve("gen-2");
        try (Chip other = Chip.fabricate(ChipSpec.preset("natcomm2018"), 99, 0)) {
            other.save(next.resolve(Checkpoint.CHIP_FILE));
        }
        try (Trainer resumed = Trainer.resume(dir, data(), 1)) {
            assertEquals(1, resumed.epochsDone());
            Checkpoint.save(dir, resumed.state());
        }
        assertEquals("gen-2", read(dir.resolve(Checkpoint.CURRENT_FILE)));
        assertFalse(Files.exists(dir.resolve("gen-1")), "the old generation is deleted after the switch");
        try (Trainer again = Trainer.resume(dir, data(), 1)) {
            assertEquals(1, again.epochsDone());
        }
    }

    @Test
    void aDamagedPointerIsNamed(@TempDir final Path dir) throws Exception {
        trainInto(dir);
        Files.writeString(dir.resolve(Checkpoint.CURRENT_FILE), "../../etc\n");
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Trainer.resume(dir, data(), 1));
        assertTrue(
                e.getMessage().contains(Checkpoint.CURRENT_FILE)
                        && e.getMessage().contains("damaged"),
                e.getMessage());
    }

    @Test
    void aHugeCountWithAValidChecksumIsRefusedBeforeAllocating(@TempDir final Path dir) throws Exception {
        trainInto(dir);
        final Path state = dir.resolve("gen-1").resolve(Checkpoint.STATE_FILE);
        final byte[] bytes = Files.readAllBytes(state);
        // the weight layer count (2) followed by the first layer's weight count (64 x 54 = 3456)
        final int at = indexOf(bytes, new byte[] {0, 0, 0, 2, 0, 0, 0x0d, (byte) 0x80});
        assertTrue(at > 0);
        ByteBuffer.wrap(bytes, at, 4).putInt(Integer.MAX_VALUE);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt((int) crc.getValue());
        Files.write(state, bytes);
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Trainer.resume(dir, data(), 1));
        assertTrue(
                e.getMessage().contains(state.toString()) && e.getMessage().contains("runs past the end"),
                e.getMessage());
    }

    @Test
    void aVersion2CheckpointResumesOnTheDefaultSequenceTask(@TempDir final Path dir) throws Exception {
        trainInto(dir);
        final Path state = dir.resolve("gen-1").resolve(Checkpoint.STATE_FILE);
        final byte[] bytes = Files.readAllBytes(state);
        // version 3 appends the task to the config: 3 digits 3, 5, 8; 3 frames; no repeats; "sequence"; 12,000;
        // 2,000; seed 1. Version 2 files end the config before it.
        final ByteBuffer task = ByteBuffer.allocate(4 + 4 + 1 + 2 + 8 + 4 + 4 + 8);
        task.put(new byte[] {3, 3, 5, 8}).putInt(3).put((byte) 0).putShort((short) 8);
        task.put("sequence".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        task.putInt(12_000).putInt(2_000).putLong(1);
        final int at = indexOf(bytes, task.array());
        assertTrue(at > 0, "the default task is in the checkpoint");
        final byte[] old = new byte[bytes.length - task.capacity()];
        System.arraycopy(bytes, 0, old, 0, at);
        System.arraycopy(bytes, at + task.capacity(), old, at, bytes.length - at - task.capacity());
        ByteBuffer.wrap(old, 8, 4).putInt(2);
        final CRC32C crc = new CRC32C();
        crc.update(old, 0, old.length - 4);
        ByteBuffer.wrap(old, old.length - 4, 4).putInt((int) crc.getValue());
        Files.write(state, old);
        try (Trainer trainer = Trainer.resume(dir, data(), 1)) {
            assertEquals(CONFIG, trainer.config());
        }
    }

    private static int indexOf(final byte[] bytes, final byte[] pattern) {
        for (int i = bytes.length - pattern.length; i >= 0; i--) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file).strip();
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
