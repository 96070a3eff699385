package dev.xbar.simd;

import static dev.xbar.simd.Lanes.N;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import java.lang.foreign.MemorySegment;

/**
 * Read-back of every device through TIA and ADC, a chunk of window rows at a time: the chunk's read and output noise
 * (index k = i cols + j) are drawn in bulk, its rows of conductances are staged one after the other into a heap row,
 * and the chunk goes through {@link ReadChain#readBack} flat over k (the forward products' noise-and-ADC pass).
 * Bit-identical to the scalar reference (no sums are involved).
 *
 * <p>Flat over the chunk rather than row by row: the paper CNN's windows are 4 to 15 columns wide, so a row was one
 * partial vector, read and written with masks; C2's code for that row kernel (a masked segment load, three masked
 * array accesses) was 15-16 KB, among the largest compilations of a default run. Now the passes run over whole
 * vectors of the padded staging row (lanes past the chunk compute on whatever is there and are not stored) and only
 * the chunk's last vector is stored into out with a mask.
 */
final class ReadBack {
    /** Devices per bulk draw of noise (a few of the generator's blocks). */
    static final int CHUNK = 4 * VectorRandom.BLOCK;

    private ReadBack() {}

    static void run(final Chip chip, final Window w, final float vRead, final float[] out, final ReadChain rc) {
        final int cols = w.cols();
        final int chunkRows = chunkRows(cols);
        final int chunk = ReadChain.padded(Math.min(w.rows(), chunkRows) * cols);
        final Scratch s = Scratch.forward(chunk, 0, chunk + N, chunkRows);
        final MemorySegment g = chip.conductance();
        for (int r0 = 0; r0 < w.rows(); r0 += chunkRows) {
            final int r1 = Math.min(w.rows(), r0 + chunkRows);
            rc.draw((long) r0 * cols, s.noise1, s.noise2, (r1 - r0) * cols);
            for (int i = r0; i < r1; i++) {
                MemorySegment.copy(g, JAVA_FLOAT, chip.offset(w.row0() + i, w.col0()), s.inputs, (i - r0) * cols, cols);
            }
            rc.readBack(r1 - r0, cols, vRead, s, out, r0 * cols);
        }
    }

    /**
     * Window rows whose noise is drawn in one bulk call: about {@link #CHUNK} devices. Drawn row by row, a narrow
     * window (the paper CNN's blocks are 4 to 15 columns wide) never filled a lane group of the bulk generator and
     * drew every value with the scalar Gaussian.
     */
    static int chunkRows(final int cols) {
        return Math.max(1, CHUNK / cols);
    }
}
