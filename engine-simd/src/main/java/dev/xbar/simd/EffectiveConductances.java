package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static dev.xbar.simd.Lanes.NATIVE;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.MUL;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.RowDrive;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@link RowDrive#effective} on vectors, straight into the native buffer the forward VMM reads: E[u] = 0 + sign G[row]
 * + ... over input u's rows in the same order, lane-wise, so the same bits as the reference. It runs once per window
 * and event ({@link EffectiveCache}); element by element it had cost as much as a tenth of an ex situ trial.
 */
final class EffectiveConductances {
    private EffectiveConductances() {}

    /**
     * Writes E of the drive's span at {@code e[u * stride + j]} (bytes: times 4); lanes from w.cols to the next
     * multiple of N are written too (with whatever the masked loads give), so stride must be cols rounded up to whole
     * vectors.
     */
    static void build(final Chip chip, final Window w, final RowDrive drive, final MemorySegment e, final int stride) {
        final MemorySegment g = chip.conductance();
        final int cols = w.cols();
        for (int u = 0; u < drive.span(); u++) {
            final long to = (long) u * stride * Float.BYTES;
            final int first = drive.groupStart(u);
            final int end = drive.groupStart(u + 1);
            for (int c = 0; c < cols; c += N) {
                final VectorMask<Float> m = F.indexInRange(c, cols);
                FloatVector sum = FloatVector.zero(F);
                for (int k = first; k < end; k++) {
                    final long from = chip.offset(w.row0() + drive.groupRow(k), w.col0() + c);
                    sum = sum.lanewise(
                            ADD,
                            FloatVector.fromMemorySegment(F, g, from, NATIVE, m)
                                    .lanewise(MUL, FloatVector.broadcast(F, drive.groupSign(k))));
                }
                sum.intoMemorySegment(e, to + (long) c * Float.BYTES, NATIVE);
            }
        }
    }
}
