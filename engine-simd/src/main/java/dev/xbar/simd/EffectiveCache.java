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

    private final long[] eras = new long[ENTRIES];
    private final long[] events = new long[ENTRIES];
    private final RowDrive[] drives = new RowDrive[ENTRIES];
    private final Window[] windows = new Window[ENTRIES];
    private final MemorySegment[] effective = new MemorySegment[ENTRIES];
    private int next;

    EffectiveCache() {
        Arrays.fill(effective, MemorySegment.NULL);
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
        for (int k = 0; k < ENTRIES; k++) {
            if (drives[k] == drive && events[k] == event && eras[k] == era && w.equals(windows[k])) {
                return effective[k];
            }
        }
        final int k = next;
        next = (next + 1) % ENTRIES;
        final long bytes = (long) drive.span() * stride * Float.BYTES;
        if (effective[k].byteSize() < bytes) {
            // the memory of an outgrown buffer is freed when it becomes unreachable
            effective[k] = Arena.ofAuto().allocate(bytes, Lanes.N_BYTES);
        }
        EffectiveConductances.build(chip, w, drive, effective[k], stride);
        eras[k] = era;
        events[k] = event;
        drives[k] = drive;
        windows[k] = w;
        return effective[k];
    }
}
