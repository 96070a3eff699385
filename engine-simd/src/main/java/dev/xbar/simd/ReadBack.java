package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static dev.xbar.simd.Lanes.NATIVE;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Read-back of every device through TIA and ADC, a chunk of window rows at a time: the chunk's read and output noise
 * (index k = i cols + j) are drawn in bulk, then each vector of devices goes through {@link ReadChain#finish} and is divided back by the
 * read voltage. Bit-identical to the scalar reference (no sums are involved).
 */
final class ReadBack {
    /** Devices per bulk draw of noise (a few of the generator's blocks). */
    static final int CHUNK = 4 * VectorRandom.BLOCK;

    private ReadBack() {}

    static void run(final Chip chip, final Window w, final float vRead, final float[] out, final ReadChain rc) {
        final int cols = w.cols();
        final int chunkRows = chunkRows(cols);
        final Scratch s = Scratch.get(Math.min(w.rows(), chunkRows) * cols, 0, 0, 0);
        final float[] g1 = s.noise1;
        final float[] g2 = s.noise2;
        final float v2 = vRead * vRead;
        final MemorySegment g = chip.conductance();
        for (int r0 = 0; r0 < w.rows(); r0 += chunkRows) {
            final int r1 = Math.min(w.rows(), r0 + chunkRows);
            rc.draw((long) r0 * cols, g1, g2, (r1 - r0) * cols);
            for (int i = r0; i < r1; i++) {
                row(
                        g,
                        chip.offset(w.row0() + i, w.col0()),
                        cols,
                        vRead,
                        v2,
                        g1,
                        g2,
                        (i - r0) * cols,
                        out,
                        i * cols,
                        rc);
            }
        }
    }

    /**
     * One window row: the devices at byte offset {@code at} through TIA and ADC into {@code out[k0..]}, with noise
     * from {@code noiseAt}. Its own compilation unit: inlined into the chunk loop with the noise draws, the read path's
     * vector helpers passed C2's node budget (NodeCountInliningCutoff) and every vector was boxed (270 KB per full
     * chip read-back, -prof gc).
     */
    private static void row(
            final MemorySegment g,
            final long at,
            final int cols,
            final float vRead,
            final float v2,
            final float[] g1,
            final float[] g2,
            final int noiseAt,
            final float[] out,
            final int k0,
            final ReadChain rc) {
        final FloatVector volts = FloatVector.broadcast(F, vRead); // a vector crossing a call is boxed
        for (int j = 0; j < cols; j += N) {
            final VectorMask<Float> m = F.indexInRange(j, cols);
            final FloatVector vg = FloatVector.fromMemorySegment(F, g, at + (long) j * Float.BYTES, NATIVE, m)
                    .mul(volts);
            rc.finish(vg, rc.sigma(vg.broadcast(v2), vg.mul(vg)), g1, g2, noiseAt + j, m, false)
                    .div(volts)
                    .intoArray(out, k0 + j, m);
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
