package dev.xbar.simd;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.RowDrive;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The effective conductances of the last few driven windows a thread has read ({@link EffectiveConductances}), each
 * kept under its chip's era and its call's event ({@link Chip#era}): the row ranges of one batch share an event, so a
 * forward pass builds each window's E once rather than once per range of samples. Building it per call had been
 * 5-7% of an in situ test pass of the paper CNN (25 ranges per batch, four windows). A call with another event, or
 * one after the chip's event counter was rewound, builds it again. One per thread, in its {@link Scratch}.
 */
final class EffectiveCache {
    /** Windows kept: the paper CNN reads four per pass, the ConvLSTM two; the oldest entry gives way. */
    private static final int ENTRIES = 8;

    /**
     * The entries, made once: a new buffer is a field store, not an array store, whose type check C2 compiled as a
     * trap (array_check) that each window's first buffer hit, four times per run, after which C2 compiled {@code
     * AnalogMatrix.multiply} again (about 160 ms of compile time in a default run, JFR).
     */
    private final Entry[] entries = new Entry[ENTRIES];

    private int next;

    EffectiveCache() {
        Arrays.setAll(entries, k -> new Entry());
    }

    /**
     * E of a driven window at an event, rows padded to {@code stride} floats: the kept one when the chip's era, the
     * event, the drive and the window are those it was built for (eras start at 1, so an empty entry never matches),
     * else built now into the oldest entry.
     *
     * @param chip the chip
     * @param w the window
     * @param drive the drive
     * @param event the call's event
     * @param stride floats per input row of E, the window's columns rounded up to whole vectors
     * @return native memory holding E, valid until this thread's next call
     */
    MemorySegment get(final Chip chip, final Window w, final RowDrive drive, final long event, final int stride) {
        final long era = chip.era();
        for (final Entry e : entries) {
            if (e.drive == drive && e.event == event && e.era == era && w.equals(e.window)) {
                return e.effective;
            }
        }
        final Entry e = entries[next];
        next = (next + 1) % ENTRIES;
        final long bytes = (long) drive.span() * stride * Float.BYTES;
        if (e.effective.byteSize() < bytes) {
            // the memory of an outgrown buffer is freed when it becomes unreachable
            e.effective = Arena.ofAuto().allocate(bytes, Lanes.N_BYTES);
        }
        EffectiveConductances.build(chip, w, drive, e.effective, stride);
        e.era = era;
        e.event = event;
        e.drive = drive;
        e.window = w;
        return e.effective;
    }

    /** One kept E and what it was built for. */
    private static final class Entry {
        long era;
        long event;
        RowDrive drive;
        Window window;
        MemorySegment effective = MemorySegment.NULL;
    }
}
