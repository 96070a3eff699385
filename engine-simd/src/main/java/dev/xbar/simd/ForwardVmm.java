package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static dev.xbar.simd.Lanes.NATIVE;
import static dev.xbar.simd.Lanes.N_BYTES;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The forward VMM y[b][j] = ADC(sum_i DAC(V[b][i]) G[i][j] + noise), register-blocked: the row-major planes make the
 * output columns contiguous, so each pass keeps a block of batch rows x column vectors in accumulators, loads each
 * conductance vector once for the whole block and broadcasts the inputs. The main block is 4 batch rows x 4 vectors
 * (16 independent FMA chains, enough to hide the FMA latency on both AVX-512 designs); leftover columns go one vector
 * at a time (masked at the window's edge) and leftover batch rows one at a time.
 *
 * <p>Every lane accumulates its column over i in ascending order with one fused multiply-add per term, exactly as the
 * scalar reference does, so the currents are bit-identical to it; only sum V^2 (a reduction along the input) is
 * reassociated. Noise and ADC run in the epilogue of each block while the accumulators are still in registers.
 */
final class ForwardVmm {
    private ForwardVmm() {}

    /**
     * Runs the whole batch.
     *
     * @param g the conductance plane
     * @param at byte offset of the window's first device
     * @param stride bytes per chip row
     * @param rows window rows (inputs)
     * @param cols window columns (outputs)
     * @param volts inputs [batch x rows]
     * @param out outputs [batch x cols]
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
        final int qs = ReadChain.padded(rows);
        final Scratch s = Scratch.get(4 * Math.max(qs, cols), 0, 0, 0);
        final float[] q = s.inputs;
        final float[] g1 = s.noise1;
        final float[] g2 = s.noise2;
        final boolean relative = rc.relative();
        int b = 0;
        for (; b <= batch - 4; b += 4) {
            final float v0 = rc.dac(volts, b * rows, q, 0, rows);
            final float v1 = rc.dac(volts, (b + 1) * rows, q, qs, rows);
            final float v2 = rc.dac(volts, (b + 2) * rows, q, 2 * qs, rows);
            final float v3 = rc.dac(volts, (b + 3) * rows, q, 3 * qs, rows);
            rc.draw((long) b * cols, g1, g2, 4 * cols);
            int c = 0;
            if (!relative) {
                for (; c <= cols - 4 * N; c += 4 * N) {
                    rows4cols4(
                            g,
                            at + (long) c * Float.BYTES,
                            stride,
                            rows,
                            q,
                            qs,
                            rc,
                            v0,
                            v1,
                            v2,
                            v3,
                            g1,
                            g2,
                            out,
                            b * cols + c,
                            c,
                            cols);
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
                        rc,
                        relative,
                        v0,
                        v1,
                        v2,
                        v3,
                        g1,
                        g2,
                        out,
                        b * cols + c,
                        c,
                        cols,
                        F.indexInRange(c, cols));
            }
        }
        for (; b < batch; b++) {
            final float v0 = rc.dac(volts, b * rows, q, 0, rows);
            rc.draw((long) b * cols, g1, g2, cols);
            int c = 0;
            if (!relative) {
                for (; c <= cols - 4 * N; c += 4 * N) {
                    rows1cols4(g, at + (long) c * Float.BYTES, stride, rows, q, rc, v0, g1, g2, out, b * cols + c, c);
                }
            }
            for (; c < cols; c += N) {
                rows1cols1(
                        g,
                        at + (long) c * Float.BYTES,
                        stride,
                        rows,
                        q,
                        rc,
                        relative,
                        v0,
                        g1,
                        g2,
                        out,
                        b * cols + c,
                        c,
                        F.indexInRange(c, cols));
            }
        }
    }

    /** 4 batch rows x 4 full column vectors; no read noise proportional to G. */
    private static void rows4cols4(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final int qs,
            final ReadChain rc,
            final float sum0,
            final float sum1,
            final float sum2,
            final float sum3,
            final float[] g1,
            final float[] g2,
            final float[] out,
            final int outAt,
            final int noiseAt,
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
            a00 = v.fma(x0, a00);
            a01 = v.fma(x1, a01);
            a02 = v.fma(x2, a02);
            a03 = v.fma(x3, a03);
            v = FloatVector.broadcast(F, q[qs + i]);
            a10 = v.fma(x0, a10);
            a11 = v.fma(x1, a11);
            a12 = v.fma(x2, a12);
            a13 = v.fma(x3, a13);
            v = FloatVector.broadcast(F, q[2 * qs + i]);
            a20 = v.fma(x0, a20);
            a21 = v.fma(x1, a21);
            a22 = v.fma(x2, a22);
            a23 = v.fma(x3, a23);
            v = FloatVector.broadcast(F, q[3 * qs + i]);
            a30 = v.fma(x0, a30);
            a31 = v.fma(x1, a31);
            a32 = v.fma(x2, a32);
            a33 = v.fma(x3, a33);
        }
        final VectorMask<Float> all = F.maskAll(true);
        final FloatVector sigma0 = FloatVector.broadcast(F, rc.sigma(sum0));
        rc.finish(a00, sigma0, g1, g2, 0 * cols + noiseAt, all).intoArray(out, outAt + 0 * cols, all);
        rc.finish(a01, sigma0, g1, g2, 0 * cols + noiseAt + 1 * N, all).intoArray(out, outAt + 0 * cols + 1 * N, all);
        rc.finish(a02, sigma0, g1, g2, 0 * cols + noiseAt + 2 * N, all).intoArray(out, outAt + 0 * cols + 2 * N, all);
        rc.finish(a03, sigma0, g1, g2, 0 * cols + noiseAt + 3 * N, all).intoArray(out, outAt + 0 * cols + 3 * N, all);
        final FloatVector sigma1 = FloatVector.broadcast(F, rc.sigma(sum1));
        rc.finish(a10, sigma1, g1, g2, 1 * cols + noiseAt, all).intoArray(out, outAt + 1 * cols, all);
        rc.finish(a11, sigma1, g1, g2, 1 * cols + noiseAt + 1 * N, all).intoArray(out, outAt + 1 * cols + 1 * N, all);
        rc.finish(a12, sigma1, g1, g2, 1 * cols + noiseAt + 2 * N, all).intoArray(out, outAt + 1 * cols + 2 * N, all);
        rc.finish(a13, sigma1, g1, g2, 1 * cols + noiseAt + 3 * N, all).intoArray(out, outAt + 1 * cols + 3 * N, all);
        final FloatVector sigma2 = FloatVector.broadcast(F, rc.sigma(sum2));
        rc.finish(a20, sigma2, g1, g2, 2 * cols + noiseAt, all).intoArray(out, outAt + 2 * cols, all);
        rc.finish(a21, sigma2, g1, g2, 2 * cols + noiseAt + 1 * N, all).intoArray(out, outAt + 2 * cols + 1 * N, all);
        rc.finish(a22, sigma2, g1, g2, 2 * cols + noiseAt + 2 * N, all).intoArray(out, outAt + 2 * cols + 2 * N, all);
        rc.finish(a23, sigma2, g1, g2, 2 * cols + noiseAt + 3 * N, all).intoArray(out, outAt + 2 * cols + 3 * N, all);
        final FloatVector sigma3 = FloatVector.broadcast(F, rc.sigma(sum3));
        rc.finish(a30, sigma3, g1, g2, 3 * cols + noiseAt, all).intoArray(out, outAt + 3 * cols, all);
        rc.finish(a31, sigma3, g1, g2, 3 * cols + noiseAt + 1 * N, all).intoArray(out, outAt + 3 * cols + 1 * N, all);
        rc.finish(a32, sigma3, g1, g2, 3 * cols + noiseAt + 2 * N, all).intoArray(out, outAt + 3 * cols + 2 * N, all);
        rc.finish(a33, sigma3, g1, g2, 3 * cols + noiseAt + 3 * N, all).intoArray(out, outAt + 3 * cols + 3 * N, all);
    }

    /** 1 batch row x 4 full column vectors (4 chains): batch tails and single vectors. */
    private static void rows1cols4(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final ReadChain rc,
            final float sum0,
            final float[] g1,
            final float[] g2,
            final float[] out,
            final int outAt,
            final int noiseAt) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int i = 0; i < rows; i++) {
            final long o = at + (long) i * stride;
            final FloatVector v = FloatVector.broadcast(F, q[i]);
            a0 = v.fma(FloatVector.fromMemorySegment(F, g, o, NATIVE), a0);
            a1 = v.fma(FloatVector.fromMemorySegment(F, g, o + N_BYTES, NATIVE), a1);
            a2 = v.fma(FloatVector.fromMemorySegment(F, g, o + 2 * N_BYTES, NATIVE), a2);
            a3 = v.fma(FloatVector.fromMemorySegment(F, g, o + 3 * N_BYTES, NATIVE), a3);
        }
        final VectorMask<Float> all = F.maskAll(true);
        final FloatVector sigma = FloatVector.broadcast(F, rc.sigma(sum0));
        rc.finish(a0, sigma, g1, g2, noiseAt, all).intoArray(out, outAt, all);
        rc.finish(a1, sigma, g1, g2, noiseAt + 1 * N, all).intoArray(out, outAt + 1 * N, all);
        rc.finish(a2, sigma, g1, g2, noiseAt + 2 * N, all).intoArray(out, outAt + 2 * N, all);
        rc.finish(a3, sigma, g1, g2, noiseAt + 3 * N, all).intoArray(out, outAt + 3 * N, all);
    }

    /** 4 batch rows x 1 column vector (masked at the window's edge), with sum (V G)^2 when the noise needs it. */
    private static void rows4cols1(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final int qs,
            final ReadChain rc,
            final boolean relative,
            final float sum0,
            final float sum1,
            final float sum2,
            final float sum3,
            final float[] g1,
            final float[] g2,
            final float[] out,
            final int outAt,
            final int noiseAt,
            final int cols,
            final VectorMask<Float> m) {
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
            a0 = v0.fma(x, a0);
            final FloatVector v1 = FloatVector.broadcast(F, q[qs + i]);
            a1 = v1.fma(x, a1);
            final FloatVector v2 = FloatVector.broadcast(F, q[2 * qs + i]);
            a2 = v2.fma(x, a2);
            final FloatVector v3 = FloatVector.broadcast(F, q[3 * qs + i]);
            a3 = v3.fma(x, a3);
            if (relative) {
                final FloatVector vg0 = x.mul(v0);
                s0 = vg0.fma(vg0, s0);
                final FloatVector vg1 = x.mul(v1);
                s1 = vg1.fma(vg1, s1);
                final FloatVector vg2 = x.mul(v2);
                s2 = vg2.fma(vg2, s2);
                final FloatVector vg3 = x.mul(v3);
                s3 = vg3.fma(vg3, s3);
            }
        }
        final FloatVector sigma0 = relative ? rc.sigma(sum0, s0) : FloatVector.broadcast(F, rc.sigma(sum0));
        rc.finish(a0, sigma0, g1, g2, noiseAt, m).intoArray(out, outAt, m);
        final FloatVector sigma1 = relative ? rc.sigma(sum1, s1) : FloatVector.broadcast(F, rc.sigma(sum1));
        rc.finish(a1, sigma1, g1, g2, 1 * cols + noiseAt, m).intoArray(out, outAt + 1 * cols, m);
        final FloatVector sigma2 = relative ? rc.sigma(sum2, s2) : FloatVector.broadcast(F, rc.sigma(sum2));
        rc.finish(a2, sigma2, g1, g2, 2 * cols + noiseAt, m).intoArray(out, outAt + 2 * cols, m);
        final FloatVector sigma3 = relative ? rc.sigma(sum3, s3) : FloatVector.broadcast(F, rc.sigma(sum3));
        rc.finish(a3, sigma3, g1, g2, 3 * cols + noiseAt, m).intoArray(out, outAt + 3 * cols, m);
    }

    /** 1 batch row x 1 column vector (masked at the window's edge). */
    private static void rows1cols1(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final ReadChain rc,
            final boolean relative,
            final float sum0,
            final float[] g1,
            final float[] g2,
            final float[] out,
            final int outAt,
            final int noiseAt,
            final VectorMask<Float> m) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector s0 = FloatVector.zero(F);
        for (int i = 0; i < rows; i++) {
            final FloatVector x = FloatVector.fromMemorySegment(F, g, at + (long) i * stride, NATIVE, m);
            final FloatVector v0 = FloatVector.broadcast(F, q[i]);
            a0 = v0.fma(x, a0);
            if (relative) {
                final FloatVector vg0 = x.mul(v0);
                s0 = vg0.fma(vg0, s0);
            }
        }
        final FloatVector sigma0 = relative ? rc.sigma(sum0, s0) : FloatVector.broadcast(F, rc.sigma(sum0));
        rc.finish(a0, sigma0, g1, g2, noiseAt, m).intoArray(out, outAt, m);
    }
}
