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
 * Read-back of every device through TIA and ADC, a row at a time: the row's read and output noise (index k = i cols +
 * j) are drawn in bulk, then each vector of devices goes through {@link ReadChain#finish} and is divided back by the
 * read voltage. Bit-identical to the scalar reference (no sums are involved).
 */
final class ReadBack {
    private ReadBack() {}

    static void run(final Chip chip, final Window w, final float vRead, final float[] out, final ReadChain rc) {
        final int cols = w.cols();
        final Scratch s = Scratch.get(cols, 0, 0, 0);
        final float[] g1 = s.noise1;
        final float[] g2 = s.noise2;
        final float v2 = vRead * vRead;
        final MemorySegment g = chip.conductance();
        final FloatVector volts = FloatVector.broadcast(F, vRead);
        for (int i = 0; i < w.rows(); i++) {
            final int k0 = i * cols;
            rc.draw(k0, g1, g2, cols);
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < cols; j += N) {
                final VectorMask<Float> m = F.indexInRange(j, cols);
                final FloatVector vg = FloatVector.fromMemorySegment(F, g, row + (long) j * Float.BYTES, NATIVE, m)
                        .mul(volts);
                rc.finish(vg, rc.sigma(vg.broadcast(v2), vg.mul(vg)), g1, g2, j, m)
                        .div(volts)
                        .intoArray(out, k0 + j, m);
            }
        }
    }
}
