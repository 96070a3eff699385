package dev.xbar.core.chip;

import dev.xbar.core.io.AtomicFiles;
import dev.xbar.core.io.BoundedFiles;
import dev.xbar.core.io.MemoryBudget;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The chip file format (version 2), all numbers little-endian:
 *
 * <pre>
 *   offset  size        field
 *   0       8           magic "XBARCHIP" (ASCII)
 *   8       4           version = 2
 *   12      4           n = length of the spec JSON in bytes
 *   16      n           spec JSON (UTF-8, {@link ChipSpecJson})
 *   16+n    11 x 8      seed, chipIndex, event counter, then {@link ProgrammingStats} in field order: SET, RESET,
 *                       step pulses, reads, VMMs, VMM devices, DAC conversions, ADC conversions
 *   104+n   4 x 4       rows, cols, rowStride, planeCount
 *   120+n   P           planes in {@link Plane} order, each rows x rowStride float32 (padding included)
 *   120+n+P 4           CRC32C of every byte before it
 * </pre>
 *
 * Version 1 files (before the VMM device and conversion counts) still load, with those three counts at 0.
 *
 * A chip loads back bit for bit. Files are written to a temp file in the same folder and moved into place. Loading
 * refuses, with a message naming the file, anything shorter than its header says, with another magic, another
 * version, a checksum mismatch or dimensions that disagree with its spec.
 */
public final class ChipFile {
    /** The magic bytes at offset 0. */
    public static final byte[] MAGIC = "XBARCHIP".getBytes(StandardCharsets.US_ASCII);

    /** The format version this code writes and reads. */
    public static final int VERSION = 2;

    /** The version without the VMM device and conversion counts, still read. */
    private static final int VERSION_WITHOUT_CONVERSIONS = 1;

    private static final ValueLayout.OfFloat FILE_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int FIXED_BYTES = 8 + 4 + 4 + 11 * 8 + 4 * 4 + 4;
    /** The three counts a version 1 file lacks. */
    private static final int CONVERSION_BYTES = 3 * 8;

    /** The largest chip file: one Java array. {@link ChipSpec} refuses chips whose file would be larger. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /** Room for the header and the spec JSON that {@link ChipSpec} keeps free below {@link #MAX_FILE_BYTES}. */
    static final long HEADER_ROOM = ChipSpecJson.MAX_FILE_BYTES;

    private ChipFile() {}

    /**
     * Saves a chip atomically.
     *
     * @param chip the chip
     * @param file the target file
     */
    public static void save(final Chip chip, final Path file) {
        final byte[] spec = ChipSpecJson.toJson(chip.spec()).getBytes(StandardCharsets.UTF_8);
        final long stateBytes = chip.state().byteSize();
        final long total = FIXED_BYTES + spec.length + stateBytes;
        if (total > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("chip of " + total + " bytes is too large for a chip file");
        }
        MemoryBudget.requireHeap(total, "saving a chip file of " + total + " bytes (" + file + ")");
        final ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).putInt(spec.length).put(spec);
        final ProgrammingStats stats = chip.stats();
        out.putLong(chip.seed()).putLong(chip.chipIndex()).putLong(chip.eventCounter());
        out.putLong(stats.setPulses()).putLong(stats.resetPulses()).putLong(stats.stepPulses());
        out.putLong(stats.reads()).putLong(stats.vmms());
        out.putLong(stats.vmmDevices()).putLong(stats.dacConversions()).putLong(stats.adcConversions());
        out.putInt(chip.rows()).putInt(chip.cols()).putInt(chip.rowStride()).putInt(Plane.all().length);
        final int planesAt = out.position();
        MemorySegment.copy(
                chip.state(),
                ValueLayout.JAVA_FLOAT,
                0,
                MemorySegment.ofArray(out.array()),
                FILE_FLOAT,
                planesAt,
                stateBytes / Float.BYTES);
        out.position(planesAt + (int) stateBytes);
        out.putInt(crc(out.array(), out.position()));
        AtomicFiles.writeBytes(file, out.array());
    }

    /**
     * Loads a chip.
     *
     * @param file the chip file
     * @return the chip, as saved
     * @throws IllegalArgumentException naming the file if it is not a valid chip file
     * @throws IllegalArgumentException also if it is missing, unreadable, not a regular file or too large
     */
    public static Chip load(final Path file) {
        final byte[] bytes = BoundedFiles.read(file, MAX_FILE_BYTES, "chip file");
        try {
            return parse(bytes);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("chip file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Chip parse(final byte[] bytes) {
        if (bytes.length < MAGIC.length || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a chip file (no XBARCHIP magic)");
        }
        if (bytes.length < FIXED_BYTES - CONVERSION_BYTES) {
            throw new IllegalArgumentException("truncated: " + bytes.length + " bytes");
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(MAGIC.length);
        final int version = in.getInt();
        if (version != VERSION && version != VERSION_WITHOUT_CONVERSIONS) {
            throw new IllegalArgumentException("format version " + version + ", this build reads "
                    + VERSION_WITHOUT_CONVERSIONS + " and " + VERSION);
        }
        final boolean conversions = version == VERSION;
        final int fixed = conversions ? FIXED_BYTES : FIXED_BYTES - CONVERSION_BYTES;
        final int specLength = in.getInt();
        if (specLength < 0 || specLength > bytes.length - fixed) {
            throw new IllegalArgumentException(
                    "truncated or damaged: spec length " + specLength + " in a file of " + bytes.length + " bytes");
        }
        final int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
        if (stored != crc(bytes, bytes.length - 4)) {
            throw new IllegalArgumentException("checksum mismatch: the file is damaged or truncated");
        }
        final byte[] specBytes = new byte[specLength];
        in.get(specBytes);
        final ChipSpec spec = ChipSpecJson.fromJson(new String(specBytes, StandardCharsets.UTF_8), "spec");
        final long seed = in.getLong();
        final long chipIndex = in.getLong();
        final long events = in.getLong();
        final ProgrammingStats stats = new ProgrammingStats(
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                conversions ? in.getLong() : 0,
                conversions ? in.getLong() : 0,
                conversions ? in.getLong() : 0);
        final int rows = in.getInt();
        final int cols = in.getInt();
        final int stride = in.getInt();
        final int planeCount = in.getInt();
        if (rows != spec.rows()
                || cols != spec.cols()
                || stride != ChipLayout.rowStride(cols)
                || planeCount != Plane.all().length) {
            throw new IllegalArgumentException("layout " + rows + " x " + cols + " stride " + stride + " with "
                    + planeCount + " planes does not match its spec (" + spec.rows() + " x " + spec.cols() + ", "
                    + Plane.all().length + " planes)");
        }
        final long stateBytes = ChipLayout.planeBytes(rows, cols) * planeCount;
        if (in.position() + stateBytes + 4 != bytes.length) {
            throw new IllegalArgumentException("size " + bytes.length + " bytes does not match its layout ("
                    + (in.position() + stateBytes + 4) + " bytes)");
        }
        final Chip chip = new Chip(spec, seed, chipIndex);
        MemorySegment.copy(
                MemorySegment.ofArray(bytes),
                FILE_FLOAT,
                in.position(),
                chip.state(),
                ValueLayout.JAVA_FLOAT,
                0,
                stateBytes / Float.BYTES);
        chip.restore(events, stats);
        return chip;
    }

    private static int crc(final byte[] bytes, final int length) {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
