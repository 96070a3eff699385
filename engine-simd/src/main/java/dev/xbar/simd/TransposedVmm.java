package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static dev.xbar.simd.Lanes.NATIVE;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.MUL;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The transposed VMM y[b][i] = ADC(sum_j DAC(V[b][j]) G[i][j] + noise): dot products along the contiguous rows. Four
 * batch rows share each conductance vector (4 independent accumulators, plus 4 for sum (V G)^2 when the read noise
 * is relative), the lanes are reduced once per output after the row, in {@link VectorMath#sumOfLanes}'s fixed order
 * (reduceLanes(ADD) could give other bits before C2 compiles the caller than after). The conductance loads carry the
 * window-edge mask on every vector (the quantised inputs are zero-padded to whole vectors): a separate unmasked path
 * would meet the masked one in a phi, which C2 may box, or duplicate the loop body. Noise and ADC follow per batch
 * block. The sums are reassociated, so they match the scalar reference up to float rounding, not bit for bit.
 */
final class TransposedVmm {
    private TransposedVmm() {}

    /**
     * Runs the whole batch.
     *
     * @param g the conductance plane
     * @param at byte offset of the window's first device
     * @param stride bytes per chip row
     * @param rows window rows (outputs)
     * @param cols window columns (inputs)
     * @param volts inputs [batch x cols]
     * @param out outputs [batch x rows]
     * @param batch input vectors
     * @param rc the call's read chain
     */
    static void run(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final int cols,
            final float[] volts,
            final float[] out,
            final int batch,
            final ReadChain rc) {
        final int qs = ReadChain.padded(cols);
        final Scratch s = Scratch.get(4 * Math.max(qs, rows), 0, 0, 0);
        final float[] ones = s.ones(cols);
        final float[] q = s.inputs;
        final boolean relative = rc.relative();
        int b = 0;
        for (; b <= batch - 4; b += 4) {
            for (int r = 0; r < 4; r++) {
                s.sumV2[r] = rc.dac(volts, (b + r) * cols, 1.0f, ones, q, r * qs, cols);
            }
            for (int i = 0; i < rows; i++) {
                rows4(g, at + (long) i * stride, cols, q, qs, relative, out, b * rows + i, s.squares, i, rows);
            }
            finish(rc, out, b, 4, rows, s, relative);
        }
        for (; b < batch; b++) {
            s.sumV2[0] = rc.dac(volts, b * cols, 1.0f, ones, q, 0, cols);
            for (int i = 0; i < rows; i++) {
                rows1(g, at + (long) i * stride, cols, q, relative, out, b * rows + i, s.squares, i);
            }
            finish(rc, out, b, 1, rows, s, relative);
        }
    }

    /** Noise and ADC on the nb x rows raw sums of batch rows b .. b + nb - 1. */
    private static void finish(
            final ReadChain rc,
            final float[] out,
            final int b,
            final int nb,
            final int rows,
            final Scratch s,
            final boolean relative) {
        rc.draw((long) b * rows, s.noise1, s.noise2, nb * rows);
        for (int r = 0; r < nb; r++) {
            for (int i = 0; i < rows; i++) {
                final int k = r * rows + i;
                out[b * rows + k] = rc.finish(
                        out[b * rows + k], s.sumV2[r], relative ? s.squares[k] : 0.0f, s.noise1[k], s.noise2[k]);
            }
        }
    }

    /** Chip row at {@code o} against 4 batch rows of inputs: raw sums into out, sums of (V G)^2 into squares. */
    private static void rows4(
            final MemorySegment g,
            final long o,
            final int cols,
            final float[] q,
            final int qs,
            final boolean relative,
            final float[] out,
            final int outAt,
            final float[] squares,
            final int squaresAt,
            final int rows) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int j = 0; j < cols; j += N) {
            final FloatVector x =
                    FloatVector.fromMemorySegment(F, g, o + (long) j * Float.BYTES, NATIVE, F.indexInRange(j, cols));
            final FloatVector v0 = FloatVector.fromArray(F, q, j);
            final FloatVector v1 = FloatVector.fromArray(F, q, qs + j);
            final FloatVector v2 = FloatVector.fromArray(F, q, 2 * qs + j);
            final FloatVector v3 = FloatVector.fromArray(F, q, 3 * qs + j);
            a0 = v0.lanewise(FMA, x, a0);
            a1 = v1.lanewise(FMA, x, a1);
            a2 = v2.lanewise(FMA, x, a2);
            a3 = v3.lanewise(FMA, x, a3);
            if (relative) {
                final FloatVector vg0 = v0.lanewise(MUL, x);
                final FloatVector vg1 = v1.lanewise(MUL, x);
                final FloatVector vg2 = v2.lanewise(MUL, x);
                final FloatVector vg3 = v3.lanewise(MUL, x);
                s0 = vg0.lanewise(FMA, vg0, s0);
                s1 = vg1.lanewise(FMA, vg1, s1);
                s2 = vg2.lanewise(FMA, vg2, s2);
                s3 = vg3.lanewise(FMA, vg3, s3);
            }
        }
        out[outAt] = VectorMath.sumOfLanes(a0);
        out[outAt + rows] = VectorMath.sumOfLanes(a1);
        out[outAt + 2 * rows] = VectorMath.sumOfLanes(a2);
        out[outAt + 3 * rows] = VectorMath.sumOfLanes(a3);
        if (relative) {
            squares[squaresAt] = VectorMath.sumOfLanes(s0);
            squares[squaresAt + rows] = VectorMath.sumOfLanes(s1);
            squares[squaresAt + 2 * rows] = VectorMath.sumOfLanes(s2);
            squares[squaresAt + 3 * rows] = VectorMath.sumOfLanes(s3);
        }
    }

    /** Chip row at {@code o} against 1 batch row of inputs. */
    private static void rows1(
            final MemorySegment g,
            final long o,
            final int cols,
            final float[] q,
            final boolean relative,
            final float[] out,
            final int outAt,
            final float[] squares,
            final int squaresAt) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector s0 = FloatVector.zero(F);
        for (int j = 0; j < cols; j += N) {
            final FloatVector x =
                    FloatVector.fromMemorySegment(F, g, o + (long) j * Float.BYTES, NATIVE, F.indexInRange(j, cols));
            final FloatVector v0 = FloatVector.fromArray(F, q, j);
            a0 = v0.lanewise(FMA, x, a0);
            if (relative) {
                final FloatVector vg0 = v0.lanewise(MUL, x);
                s0 = vg0.lanewise(FMA, vg0, s0);
            }
        }
        out[outAt] = VectorMath.sumOfLanes(a0);
        if (relative) {
            squares[squaresAt] = VectorMath.sumOfLanes(s0);
        }
    }
}
