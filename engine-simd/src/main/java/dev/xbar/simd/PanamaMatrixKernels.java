package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;

import dev.xbar.core.kernel.MatrixKernelSupport;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The dense matrix kernels ({@link MatrixKernelSupport}) with the Vector API, on arguments the front has checked. Every product is one shape: c[r, :] = sum_i a[r, i] b[i, :], the
 * contiguous row of b in the lanes, so each lane sums its output in the contract's order (i ascending, one FMA per
 * term from +0) and the results equal the scalar reference's (which skips zero activations: it can differ only in the
 * sign of a zero or where a weight is not finite).
 *
 * <ul>
 *   <li>multiply: a = x, b = w.
 *   <li>multiplyTransposed: a = dy, b = w transposed into a per-thread buffer ([outputs x inputs], at most a few
 *       thousand floats per call), so no lane reduction is needed.
 *   <li>weightGradient: the sum runs over rows instead: grad[i, :] += x[r, i] dy[r, :], eight inputs at a time so eight
 *       independent FMA chains hide the FMA latency.
 * </ul>
 *
 * Layers have few outputs (4 to 15 here), fewer than one vector: the last vector of a row is stored under a mask
 * computed once per call, and loaded without one while the full vector stays inside the array (the lanes past the row
 * read the next row and are never stored).
 *
 * <p>Package-private and loaded only by {@link SimdKernelProvider}.
 */
final class PanamaMatrixKernels implements MatrixKernelSupport {
    /** Runs shorter than this many values are copied value by value ({@link #copyRuns}). */
    private static final int SHORT_RUN = 4;

