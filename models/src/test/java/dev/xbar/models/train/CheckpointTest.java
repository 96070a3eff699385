package dev.xbar.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.datasets.ImageDataset;
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
    void aVersion3CheckpointResumesOnMnistWithoutTheConversionCounts(@TempDir final Path dir) throws Exception {
        trainInto(dir);
        final ProgrammingStats saved = downgrade(dir, 3);
        try (Trainer trainer = Trainer.resume(dir, data(), 1)) {
            assertEquals(CONFIG, trainer.config());
            assertEquals(ImageDataset.MNIST, trainer.config().dataset());
            assertEquals(
                    new ProgrammingStats(
                            saved.setPulses(),
                            saved.resetPulses(),
                            saved.stepPulses(),
                            saved.reads(),
                            saved.vmms(),
                            0,
                            0,
                            0),
                    trainer.result().epochs().getFirst().stats());
        }
    }

    @Test
    void aVersion2CheckpointResumesOnTheDefaultSequenceTask(@TempDir final Path dir) throws Exception {
        trainInto(dir);
        downgrade(dir, 2);
        try (Trainer trainer = Trainer.resume(dir, data(), 1)) {
            assertEquals(CONFIG, trainer.config());
        }
    }

    /**
     * Rewrites the checkpoint in {@code dir} as an older version would have written it: version 3 has no dataset at
     * the end of the config and five counts per epoch; version 2 also lacks the MNIST-sequence task.
     *
     * @return the epoch's counts as saved
     */
    private static ProgrammingStats downgrade(final Path dir, final int version) throws Exception {
        final Path state = dir.resolve("gen-1").resolve(Checkpoint.STATE_FILE);
        byte[] bytes = Files.readAllBytes(state);
        final ProgrammingStats saved;
        try (Trainer trainer = Trainer.resume(dir, data(), 1)) {
            saved = trainer.result().epochs().getFirst().stats();
        }
        final ByteBuffer counts = ByteBuffer.allocate(8 * 8);
        counts.putLong(saved.setPulses()).putLong(saved.resetPulses()).putLong(saved.stepPulses());
        counts.putLong(saved.reads()).putLong(saved.vmms()).putLong(saved.vmmDevices());
        counts.putLong(saved.dacConversions()).putLong(saved.adcConversions());
        assertTrue(saved.vmmDevices() > 0, saved.toString());
        bytes = cut(bytes, counts.array(), 5 * 8, 3 * 8);
        // the config ends with the task (3 digits 3, 5, 8; 3 frames; no repeats; "sequence"; 12,000; 2,000; seed 1),
        // then the dataset ("mnist")
        final ByteBuffer task = ByteBuffer.allocate(4 + 4 + 1 + 2 + 8 + 4 + 4 + 8 + 2 + 5);
        task.put(new byte[] {3, 3, 5, 8}).putInt(3).put((byte) 0).putShort((short) 8);
        task.put("sequence".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        task.putInt(12_000).putInt(2_000).putLong(1);
        task.putShort((short) 5).put("mnist".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        bytes = version == 2
                ? cut(bytes, task.array(), 0, task.capacity())
                : cut(bytes, task.array(), task.capacity() - 7, 7);
        ByteBuffer.wrap(bytes, 8, 4).putInt(version);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt((int) crc.getValue());
        Files.write(state, bytes);
        return saved;
    }

    /** {@code bytes} without {@code length} bytes at {@code offset} into the one occurrence of {@code pattern}. */
    private static byte[] cut(final byte[] bytes, final byte[] pattern, final int offset, final int length) {
        final int at = indexOf(bytes, pattern);
        assertTrue(at > 0, "the pattern is in the checkpoint");
        final byte[] out = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, out, 0, at + offset);
        System.arraycopy(bytes, at + offset + length, out, at + offset, bytes.length - at - offset - length);
        return out;
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
