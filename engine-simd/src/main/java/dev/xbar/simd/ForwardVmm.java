package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static dev.xbar.simd.Lanes.NATIVE;
import static dev.xbar.simd.Lanes.N_BYTES;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.MUL;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The forward VMM y[b][j] = ADC(sum_i DAC(V[b][i]) G[i][j] + noise), a chunk of batch rows at a time: the chunk's
 * currents first, then its read and output noise in one bulk draw each (per-call overhead dominates short draws),
 * then noise and ADC flat over its outputs, while they are still in cache. Windows of at most {@link
 * NarrowVmm#MAX_COLS} columns put the lanes over batch rows ({@link NarrowVmm}; a chunk too short to fill them uses
 * the kernels below), and so do windows of at most one vector of inputs and one of columns (the paper CNN's conv1: 9
 * inputs, 15 columns), whose per-row DAC and lane sum cost the kernels below more than their products (measured: 190
 * against 255 us for conv1's 6,400 rows). Other windows are register-blocked over
 * the row-major planes, whose output columns are contiguous: each pass keeps a block of batch rows x column vectors in
 * accumulators, loads each conductance vector once for the whole block and broadcasts the inputs. The main block is 4
 * batch rows x 4 vectors (16 independent FMA chains); leftover columns go one vector at a time (masked at the window's
 * edge) and leftover batch rows one at a time. Noise and ADC stay out of the blocked kernels: inlined into them they
 * exceed C2's inlining node budget, and the Vector API then falls back to boxed vectors.
 *
 * <p>Every lane accumulates its output over i in ascending order with one fused multiply-add per term, exactly as the
 * scalar reference does, and every path sums V^2 the same way, fma(weight v, v, .) over the inputs in ascending order
 * (lane-wise over batch rows on the narrow path, four rows' chains side by side on the wide one), so the outputs are
 * bit-identical to the reference's whatever the window, the chunk or the vector width. The wide path once summed V^2
 * along its lanes and then pairwise across them: bits that depended on the vector width and, through the read noise's
 * sigma, put an output one ADC step from the reference's now and then, enough for a long in situ run to take another
 * path (the default run: 94.81% against the scalar kernels' 92.66%).
 */
final class ForwardVmm {
    private ForwardVmm() {}

    /**
     * Runs batch rows [first, first + count). Outputs and draws use the global row index, and each output's lanes do
     * not depend on which chunk or block it falls in, so any split of a batch into row ranges gives the same bits.
     *
     * @param g the conductance plane
     * @param at byte offset of the window's first device
     * @param stride bytes per chip row
     * @param rows window rows (inputs)
     * @param cols window columns (outputs)
     * @param in the call's input rows (rows inputs each)
     * @param out outputs [batch x cols]
     * @param first the first batch row
     * @param count batch rows
     * @param rc the call's read chain
     */
    static void run(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final int cols,
            final InputRows in,
            final float[] out,
            final int first,
            final int count,
            final ReadChain rc) {
        final boolean narrow = cols <= NarrowVmm.MAX_COLS || (rows <= N && cols <= N);
        final int qs = ReadChain.padded(rows);
        final int chunk = narrow ? NarrowVmm.ROWS : chunkRows(cols);
        final Scratch s = Scratch.forward(
                (narrow ? NarrowVmm.STRIDE : 4) * qs,
                narrow ? NarrowVmm.ROWS * qs : 0,
                Math.max(chunk * cols, narrow ? NarrowVmm.TILES : 0) + N,
                chunk);
        final float[] squares = rc.relative() ? s.squares : null;
        final int end = first + count;
        for (int c0 = first; c0 < end; c0 += chunk) {
            final int n = Math.min(chunk, end - c0);
            if (narrow && n >= NarrowVmm.MIN_ROWS) {
                NarrowVmm.chunk(
                        g,
                        at,
                        stride,
                        rows,
                        cols,
                        in,
                        c0,
                        n,
                        rc,
                        out,
                        s.sumV2,
                        squares,
                        s.inputs,
                        s.spare,
                        s.currents,
                        s.currentSquares);
            } else {
                wide(g, at, stride, rows, cols, in, out, c0, n, rc, s, squares);
            }
            rc.draw((long) c0 * cols, s.noise1, s.noise2, n * cols);
            rc.epilogue(out, c0 * cols, n, cols, s.sumV2, squares, s.noise1, s.noise2, s.rowSums);
        }
    }

    /** Batch rows per chunk on the wide path: about one pass of bulk draws, in whole blocks of 4. */
    private static int chunkRows(final int cols) {
        return Math.max(4, VectorRandom.BLOCK / cols / 4 * 4);
    }

    /** Raw currents, sums of V^2 and (when squares is not null) sums of (V G)^2 of one chunk, lanes over columns. */
    private static void wide(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final int cols,
            final InputRows in,
            final float[] out,
            final int c0,
            final int n,
            final ReadChain rc,
            final Scratch s,
            final float[] squares) {
        final int qs = ReadChain.padded(rows);
        final float[] q = s.inputs;
        final float[] sumV2 = s.sumV2;
        final boolean relative = squares != null;
        final int end = c0 + n;
        int b = c0;
        for (; b <= end - 4; b += 4) {
            for (int r = 0; r < 4; r++) {
                rc.dac(in.src(), in.at(b + r), in.scale(b + r), in.weights(), q, r * qs, rows);
            }
            sumsOfSquares4(q, qs, rows, in.weights(), sumV2, b - c0);
            int c = 0;
            if (!relative) {
                for (; c <= cols - 4 * N; c += 4 * N) {
                    rows4cols4(g, at + (long) c * Float.BYTES, stride, rows, q, qs, out, b * cols + c, cols);
                }
            }
            for (; c < cols; c += N) {
                rows4cols1(
                        g,
                        at + (long) c * Float.BYTES,
                        stride,
                        rows,
                        q,
                        qs,
                        relative,
                        out,
                        b * cols + c,
                        cols,
                        s.squares,
                        (b - c0) * cols + c,
                        c);
            }
        }
        for (; b < end; b++) {
            rc.dac(in.src(), in.at(b), in.scale(b), in.weights(), q, 0, rows);
            sumV2[b - c0] = sumOfSquares(q, 0, rows, in.weights());
            int c = 0;
            if (!relative) {
                for (; c <= cols - 4 * N; c += 4 * N) {
                    rows1cols4(g, at + (long) c * Float.BYTES, stride, rows, q, out, b * cols + c);
                }
            }
            for (; c < cols; c += N) {
                rows1cols1(
                        g,
                        at + (long) c * Float.BYTES,
                        stride,
                        rows,
                        q,
                        relative,
                        out,
                        b * cols + c,
                        s.squares,
                        (b - c0) * cols + c,
                        c,
                        cols);
            }
        }
    }

    /**
     * The sums of V^2 of 4 quantised rows (q[r qs + i]) into sumV2[at + r], each in the reference's order: fma(weight
     * v, v, .) over the inputs ascending, the four rows' chains side by side to hide the FMA's latency.
     */
    private static void sumsOfSquares4(
            final float[] q, final int qs, final int rows, final float[] weights, final float[] sumV2, final int at) {
        float s0 = 0.0f;
        float s1 = 0.0f;
        float s2 = 0.0f;
        float s3 = 0.0f;
        for (int i = 0; i < rows; i++) {
            final float w = weights[i];
            final float v0 = q[i];
            final float v1 = q[qs + i];
            final float v2 = q[2 * qs + i];
            final float v3 = q[3 * qs + i];
            s0 = Math.fma(v0 * w, v0, s0);
            s1 = Math.fma(v1 * w, v1, s1);
            s2 = Math.fma(v2 * w, v2, s2);
            s3 = Math.fma(v3 * w, v3, s3);
        }
        sumV2[at] = s0;
        sumV2[at + 1] = s1;
        sumV2[at + 2] = s2;
        sumV2[at + 3] = s3;
    }

    /** One quantised row's sum of V^2 from q[from], in the reference's order (as {@link #sumsOfSquares4}). */
    private static float sumOfSquares(final float[] q, final int from, final int rows, final float[] weights) {
        float s = 0.0f;
        for (int i = 0; i < rows; i++) {
            final float v = q[from + i];
            s = Math.fma(v * weights[i], v, s);
        }
        return s;
    }

    /** 4 batch rows x 4 full column vectors of currents; no read noise proportional to G. */
    private static void rows4cols4(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final int qs,
            final float[] out,
            final int outAt,
            final int cols) {
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = FloatVector.zero(F);
        FloatVector a02 = FloatVector.zero(F);
        FloatVector a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F);
        FloatVector a11 = FloatVector.zero(F);
        FloatVector a12 = FloatVector.zero(F);
        FloatVector a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F);
        FloatVector a21 = FloatVector.zero(F);
        FloatVector a22 = FloatVector.zero(F);
        FloatVector a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F);
        FloatVector a31 = FloatVector.zero(F);
        FloatVector a32 = FloatVector.zero(F);
        FloatVector a33 = FloatVector.zero(F);
        for (int i = 0; i < rows; i++) {
            final long o = at + (long) i * stride;
            final FloatVector x0 = FloatVector.fromMemorySegment(F, g, o, NATIVE);
            final FloatVector x1 = FloatVector.fromMemorySegment(F, g, o + N_BYTES, NATIVE);
            final FloatVector x2 = FloatVector.fromMemorySegment(F, g, o + 2 * N_BYTES, NATIVE);
            final FloatVector x3 = FloatVector.fromMemorySegment(F, g, o + 3 * N_BYTES, NATIVE);
            FloatVector v = FloatVector.broadcast(F, q[i]);
            a00 = v.lanewise(FMA, x0, a00);
            a01 = v.lanewise(FMA, x1, a01);
            a02 = v.lanewise(FMA, x2, a02);
            a03 = v.lanewise(FMA, x3, a03);
            v = FloatVector.broadcast(F, q[qs + i]);
            a10 = v.lanewise(FMA, x0, a10);
            a11 = v.lanewise(FMA, x1, a11);
            a12 = v.lanewise(FMA, x2, a12);
            a13 = v.lanewise(FMA, x3, a13);
            v = FloatVector.broadcast(F, q[2 * qs + i]);
            a20 = v.lanewise(FMA, x0, a20);
            a21 = v.lanewise(FMA, x1, a21);
            a22 = v.lanewise(FMA, x2, a22);
            a23 = v.lanewise(FMA, x3, a23);
            v = FloatVector.broadcast(F, q[3 * qs + i]);
            a30 = v.lanewise(FMA, x0, a30);
            a31 = v.lanewise(FMA, x1, a31);
            a32 = v.lanewise(FMA, x2, a32);
            a33 = v.lanewise(FMA, x3, a33);
        }
        a00.intoArray(out, outAt);
        a01.intoArray(out, outAt + N);
        a02.intoArray(out, outAt + 2 * N);
        a03.intoArray(out, outAt + 3 * N);
        a10.intoArray(out, outAt + cols);
        a11.intoArray(out, outAt + cols + N);
        a12.intoArray(out, outAt + cols + 2 * N);
        a13.intoArray(out, outAt + cols + 3 * N);
        a20.intoArray(out, outAt + 2 * cols);
        a21.intoArray(out, outAt + 2 * cols + N);
        a22.intoArray(out, outAt + 2 * cols + 2 * N);
        a23.intoArray(out, outAt + 2 * cols + 3 * N);
        a30.intoArray(out, outAt + 3 * cols);
        a31.intoArray(out, outAt + 3 * cols + N);
        a32.intoArray(out, outAt + 3 * cols + 2 * N);
        a33.intoArray(out, outAt + 3 * cols + 3 * N);
    }

    /** 1 batch row x 4 full column vectors (4 chains): batch tails and single vectors. */
    private static void rows1cols4(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final float[] out,
            final int outAt) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int i = 0; i < rows; i++) {
            final long o = at + (long) i * stride;
            final FloatVector v = FloatVector.broadcast(F, q[i]);
            a0 = v.lanewise(FMA, FloatVector.fromMemorySegment(F, g, o, NATIVE), a0);
            a1 = v.lanewise(FMA, FloatVector.fromMemorySegment(F, g, o + N_BYTES, NATIVE), a1);
            a2 = v.lanewise(FMA, FloatVector.fromMemorySegment(F, g, o + 2 * N_BYTES, NATIVE), a2);
            a3 = v.lanewise(FMA, FloatVector.fromMemorySegment(F, g, o + 3 * N_BYTES, NATIVE), a3);
        }
        a0.intoArray(out, outAt);
        a1.intoArray(out, outAt + N);
        a2.intoArray(out, outAt + 2 * N);
        a3.intoArray(out, outAt + 3 * N);
    }

    /**
     * 4 batch rows x 1 column vector (masked at the window's edge); with sum (V G)^2 per output into squares (same
     * layout as the chunk's noise draws, from squaresAt) when the read noise is relative.
     */
    private static void rows4cols1(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final int qs,
            final boolean relative,
            final float[] out,
            final int outAt,
            final int cols,
            final float[] squares,
            final int squaresAt,
            final int c) {
        // the mask is made here, not passed in: a vector or mask crossing a call that is not inlined is boxed
        final VectorMask<Float> m = F.indexInRange(c, cols);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int i = 0; i < rows; i++) {
            final FloatVector x = FloatVector.fromMemorySegment(F, g, at + (long) i * stride, NATIVE, m);
            final FloatVector v0 = FloatVector.broadcast(F, q[i]);
            a0 = v0.lanewise(FMA, x, a0);
            final FloatVector v1 = FloatVector.broadcast(F, q[qs + i]);
            a1 = v1.lanewise(FMA, x, a1);
            final FloatVector v2 = FloatVector.broadcast(F, q[2 * qs + i]);
            a2 = v2.lanewise(FMA, x, a2);
            final FloatVector v3 = FloatVector.broadcast(F, q[3 * qs + i]);
            a3 = v3.lanewise(FMA, x, a3);
            if (relative) {
                final FloatVector vg0 = x.lanewise(MUL, v0);
                s0 = vg0.lanewise(FMA, vg0, s0);
                final FloatVector vg1 = x.lanewise(MUL, v1);
                s1 = vg1.lanewise(FMA, vg1, s1);
                final FloatVector vg2 = x.lanewise(MUL, v2);
                s2 = vg2.lanewise(FMA, vg2, s2);
                final FloatVector vg3 = x.lanewise(MUL, v3);
                s3 = vg3.lanewise(FMA, vg3, s3);
            }
        }
        a0.intoArray(out, outAt, m);
        a1.intoArray(out, outAt + cols, m);
        a2.intoArray(out, outAt + 2 * cols, m);
        a3.intoArray(out, outAt + 3 * cols, m);
        if (relative) {
            s0.intoArray(squares, squaresAt, m);
            s1.intoArray(squares, squaresAt + cols, m);
            s2.intoArray(squares, squaresAt + 2 * cols, m);
            s3.intoArray(squares, squaresAt + 3 * cols, m);
        }
    }

    /** 1 batch row x 1 column vector (masked at the window's edge), with sum (V G)^2 when the noise needs it. */
    private static void rows1cols1(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final boolean relative,
            final float[] out,
            final int outAt,
            final float[] squares,
            final int squaresAt,
            final int c,
            final int cols) {
        final VectorMask<Float> m = F.indexInRange(c, cols);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector s0 = FloatVector.zero(F);
        for (int i = 0; i < rows; i++) {
            final FloatVector x = FloatVector.fromMemorySegment(F, g, at + (long) i * stride, NATIVE, m);
            final FloatVector v0 = FloatVector.broadcast(F, q[i]);
            a0 = v0.lanewise(FMA, x, a0);
            if (relative) {
                final FloatVector vg0 = x.lanewise(MUL, v0);
                s0 = vg0.lanewise(FMA, vg0, s0);
            }
        }
        a0.intoArray(out, outAt, m);
        if (relative) {
            s0.intoArray(squares, squaresAt, m);
        }
    }
}