    /** Per-thread buffer for the transposed weights, grown on first use. */
    private static final ThreadLocal<float[][]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[1][0]);

    PanamaMatrixKernels() {}

    @Override
    public String name() {
        return SimdKernelProvider.NAME;
    }

    @Override
    public void multiply(
            final float[] x,
            final int inputs,
            final float[] w,
            final int outputs,
            final float[] y,
            final int from,
            final int to) {
        product(x, inputs, w, outputs, y, from, to);
    }

    @Override
    public void scaleRows(
            final float[] x, final int inputs, final float volts, final float[] scales, final int from, final int to) {
        final VectorMask<Float> tail = F.indexInRange(0, inputs % N);
        for (int r = from; r < to; r++) {
            final int xr = r * inputs;
            FloatVector max = FloatVector.zero(F);
            int i = 0;
            for (; i <= inputs - N; i += N) {
                max = max.max(FloatVector.fromArray(F, x, xr + i).abs());
            }
            if (i < inputs) {
                max = max.max(FloatVector.fromArray(F, x, xr + i, tail).abs());
            }
            final float m = max.reduceLanes(VectorOperators.MAX);
            scales[r] = m == 0.0f ? 1.0f : volts / m;
        }
    }

    /**
     * A run's channels in the lanes, as {@link #sumRuns}; runs shorter than {@link #SHORT_RUN} (a single-channel
     * image's pixels) go value by value, where a vector per value would only add work.
     */
    @Override
    public void copyRuns(
            final float[] src,
            final int srcBase,
            final int[] at,
            final int atFrom,
            final int runs,
            final float[] dst,
            final int dstAt,
            final int n) {
        if (n < SHORT_RUN) {
            for (int k = 0; k < runs; k++) {
                final int from = at[atFrom + k];
                for (int c = 0; c < n; c++) {
                    dst[dstAt + k * n + c] = from < 0 ? 0.0f : src[srcBase + from + c];
                }
            }
            return;
        }
        final int whole = n - n % N;
        final VectorMask<Float> tail = F.indexInRange(whole, n);
        final FloatVector zero = FloatVector.zero(F);
        for (int k = 0; k < runs; k++) {
            final int from = at[atFrom + k];
            final int out = dstAt + k * n;
            for (int c = 0; c < whole; c += N) {
                (from < 0 ? zero : FloatVector.fromArray(F, src, srcBase + from + c)).intoArray(dst, out + c);
            }
            if (whole < n) {
                (from < 0 ? zero : FloatVector.fromArray(F, src, srcBase + from + whole, tail))
                        .intoArray(dst, out + whole, tail);
            }
        }
    }

    /**
     * The channels in the lanes: whole vectors, then the tail under a mask computed once per call; each term one
     * vector add per vector.
     */
    @Override
    public void sumRuns(
            final float[] src,
            final int srcBase,
            final int[] at,
            final int atFrom,
            final int terms,
            final float[] dst,
            final int dstAt,
            final int n,
            final int pixels) {
        final int whole = n - n % N;
        final VectorMask<Float> tail = F.indexInRange(whole, n);
        for (int q = 0; q < pixels; q++) {
            final int first = atFrom + q * terms;
            final int out = dstAt + q * n;
            for (int c = 0; c < whole; c += N) {
                FloatVector sum = FloatVector.zero(F);
                for (int t = first; t < first + terms; t++) {
                    if (at[t] >= 0) {
                        sum = sum.add(FloatVector.fromArray(F, src, srcBase + at[t] + c));
                    }
                }
                sum.intoArray(dst, out + c);
            }
            if (whole < n) {
                FloatVector sum = FloatVector.zero(F);
                for (int t = first; t < first + terms; t++) {
                    if (at[t] >= 0) {
                        sum = sum.add(FloatVector.fromArray(F, src, srcBase + at[t] + whole, tail));
                    }
                }
                sum.intoArray(dst, out + whole, tail);
            }
        }
    }

    @Override
    public void multiplyTransposed(
            final float[] dy,
            final int outputs,
            final float[] w,
            final int inputs,
            final float[] dx,
            final int from,
            final int to) {
        final float[][] holder = TRANSPOSED.get();
        if (holder[0].length < inputs * outputs) {
            holder[0] = new float[inputs * outputs];
        }
        final float[] wt = holder[0];
        for (int i = 0; i < inputs; i++) {
            for (int j = 0; j < outputs; j++) {
                wt[j * inputs + i] = w[i * outputs + j];
            }
        }
        product(dy, outputs, wt, inputs, dx, from, to);
    }

    /** c[r, j] = sum_i a[r, i] b[i, j] for rows [from, to); a is [rows x k], b [k x n] (bounds checked by callers). */
    private static void product(
            final float[] a, final int k, final float[] b, final int n, final float[] c, final int from, final int to) {
        for (int jb = 0; jb < n; jb += N) {
            final VectorMask<Float> m = F.indexInRange(jb, n);
            // rows i of b whose whole vector at i * n + jb lies inside b; later rows load under the mask
            final int bSafe = Math.clamp(Math.floorDiv(b.length - jb - N, n) + 1L, 0, k);
            int r = from;
            // four rows share each load of b and give four independent FMA chains
            for (; r + 4 <= to; r += 4) {
                final int a0 = r * k;
                FloatVector c0 = FloatVector.zero(F);
                FloatVector c1 = FloatVector.zero(F);
                FloatVector c2 = FloatVector.zero(F);
                FloatVector c3 = FloatVector.zero(F);
                for (int i = 0; i < k; i++) {
                    final FloatVector bi = i < bSafe
                            ? FloatVector.fromArray(F, b, i * n + jb)
                            : FloatVector.fromArray(F, b, i * n + jb, m);
                    c0 = bi.fma(FloatVector.broadcast(F, a[a0 + i]), c0);
                    c1 = bi.fma(FloatVector.broadcast(F, a[a0 + k + i]), c1);
                    c2 = bi.fma(FloatVector.broadcast(F, a[a0 + 2 * k + i]), c2);
                    c3 = bi.fma(FloatVector.broadcast(F, a[a0 + 3 * k + i]), c3);
                }
                c0.intoArray(c, r * n + jb, m);
                c1.intoArray(c, (r + 1) * n + jb, m);
                c2.intoArray(c, (r + 2) * n + jb, m);
                c3.intoArray(c, (r + 3) * n + jb, m);
            }
            for (; r < to; r++) {
                FloatVector c0 = FloatVector.zero(F);
                for (int i = 0; i < k; i++) {
                    final FloatVector bi = i < bSafe
                            ? FloatVector.fromArray(F, b, i * n + jb)
                            : FloatVector.fromArray(F, b, i * n + jb, m);
                    c0 = bi.fma(FloatVector.broadcast(F, a[r * k + i]), c0);
                }
                c0.intoArray(c, r * n + jb, m);
            }
        }
    }

    @Override
    public void weightGradient(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final float[] grad,
            final int at) {
        for (int jb = 0; jb < outputs; jb += N) {
            // rows r of dy whose whole vector at r * outputs + jb lies inside dy; later rows load under the mask
            final int safe = Math.clamp(Math.floorDiv(dy.length - jb - N, outputs) + 1L, from, to);
            int i = 0;
            for (; i + 8 <= inputs; i += 8) {
                gradient8(x, inputs, dy, outputs, from, to, safe, jb, grad, at + i * outputs + jb, i);
            }
            for (; i < inputs; i++) {
                gradient1(x, inputs, dy, outputs, from, to, safe, jb, grad, at + i * outputs + jb, i);
            }
        }
    }

    /** Eight gradient rows i0..i0+7, lanes jb.., summed over rows [from, to). */
    private static void gradient8(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final int safe,
            final int jb,
            final float[] grad,
            final int g,
            final int i0) {
        // the mask is made here, not passed in: a mask crossing a call that is not inlined is boxed
        final VectorMask<Float> m = F.indexInRange(jb, outputs);
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        FloatVector s4 = FloatVector.zero(F);
        FloatVector s5 = FloatVector.zero(F);
        FloatVector s6 = FloatVector.zero(F);
        FloatVector s7 = FloatVector.zero(F);
        for (int r = from; r < to; r++) {
            final FloatVector d = r < safe
                    ? FloatVector.fromArray(F, dy, r * outputs + jb)
                    : FloatVector.fromArray(F, dy, r * outputs + jb, m);
            final int xr = r * inputs + i0;
            s0 = d.fma(FloatVector.broadcast(F, x[xr]), s0);
            s1 = d.fma(FloatVector.broadcast(F, x[xr + 1]), s1);
            s2 = d.fma(FloatVector.broadcast(F, x[xr + 2]), s2);
            s3 = d.fma(FloatVector.broadcast(F, x[xr + 3]), s3);
            s4 = d.fma(FloatVector.broadcast(F, x[xr + 4]), s4);
            s5 = d.fma(FloatVector.broadcast(F, x[xr + 5]), s5);
            s6 = d.fma(FloatVector.broadcast(F, x[xr + 6]), s6);
            s7 = d.fma(FloatVector.broadcast(F, x[xr + 7]), s7);
        }
        s0.intoArray(grad, g, m);
        s1.intoArray(grad, g + outputs, m);
        s2.intoArray(grad, g + 2 * outputs, m);
        s3.intoArray(grad, g + 3 * outputs, m);
        s4.intoArray(grad, g + 4 * outputs, m);
        s5.intoArray(grad, g + 5 * outputs, m);
        s6.intoArray(grad, g + 6 * outputs, m);
        s7.intoArray(grad, g + 7 * outputs, m);
    }

    /** One gradient row i, lanes jb.., summed over rows [from, to). */
    private static void gradient1(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final int safe,
            final int jb,
            final float[] grad,
            final int g,
            final int i) {
        // the mask is made here, not passed in: a mask crossing a call that is not inlined is boxed
        final VectorMask<Float> m = F.indexInRange(jb, outputs);
        FloatVector s = FloatVector.zero(F);
        for (int r = from; r < to; r++) {
            final FloatVector d = r < safe
                    ? FloatVector.fromArray(F, dy, r * outputs + jb)
                    : FloatVector.fromArray(F, dy, r * outputs + jb, m);
            s = d.fma(FloatVector.broadcast(F, x[r * inputs + i]), s);
        }
        s.intoArray(grad, g, m);
    }
}
