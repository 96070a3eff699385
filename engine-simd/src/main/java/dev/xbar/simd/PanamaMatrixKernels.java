package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.I;
import static dev.xbar.simd.Lanes.N;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.DIV;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.MUL;

import dev.xbar.core.kernel.MatrixKernelSupport;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The dense matrix kernels ({@link MatrixKernelSupport}) with the Vector API, on arguments the front has checked. Every product is one shape: c[r, :] = sum_i a[r, i] b[i, :], the
 * contiguous row of b in the lanes, so each lane sums its output in the contract's order (i ascending, one FMA per
 * term from +0) and the results equal the scalar reference's (which skips zero activations: it can differ only in the
 * sign of a zero or where a weight is not finite).
 *
 * <ul>
 *   <li>multiply: a = x, b = w; into 4 outputs (conv2's), 16 rows of a go in the lanes instead ({@link #fourOutputs}),
 *       each lane still summing its output in the same order.
 *   <li>multiplyTransposed: a = dy, b = w transposed into a per-thread buffer ([outputs x inputs], at most a few
 *       thousand floats per call), so no lane reduction is needed.
 *   <li>weightGradient: the sum runs over rows instead: grad[i, :] += x[r, i] dy[r, :], eight inputs at a time so eight
 *       independent FMA chains hide the FMA latency; or, where that fills fewer lanes (a layer with fewer outputs
 *       than lanes and many inputs), grad[:, j] += x[r, :] dy[r, j], the contiguous row of x in the lanes, and the
 *       sums written back transposed once per call.
 * </ul>
 *
 * Layers have few outputs (4 to 15 here), fewer than one vector: the last vector of a row is stored under a mask
 * computed once per call, and loaded without one while the full vector stays inside the array (the lanes past the row
 * read the next row and are never stored).
 *
 * <p>Package-private and loaded only by {@link SimdKernelProvider}.
 */
final class PanamaMatrixKernels implements MatrixKernelSupport {
    /** The bits of +infinity: a magnitude's bits above them are a NaN's. */
    private static final int INFINITY_BITS = 0x7F800000;

    /** The bits of 1.0f: the scale of a row of zeros. */
    private static final int ONE_BITS = Float.floatToRawIntBits(1.0f);

    /** Runs shorter than this many values are copied or summed value by value ({@link #copyRuns}, {@link #sumRuns}). */
    private static final int SHORT_RUN = 4;

    /** Per-thread buffer for the transposed weights, grown on first use. */
    private static final ThreadLocal<float[][]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[1][0]);

    /** Per-thread buffer for the patch gradients of {@link #sumProductRuns}' general shapes, grown on first use. */
    private static final ThreadLocal<float[][]> PRODUCT_RUNS = ThreadLocal.withInitial(() -> new float[1][0]);

    /** Per-thread buffer for their offsets ({@link #sumRuns}' table), grown on first use. */
    private static final ThreadLocal<int[][]> RUN_OFFSETS = ThreadLocal.withInitial(() -> new int[1][0]);

    /** Outputs of a product whose rows go in the lanes ({@link #fourOutputs}): conv2's 4. */
    private static final int NARROW = 4;

    /** Rows per call of {@link #fourOutputs}' block method: 4 blocks. */
    private static final int GROUP = 4 * N;

    /** Per-thread buffer of {@link #fourOutputs}: one N x N tile of a, transposed. */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[N * N]);

    /** Widths up to which {@link #unscaleRows} selects each output's factor from a vector of rows' factors. */
    private static final int SELECTED_WIDTHS = 2 * N;

    /**
     * Per width w from 1 to {@link #SELECTED_WIDTHS}, per output vector v of N rows' w N outputs, the factor lane of
     * each output lane p: (v N + p) / w.
     */
    private static final float[][][] FACTOR_LANES = new float[SELECTED_WIDTHS + 1][][];

    /** Per width w dividing N ({@link #addColumns}), each lane's column within its row: p % w. */
    private static final float[][] COLUMN_LANES = new float[N + 1][];

    static {
        for (int w = 1; w <= N; w++) {
            COLUMN_LANES[w] = new float[N];
            for (int p = 0; p < N; p++) {
                COLUMN_LANES[w][p] = p % w;
            }
        }
        for (int w = 1; w <= SELECTED_WIDTHS; w++) {
            FACTOR_LANES[w] = new float[w][N];
            for (int v = 0; v < w; v++) {
                for (int p = 0; p < N; p++) {
                    FACTOR_LANES[w][v][p] = (v * N + p) / w;
                }
            }
        }
    }

    /** Output columns per block of the inputs-in-lanes weight gradient ({@link #inputLanes}). */
    private static final int COLUMNS = 4;

    /** Floats per column of {@link #BLOCK}: four input vectors. */
    private static final int BLOCK_STRIDE = 4 * N;

    /** Per-thread sums of one inputs-in-lanes gradient block, [column x input], written back transposed. */
    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[COLUMNS * BLOCK_STRIDE]);

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

    /**
     * The largest |x| of a row in integer lanes: for floats without a sign the order of their bits is the order of
     * their values, so the magnitudes (sign bit cleared) take an integer max and an integer lane reduction. The float
     * max carries Java's NaN and signed-zero rules through every step, and its lane reduction was 12% of an in situ
     * test pass. A row holding a NaN (a magnitude above infinity's bits) goes to the reference, whose loop returns the
     * first NaN as it is.
     */
    @Override
    public void scaleRows(
            final float[] x, final int inputs, final float volts, final float[] scales, final int from, final int to) {
        final IntVector magnitude = IntVector.broadcast(I, 0x7FFFFFFF);
        final VectorMask<Float> tail = F.indexInRange(0, inputs % N);
        for (int r = from; r < to; r++) {
            final int xr = r * inputs;
            IntVector max = IntVector.zero(I);
            int i = 0;
            for (; i <= inputs - N; i += N) {
                max = max.lanewise(
                        MAX,
                        FloatVector.fromArray(F, x, xr + i).reinterpretAsInts().lanewise(AND, magnitude));
            }
            if (i < inputs) {
                max = max.lanewise(
                        MAX,
                        FloatVector.fromArray(F, x, xr + i, tail)
                                .reinterpretAsInts()
                                .lanewise(AND, magnitude));
            }
            final int bits = max.reduceLanes(VectorOperators.MAX);
            if (bits > INFINITY_BITS) {
                // a NaN: the reference's loop, which returns the first NaN as it is
                MatrixKernelSupport.reference().scaleRows(x, inputs, volts, scales, r, r + 1);
            } else {
                // volts / m, or 1 for a row of zeros (bits 0), chosen by masks rather than a branch: C2 had compiled
                // the branch as a trap when the warm-up's images had shown it no zero row, and the first MNIST
                // background patch then threw this kernel and AnalogMatrix.multiply back to the interpreter mid-run
                final int zero = (bits - 1) >> 31;
                final float divisor = Float.intBitsToFloat(bits | (zero & ONE_BITS));
                final int scale = Float.floatToRawIntBits(volts / divisor);
                scales[r] = Float.intBitsToFloat((scale & ~zero) | (zero & ONE_BITS));
            }
        }
    }

    /**
     * N rows at a time: their factors in one vector (the reference's multiply and divide, lane-wise), then their w N
     * outputs as w whole vectors, output lane p of vector v taking factor lane (v N + p) / w by a lane selection
     * ({@link #FACTOR_LANES}); rows wider than {@link #SELECTED_WIDTHS} one at a time, a broadcast factor over whole
     * vectors and a masked tail. The reference's loop runs a row at a time, and a row of the paper CNN's layers has 4
     * to 15 outputs: C2's code of it was 6% of an in situ test pass, its division a third of that. A vector loop per
     * short row was slower than that scalar loop (a masked load and store per row, the store stalling the next row's
     * load), and so was spreading the factors through memory for conv1's 15 outputs.
     */
    @Override
    public void unscaleRows(
            final float[] y,
            final int width,
            final float[] scales,
            final float unit,
            final float gain,
            final int from,
            final int to) {
        if (width == 0) {
            return;
        }
        if (width > SELECTED_WIDTHS) {
            unscaleWide(y, width, scales, unit, gain, from, to);
            return;
        }
        final float[][] lanes = FACTOR_LANES[width];
        final FloatVector g = FloatVector.broadcast(F, gain);
        final FloatVector u = FloatVector.broadcast(F, unit);
        final int end = to * width;
        for (int r = from; r < to; r += N) {
            final FloatVector scale = r <= to - N
                    ? FloatVector.fromArray(F, scales, r)
                    : FloatVector.fromArray(F, scales, r, F.indexInRange(r, to));
            final FloatVector factors = g.lanewise(DIV, scale.lanewise(MUL, u));
            for (int v = 0, k = r * width; v < width && k < end; v++, k += N) {
                final FloatVector factor = FloatVector.fromArray(F, lanes[v], 0).selectFrom(factors);
                if (k <= end - N) {
                    FloatVector.fromArray(F, y, k).lanewise(MUL, factor).intoArray(y, k);
                } else {
                    final VectorMask<Float> tail = F.indexInRange(k, end);
                    FloatVector.fromArray(F, y, k, tail).lanewise(MUL, factor).intoArray(y, k, tail);
                }
            }
        }
    }

    /**
     * Where a destination row's width divides N and N / dstWidth source rows fit two vectors (the paper CNN's conv2:
     * 8 currents per row onto 4 outputs), a destination vector holds whole rows, and each of its lanes in the run takes
     * its source value from the two source vectors of the same rows by a lane selection, with the other lanes masked
     * out of the add; elsewhere the reference's loop (the CNN's dense tiles, 100 rows a batch). The reference's loop
     * reads and writes a value at a time at strides of the widths: 6.7% of an in situ test pass.
     */
    @Override
    public void addColumns(
            final float[] src,
            final int srcWidth,
            final int srcColumn,
            final float[] dst,
            final int dstWidth,
            final int dstColumn,
            final int count,
            final int from,
            final int to) {
        if (count == 0 || N % dstWidth != 0 || N / dstWidth * srcWidth > 2 * N) {
            MatrixKernelSupport.reference()
                    .addColumns(src, srcWidth, srcColumn, dst, dstWidth, dstColumn, count, from, to);
            return;
        }
        final int rows = N / dstWidth;
        // each lane's row within the vector, p / dstWidth: the first vector of the unscaling's table for this width
        final FloatVector row = FloatVector.fromArray(F, FACTOR_LANES[dstWidth][0], 0);
        final FloatVector column = FloatVector.fromArray(F, COLUMN_LANES[dstWidth], 0);
        final VectorMask<Float> run = column.compare(VectorOperators.GE, FloatVector.broadcast(F, dstColumn))
                .and(column.compare(VectorOperators.LT, FloatVector.broadcast(F, dstColumn + count)));
        // lane p's source within the two vectors: (p / dstWidth) srcWidth + srcColumn + p % dstWidth - dstColumn,
        // exact in floats; lanes outside the run select lane 0 and are not added (operands as vectors: the
        // scalar-operand forms dispatch inside the JDK too, see the package doc)
        final FloatVector index = row.lanewise(MUL, FloatVector.broadcast(F, srcWidth))
                .lanewise(ADD, column)
                .lanewise(ADD, FloatVector.broadcast(F, srcColumn - dstColumn))
                .blend(FloatVector.zero(F), run.not());
        final int end = to * dstWidth;
        for (int r = from; r < to; r += rows) {
            final int s = r * srcWidth;
            final int d = r * dstWidth;
            final FloatVector low = s <= src.length - N
                    ? FloatVector.fromArray(F, src, s)
                    : FloatVector.fromArray(F, src, s, F.indexInRange(s, src.length));
            final FloatVector high = s + N <= src.length - N
                    ? FloatVector.fromArray(F, src, s + N)
                    : FloatVector.fromArray(F, src, s + N, F.indexInRange(s + N, src.length));
            final FloatVector values = index.selectFrom(low, high);
            if (d <= end - N) {
                FloatVector.fromArray(F, dst, d).lanewise(ADD, values, run).intoArray(dst, d);
            } else {
                final VectorMask<Float> rest = F.indexInRange(d, end);
                FloatVector.fromArray(F, dst, d, rest)
                        .lanewise(ADD, values, run)
                        .intoArray(dst, d, rest);
            }
        }
    }

    /** {@link #unscaleRows} a row at a time, for rows wider than {@link #SELECTED_WIDTHS}. */
    private static void unscaleWide(
            final float[] y,
            final int width,
            final float[] scales,
            final float unit,
            final float gain,
            final int from,
            final int to) {
        final VectorMask<Float> tail = F.indexInRange(0, width % N);
        for (int r = from; r < to; r++) {
            final FloatVector factor = FloatVector.broadcast(F, gain / (scales[r] * unit));
            final int row = r * width;
            int j = 0;
            for (; j <= width - N; j += N) {
                FloatVector.fromArray(F, y, row + j).lanewise(MUL, factor).intoArray(y, row + j);
            }
            if (j < width) {
                FloatVector.fromArray(F, y, row + j, tail).lanewise(MUL, factor).intoArray(y, row + j, tail);
            }
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
        if (n == 1) {
            // single-channel runs (a grey image's im2col, conv1's 576 values per sample) without the channel loop,
            // which cost more than the copy (software test pass 450 -> 340 us per 100 images); a masked gather was a
            // little faster still, but C2 boxed its vectors in some compilations (1 MB per batch)
            for (int k = 0; k < runs; k++) {
                final int from = at[atFrom + k];
                dst[dstAt + k] = from < 0 ? 0.0f : src[srcBase + from];
            }
            return;
        }
        if (n < SHORT_RUN) {
            MatrixKernelSupport.reference().copyRuns(src, srcBase, at, atFrom, runs, dst, dstAt, n);
            return;
        }
        if (n <= N) {
            runsOfOneVector(src, srcBase, at, atFrom, runs, dst, dstAt, n);
            return;
        }
        runsOfSeveralVectors(src, srcBase, at, atFrom, runs, dst, dstAt, n);
    }

    /**
     * {@link #copyRuns} of runs longer than a vector: whole vectors, then the tail under a mask computed once per call.
     * A method of its own so that C2 leaves it out of {@link #copyRuns} where it never ran (the paper's networks have
     * at most 15 channels): the launcher compiles our code after a handful of calls, when a branch's profile is still
     * too thin for C2 to prune it, and C2 compiled this loop into every copyRuns.
     */
    private static void runsOfSeveralVectors(
            final float[] src,
            final int srcBase,
            final int[] at,
            final int atFrom,
            final int runs,
            final float[] dst,
            final int dstAt,
            final int n) {
        final int whole = n - n % N;
        final VectorMask<Float> tail = F.indexInRange(whole, n);
        final FloatVector zero = FloatVector.zero(F);
        // a run's tail as a whole vector where it stays in the arrays: a store's lanes past the run land on the next
        // runs' values, which overwrite them, so only the call's last runs need the mask (the masked loads and stores
        // of conv2's 15 channels: with them a software training step took 595 us, without 560, JMH medians)
        final int unmaskedTo = dstAt + runs * n - N - whole;
        final int unmaskedSrc = src.length - N - whole - srcBase;
        for (int k = 0; k < runs; k++) {
            final int from = at[atFrom + k];
            final int out = dstAt + k * n;
            // a padding run reads the values at the sample's start instead and blends them all to zero, so that every
            // vector stored is a blend's result, of a species C2 knows: a vector loaded and stored unchanged went
            // through FloatVector.intoArray's shared profile, which has seen the 256-bit species too, and under the
            // launcher's flags C2 boxed every one (a default run allocated 2.2 GB here, JFR allocation samples)
            final int source = Math.max(from, 0);
            final VectorMask<Float> padding = F.maskAll(from < 0);
            if (source <= unmaskedSrc && out <= unmaskedTo) {
                for (int c = 0; c < n; c += N) {
                    FloatVector.fromArray(F, src, srcBase + source + c)
                            .blend(zero, padding)
                            .intoArray(dst, out + c);
                }
            } else if (source <= src.length - srcBase - n) {
                // the call's last runs, or a run near the source's end: the tail's load and store masked, the stored
                // vectors blends' results all the same (a choice between a load and zero was boxed here once a call)
                for (int c = 0; c < whole; c += N) {
                    FloatVector.fromArray(F, src, srcBase + source + c)
                            .blend(zero, padding)
                            .intoArray(dst, out + c);
                }
                if (whole < n) {
                    FloatVector.fromArray(F, src, srcBase + source + whole, tail)
                            .blend(zero, padding)
                            .intoArray(dst, out + whole, tail);
                }
            } else {
                // a padding run of a sample shorter than a run: zeros (+0 + +0, an add's result, for the same reason)
                final FloatVector zeros = zero.lanewise(ADD, zero);
                for (int c = 0; c < whole; c += N) {
                    zeros.intoArray(dst, out + c);
                }
                if (whole < n) {
                    zeros.intoArray(dst, out + whole, tail);
                }
            }
        }
    }

    /**
     * {@link #copyRuns} of runs of at most one vector (conv2's 15 channels): one flat loop of one whole load, blend and
     * store per run, each store's lanes past its run landing on the next runs' values, which overwrite them; then the
     * runs whose store would pass the call's last value, or whose load the end of src, masked. The general loop's
     * inner loop over a run's vectors cost more than the copy: conv2's im2col of 100 images, written 5 samples at a
     * time, took 76-85 us there against 40 us here (a stand-alone loop, one JVM). The stored vectors are blends'
     * results, for the reason given in {@link #copyRuns}.
     */
    private static void runsOfOneVector(
            final float[] src,
            final int srcBase,
            final int[] at,
            final int atFrom,
            final int runs,
            final float[] dst,
            final int dstAt,
            final int n) {
        final FloatVector zero = FloatVector.zero(F);
        // run k's whole store ends within the call's values while k n + N <= runs n
        final int wholeStores = runs - (N - 1) / n;
        final int unmaskedSrc = src.length - N - srcBase;
        int k = 0;
        for (; k < wholeStores; k++) {
            final int from = at[atFrom + k];
            final int source = Math.max(from, 0);
            if (source > unmaskedSrc) {
                break;
            }
            FloatVector.fromArray(F, src, srcBase + source)
                    .blend(zero, F.maskAll(from < 0))
                    .intoArray(dst, dstAt + k * n);
        }
        final VectorMask<Float> run = F.indexInRange(0, n);
        final int lastSource = src.length - n - srcBase;
        for (; k < runs; k++) {
            final int from = at[atFrom + k];
            final int source = Math.max(from, 0);
            if (source <= lastSource) {
                FloatVector.fromArray(F, src, srcBase + source, run)
                        .blend(zero, F.maskAll(from < 0))
                        .intoArray(dst, dstAt + k * n, run);
            } else {
                // a padding run of a source shorter than a run (a table of padding only checks nothing against it):
                // zeros, an add's result as in copyRuns
                zero.lanewise(ADD, zero).intoArray(dst, dstAt + k * n, run);
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
        if (n < SHORT_RUN) {
            // a single-channel image's pixels (the ConvLSTM's input frames) go to the reference: a vector per pixel
            // summed one lane's worth, and conv1's col2im of 100 images took 57 against 47 us
            // (MatrixKernelsBenchmark.sumRuns)
            MatrixKernelSupport.reference().sumRuns(src, srcBase, at, atFrom, terms, dst, dstAt, n, pixels);
            return;
        }
        final int whole = n - n % N;
        final VectorMask<Float> tail = F.indexInRange(whole, n);
        final FloatVector zero = FloatVector.zero(F);
        // a pixel's tail as a whole vector where it stays in the arrays, as in copyRuns: the lanes past its channels
        // add what lies beyond the terms' runs and land on the next pixel's values, which overwrite them
        final int unmaskedTo = dstAt + pixels * n - N - whole;
        final int unmaskedSrc = src.length - N - whole - srcBase;
        for (int q = 0; q < pixels; q++) {
            final int first = atFrom + q * terms;
            final int out = dstAt + q * n;
            for (int c = 0; c < whole; c += N) {
                FloatVector sum = FloatVector.zero(F);
                for (int t = first; t < first + terms; t++) {
                    if (at[t] >= 0) {
                        sum = sum.lanewise(ADD, FloatVector.fromArray(F, src, srcBase + at[t] + c));
                    }
                }
                sum.lanewise(ADD, zero).intoArray(dst, out + c);
            }
            if (whole < n) {
                FloatVector sum = FloatVector.zero(F);
                for (int t = first; t < first + terms; t++) {
                    final int from = at[t];
                    if (from >= 0) {
                        sum = sum.lanewise(
                                ADD,
                                from <= unmaskedSrc
                                        ? FloatVector.fromArray(F, src, srcBase + from + whole)
                                        : FloatVector.fromArray(F, src, srcBase + from + whole, tail));
                    }
                }
                // the stores take an add's result, of a species C2 knows: the sum itself, a loop's and the terms'
                // branches' merge, reached FloatVector.intoArray, whose shared profile has seen the 256-bit species
                // too, and C2 boxed it under the launcher's flags (the ConvLSTM's col2im, 400 MB a second in
                // training, JFR). A sum that starts from +0 is never -0, so adding +0 changes no bit
                final FloatVector total = sum.lanewise(ADD, zero);
                if (out <= unmaskedTo) {
                    total.intoArray(dst, out + whole);
                } else {
                    total.intoArray(dst, out + whole, tail);
                }
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
        product(dy, outputs, transposed(w, inputs, outputs), inputs, dx, from, to);
    }

    /**
     * w [inputs x outputs] transposed into this thread's buffer, [outputs x inputs] and a vector of room after it, so
     * that a whole vector may be loaded from any element of it.
     */
    private static float[] transposed(final float[] w, final int inputs, final int outputs) {
        final float[][] holder = TRANSPOSED.get();
        if (holder[0].length < inputs * outputs + N) {
            holder[0] = new float[inputs * outputs + N];
        }
        final float[] wt = holder[0];
        for (int i = 0; i < inputs; i++) {
            for (int j = 0; j < outputs; j++) {
                wt[j * inputs + i] = w[i * outputs + j];
            }
        }
        return wt;
    }

    /**
     * A 2 x 2 kernel into 4 outputs of at most one vector of channels (conv2 of the paper CNN) with its 16 weight
     * vectors held in registers ({@link #fourTermsFourOutputs}); any other shape as the two steps it fuses, {@link
     * #multiplyTransposed}'s product into this thread's buffer and {@link #sumRuns} over it (the same code, so the same
     * bits). Without the weights held, a pixel's four terms reloaded them (16 vector loads, most across a cache line)
     * and the fused loop took twice as long as the two steps (144 against 68 us per conv2 mini-batch).
     */
    @Override
    public void sumProductRuns(
            final float[] dy,
            final int outputs,
            final float[] w,
            final int inputs,
            final int[] rows,
            final int[] elements,
            final int terms,
            final int patchesPerSample,
            final int pixelsPerSample,
            final float[] dst,
            final int n,
            final int from,
            final int to) {
        final float[] wt = transposed(w, inputs, outputs);
        if (terms == 4
                && outputs == 4
                && n <= N
                && patchesPerSample > 0
                && pixelsPerSample > 0
                && sameElements(elements, terms)) {
            fourTermsFourOutputs(dy, wt, inputs, rows, elements, patchesPerSample, pixelsPerSample, dst, n, from, to);
            return;
        }
        final float[][] holder = PRODUCT_RUNS.get();
        if (holder[0].length < to * patchesPerSample * inputs) {
            holder[0] = new float[to * patchesPerSample * inputs];
        }
        final float[] patches = holder[0];
        product(dy, outputs, wt, inputs, patches, from * patchesPerSample, to * patchesPerSample);
        final int[][] offsets = RUN_OFFSETS.get();
        if (offsets[0].length < rows.length) {
            offsets[0] = new int[rows.length];
        }
        final int[] at = offsets[0];
        for (int k = 0; k < rows.length; k++) {
            at[k] = rows[k] < 0 ? -1 : rows[k] * inputs + elements[k];
        }
        for (int b = from; b < to; b++) {
            sumRuns(
                    patches,
                    b * patchesPerSample * inputs,
                    at,
                    0,
                    terms,
                    dst,
                    b * pixelsPerSample * n,
                    n,
                    pixelsPerSample);
        }
    }

    /** Whether every pixel's term t takes the same patch element as the first pixel's (a stride-1 convolution's). */
    private static boolean sameElements(final int[] elements, final int terms) {
        for (int k = terms; k < elements.length; k++) {
            if (elements[k] != elements[k % terms]) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #sumProductRuns} for 4 terms of fixed elements into 4 outputs, a pixel's channels in the lanes: term t's
     * patch gradient is fma(dy[r, 3], wt[3, e_t], ... fma(dy[r, 0], wt[0, e_t], +0)), the 16 vectors wt[j, e_t] loaded
     * once per call, and the four terms' chains interleaved; a term no patch covers runs on the sample's first patch
     * row and is not added. The lanes past a pixel's channels compute on the weights' next elements (or the buffer's
     * room) and are stored only where the call's next pixel overwrites them.
     */
    private static void fourTermsFourOutputs(
            final float[] dy,
            final float[] wt,
            final int inputs,
            final int[] rows,
            final int[] elements,
            final int patchesPerSample,
            final int pixelsPerSample,
            final float[] dst,
            final int n,
            final int from,
            final int to) {
        final FloatVector w00 = FloatVector.fromArray(F, wt, elements[0]);
        final FloatVector w01 = FloatVector.fromArray(F, wt, inputs + elements[0]);
        final FloatVector w02 = FloatVector.fromArray(F, wt, 2 * inputs + elements[0]);
        final FloatVector w03 = FloatVector.fromArray(F, wt, 3 * inputs + elements[0]);
        final FloatVector w10 = FloatVector.fromArray(F, wt, elements[1]);
        final FloatVector w11 = FloatVector.fromArray(F, wt, inputs + elements[1]);
        final FloatVector w12 = FloatVector.fromArray(F, wt, 2 * inputs + elements[1]);
        final FloatVector w13 = FloatVector.fromArray(F, wt, 3 * inputs + elements[1]);
        final FloatVector w20 = FloatVector.fromArray(F, wt, elements[2]);
        final FloatVector w21 = FloatVector.fromArray(F, wt, inputs + elements[2]);
        final FloatVector w22 = FloatVector.fromArray(F, wt, 2 * inputs + elements[2]);
        final FloatVector w23 = FloatVector.fromArray(F, wt, 3 * inputs + elements[2]);
        final FloatVector w30 = FloatVector.fromArray(F, wt, elements[3]);
        final FloatVector w31 = FloatVector.fromArray(F, wt, inputs + elements[3]);
        final FloatVector w32 = FloatVector.fromArray(F, wt, 2 * inputs + elements[3]);
        final FloatVector w33 = FloatVector.fromArray(F, wt, 3 * inputs + elements[3]);
        final FloatVector zero = FloatVector.zero(F);
        final int end = to * pixelsPerSample * n;
        for (int b = from; b < to; b++) {
            final int rowBase = b * patchesPerSample;
            for (int q = 0; q < pixelsPerSample; q++) {
                final int t = q * 4;
                final int r0 = rows[t];
                final int r1 = rows[t + 1];
                final int r2 = rows[t + 2];
                final int r3 = rows[t + 3];
                final int d0 = (rowBase + Math.max(r0, 0)) * 4;
                final int d1 = (rowBase + Math.max(r1, 0)) * 4;
                final int d2 = (rowBase + Math.max(r2, 0)) * 4;
                final int d3 = (rowBase + Math.max(r3, 0)) * 4;
                FloatVector p0 = w00.lanewise(FMA, FloatVector.broadcast(F, dy[d0]), zero);
                FloatVector p1 = w10.lanewise(FMA, FloatVector.broadcast(F, dy[d1]), zero);
                FloatVector p2 = w20.lanewise(FMA, FloatVector.broadcast(F, dy[d2]), zero);
                FloatVector p3 = w30.lanewise(FMA, FloatVector.broadcast(F, dy[d3]), zero);
                p0 = w01.lanewise(FMA, FloatVector.broadcast(F, dy[d0 + 1]), p0);
                p1 = w11.lanewise(FMA, FloatVector.broadcast(F, dy[d1 + 1]), p1);
                p2 = w21.lanewise(FMA, FloatVector.broadcast(F, dy[d2 + 1]), p2);
                p3 = w31.lanewise(FMA, FloatVector.broadcast(F, dy[d3 + 1]), p3);
                p0 = w02.lanewise(FMA, FloatVector.broadcast(F, dy[d0 + 2]), p0);
                p1 = w12.lanewise(FMA, FloatVector.broadcast(F, dy[d1 + 2]), p1);
                p2 = w22.lanewise(FMA, FloatVector.broadcast(F, dy[d2 + 2]), p2);
                p3 = w32.lanewise(FMA, FloatVector.broadcast(F, dy[d3 + 2]), p3);
                p0 = w03.lanewise(FMA, FloatVector.broadcast(F, dy[d0 + 3]), p0);
                p1 = w13.lanewise(FMA, FloatVector.broadcast(F, dy[d1 + 3]), p1);
                p2 = w23.lanewise(FMA, FloatVector.broadcast(F, dy[d2 + 3]), p2);
                p3 = w33.lanewise(FMA, FloatVector.broadcast(F, dy[d3 + 3]), p3);
                FloatVector sum = zero;
                if (r0 >= 0) {
                    sum = sum.lanewise(ADD, p0);
                }
                if (r1 >= 0) {
                    sum = sum.lanewise(ADD, p1);
                }
                if (r2 >= 0) {
                    sum = sum.lanewise(ADD, p2);
                }
                if (r3 >= 0) {
                    sum = sum.lanewise(ADD, p3);
                }
                final int out = (b * pixelsPerSample + q) * n;
                if (out + N <= end) {
                    sum.intoArray(dst, out);
                } else {
                    sum.intoArray(dst, out, F.indexInRange(0, n));
                }
            }
        }
    }

    /** c[r, j] = sum_i a[r, i] b[i, j] for rows [from, to); a is [rows x k], b [k x n] (bounds checked by callers). */
    private static void product(
            final float[] a, final int k, final float[] b, final int n, final float[] c, final int from, final int to) {
        if (k <= 4 && n > 3 * N && n <= 4 * N) {
            fourByFour(a, k, b, n, c, from, to);
            return;
        }
        // the blocks of N rows whose tiles of a lie inside it go in the lanes; the rows after them take the loop below
        final int first = n == NARROW && N == 16 ? fourOutputs(a, k, b, c, from, to) : from;
        for (int jb = 0; jb < n; jb += N) {
            final VectorMask<Float> m = F.indexInRange(jb, n);
            // rows i of b whose whole vector at i * n + jb lies inside b; later rows load under the mask
            final int bSafe = Math.clamp(Math.floorDiv(b.length - jb - N, n) + 1L, 0, k);
            int r = first;
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
                    c0 = bi.lanewise(FMA, FloatVector.broadcast(F, a[a0 + i]), c0);
                    c1 = bi.lanewise(FMA, FloatVector.broadcast(F, a[a0 + k + i]), c1);
                    c2 = bi.lanewise(FMA, FloatVector.broadcast(F, a[a0 + 2 * k + i]), c2);
                    c3 = bi.lanewise(FMA, FloatVector.broadcast(F, a[a0 + 3 * k + i]), c3);
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
                    c0 = bi.lanewise(FMA, FloatVector.broadcast(F, a[r * k + i]), c0);
                }
                c0.intoArray(c, r * n + jb, m);
            }
        }
    }

    /**
     * {@link #product} into 4 outputs (conv2's forward product: 60 inputs to 4 outputs per row) with the rows of a in
     * the lanes, on 16 lanes: the outputs in the lanes would fill 4 of them, and each row's 4 broadcasts per input cost
     * more than its FMAs. A block of N rows is taken N inputs at a time: the N x N tile of a is loaded as N row vectors
     * and transposed in registers (log2 N stages of two-vector selections, {@link NarrowVmm#LOW}), stored as N vectors
     * of one input over the block's rows, and each such vector takes its 4 FMAs, input after input, so every output
     * is still one FMA per input from +0 in order (bit for bit the general loop). Then the 4 vectors of outputs are
     * interleaved into the block's rows. The loads of a tile's last vectors run past a row's k inputs into the next
     * row (lanes never used), so a block is taken only while its last row's last tile lies inside a.
     *
     * <p>Measured on the 2 vCPU Zen 5: JMH's {@code multiply} conv2 (6,400 rows x 60 inputs) 65 us against 122 us for
     * the general loop (README "Thirteenth pass"), bit for bit the same.
     *
     * @return the first row not computed: from plus the blocks taken
     */
    private static int fourOutputs(
            final float[] a, final int k, final float[] b, final float[] c, final int from, final int to) {
        final float[] tile = TILE.get();
        // the last tile's vectors end at this offset past their row's start
        final int reach = (k + N - 1) / N * N;
        int end = from;
        while (end + N <= to && (long) (end + N - 1) * k + reach <= a.length) {
            end += N;
        }
        for (int r = from; r < end; r += GROUP) {
            fourOutputBlocks(a, k, b, c, r, Math.min(end, r + GROUP), tile);
        }
        return end;
    }

    /**
     * {@link #fourOutputs} for the blocks of N rows in [from, to), at most {@link #GROUP} rows. A method per group of
     * blocks, not per call: the launcher's kernels skip C1 and run interpreted until C2 compiles them, and C2 took a
     * method that ran a whole call only about 0.4 s into a software run, each of its calls interpreted taking about 6
     * ms; a call per group reaches C2's invocation threshold within the first batch. Not a call per block: then the
     * block's selection tables were loaded for every 16 rows, and JMH's {@code multiply} conv2 took 107 against 64 us
     * (3 alternating forks each); per group of 4 blocks, 67-77 against 67-70 us.
     */
    private static void fourOutputBlocks(
            final float[] a,
            final int k,
            final float[] b,
            final float[] c,
            final int from,
            final int to,
            final float[] tile) {
        final FloatVector low0 = FloatVector.fromArray(F, NarrowVmm.LOW[0], 0);
        final FloatVector high0 = FloatVector.fromArray(F, NarrowVmm.HIGH[0], 0);
        final FloatVector low1 = FloatVector.fromArray(F, NarrowVmm.LOW[1], 0);
        final FloatVector high1 = FloatVector.fromArray(F, NarrowVmm.HIGH[1], 0);
        final FloatVector low2 = FloatVector.fromArray(F, NarrowVmm.LOW[2], 0);
        final FloatVector high2 = FloatVector.fromArray(F, NarrowVmm.HIGH[2], 0);
        final FloatVector low3 = FloatVector.fromArray(F, NarrowVmm.LOW[3], 0);
        final FloatVector high3 = FloatVector.fromArray(F, NarrowVmm.HIGH[3], 0);
        // the outputs back to rows as a narrow VMM's 4 columns go (NarrowVmm.untranspose's last two stages)
        final FloatVector lastLow = FloatVector.fromArray(F, NarrowVmm.LAST_LOW[1], 0);
        final FloatVector lastHigh = FloatVector.fromArray(F, NarrowVmm.LAST_HIGH[1], 0);
        for (int r = from; r < to; r += N) {
            FloatVector c0 = FloatVector.zero(F);
            FloatVector c1 = FloatVector.zero(F);
            FloatVector c2 = FloatVector.zero(F);
            FloatVector c3 = FloatVector.zero(F);
            for (int i0 = 0; i0 < k; i0 += N) {
                final int at = r * k + i0;
                // stage 3: vector bit 3 with lane bit 3
                final FloatVector v0 = FloatVector.fromArray(F, a, at);
                final FloatVector v8 = FloatVector.fromArray(F, a, at + 8 * k);
                final FloatVector v1 = FloatVector.fromArray(F, a, at + k);
                final FloatVector v9 = FloatVector.fromArray(F, a, at + 9 * k);
                final FloatVector v2 = FloatVector.fromArray(F, a, at + 2 * k);
                final FloatVector v10 = FloatVector.fromArray(F, a, at + 10 * k);
                final FloatVector v3 = FloatVector.fromArray(F, a, at + 3 * k);
                final FloatVector v11 = FloatVector.fromArray(F, a, at + 11 * k);
                final FloatVector v4 = FloatVector.fromArray(F, a, at + 4 * k);
                final FloatVector v12 = FloatVector.fromArray(F, a, at + 12 * k);
                final FloatVector v5 = FloatVector.fromArray(F, a, at + 5 * k);
                final FloatVector v13 = FloatVector.fromArray(F, a, at + 13 * k);
                final FloatVector v6 = FloatVector.fromArray(F, a, at + 6 * k);
                final FloatVector v14 = FloatVector.fromArray(F, a, at + 14 * k);
                final FloatVector v7 = FloatVector.fromArray(F, a, at + 7 * k);
                final FloatVector v15 = FloatVector.fromArray(F, a, at + 15 * k);
                final FloatVector t0 = low3.selectFrom(v0, v8);
                final FloatVector t8 = high3.selectFrom(v0, v8);
                final FloatVector t1 = low3.selectFrom(v1, v9);
                final FloatVector t9 = high3.selectFrom(v1, v9);
                final FloatVector t2 = low3.selectFrom(v2, v10);
                final FloatVector t10 = high3.selectFrom(v2, v10);
                final FloatVector t3 = low3.selectFrom(v3, v11);
                final FloatVector t11 = high3.selectFrom(v3, v11);
                final FloatVector t4 = low3.selectFrom(v4, v12);
                final FloatVector t12 = high3.selectFrom(v4, v12);
                final FloatVector t5 = low3.selectFrom(v5, v13);
                final FloatVector t13 = high3.selectFrom(v5, v13);
                final FloatVector t6 = low3.selectFrom(v6, v14);
                final FloatVector t14 = high3.selectFrom(v6, v14);
                final FloatVector t7 = low3.selectFrom(v7, v15);
                final FloatVector t15 = high3.selectFrom(v7, v15);
                // stage 2
                final FloatVector u0 = low2.selectFrom(t0, t4);
                final FloatVector u4 = high2.selectFrom(t0, t4);
                final FloatVector u1 = low2.selectFrom(t1, t5);
                final FloatVector u5 = high2.selectFrom(t1, t5);
                final FloatVector u2 = low2.selectFrom(t2, t6);
                final FloatVector u6 = high2.selectFrom(t2, t6);
                final FloatVector u3 = low2.selectFrom(t3, t7);
                final FloatVector u7 = high2.selectFrom(t3, t7);
                final FloatVector u8 = low2.selectFrom(t8, t12);
                final FloatVector u12 = high2.selectFrom(t8, t12);
                final FloatVector u9 = low2.selectFrom(t9, t13);
                final FloatVector u13 = high2.selectFrom(t9, t13);
                final FloatVector u10 = low2.selectFrom(t10, t14);
                final FloatVector u14 = high2.selectFrom(t10, t14);
                final FloatVector u11 = low2.selectFrom(t11, t15);
                final FloatVector u15 = high2.selectFrom(t11, t15);
                // stage 1
                final FloatVector w0 = low1.selectFrom(u0, u2);
                final FloatVector w2 = high1.selectFrom(u0, u2);
                final FloatVector w1 = low1.selectFrom(u1, u3);
                final FloatVector w3 = high1.selectFrom(u1, u3);
                final FloatVector w4 = low1.selectFrom(u4, u6);
                final FloatVector w6 = high1.selectFrom(u4, u6);
                final FloatVector w5 = low1.selectFrom(u5, u7);
                final FloatVector w7 = high1.selectFrom(u5, u7);
                final FloatVector w8 = low1.selectFrom(u8, u10);
                final FloatVector w10 = high1.selectFrom(u8, u10);
                final FloatVector w9 = low1.selectFrom(u9, u11);
                final FloatVector w11 = high1.selectFrom(u9, u11);
                final FloatVector w12 = low1.selectFrom(u12, u14);
                final FloatVector w14 = high1.selectFrom(u12, u14);
                final FloatVector w13 = low1.selectFrom(u13, u15);
                final FloatVector w15 = high1.selectFrom(u13, u15);
                // stage 0, and the tile's vector of input i0 + x stored at x N
                low0.selectFrom(w0, w1).intoArray(tile, 0);
                high0.selectFrom(w0, w1).intoArray(tile, N);
                low0.selectFrom(w2, w3).intoArray(tile, 2 * N);
                high0.selectFrom(w2, w3).intoArray(tile, 3 * N);
                low0.selectFrom(w4, w5).intoArray(tile, 4 * N);
                high0.selectFrom(w4, w5).intoArray(tile, 5 * N);
                low0.selectFrom(w6, w7).intoArray(tile, 6 * N);
                high0.selectFrom(w6, w7).intoArray(tile, 7 * N);
                low0.selectFrom(w8, w9).intoArray(tile, 8 * N);
                high0.selectFrom(w8, w9).intoArray(tile, 9 * N);
                low0.selectFrom(w10, w11).intoArray(tile, 10 * N);
                high0.selectFrom(w10, w11).intoArray(tile, 11 * N);
                low0.selectFrom(w12, w13).intoArray(tile, 12 * N);
                high0.selectFrom(w12, w13).intoArray(tile, 13 * N);
                low0.selectFrom(w14, w15).intoArray(tile, 14 * N);
                high0.selectFrom(w14, w15).intoArray(tile, 15 * N);
                final int terms = Math.min(N, k - i0);
                for (int x = 0; x < terms; x++) {
                    final FloatVector v = FloatVector.fromArray(F, tile, x * N);
                    final int bi = (i0 + x) * NARROW;
                    c0 = v.lanewise(FMA, FloatVector.broadcast(F, b[bi]), c0);
                    c1 = v.lanewise(FMA, FloatVector.broadcast(F, b[bi + 1]), c1);
                    c2 = v.lanewise(FMA, FloatVector.broadcast(F, b[bi + 2]), c2);
                    c3 = v.lanewise(FMA, FloatVector.broadcast(F, b[bi + 3]), c3);
                }
            }
            final FloatVector u0 = low3.selectFrom(c0, c2);
            final FloatVector u2 = high3.selectFrom(c0, c2);
            final FloatVector u1 = low3.selectFrom(c1, c3);
            final FloatVector u3 = high3.selectFrom(c1, c3);
            final int o = r * NARROW;
            lastLow.selectFrom(u0, u1).intoArray(c, o);
            lastHigh.selectFrom(u0, u1).intoArray(c, o + N);
            lastLow.selectFrom(u2, u3).intoArray(c, o + 2 * N);
            lastHigh.selectFrom(u2, u3).intoArray(c, o + 3 * N);
        }
    }

    /**
     * {@link #product} for at most 4 rows of b and 4 vectors of outputs (conv2's input gradient: 4 outputs back to 60
     * inputs per row), b's 16 vectors held in registers for every row: a row is then its k broadcasts, 16 FMAs and 4
     * stores. The general loop loads b again for every block of rows, and those loads, interleaved with the stores to
     * c, took about 3x as long as the arithmetic (a stand-alone loop over 6,400 rows: 70 against 25 us). Rows of b past
     * k are -0 with x = +0: FMA(-0, +0, s) = -0 + s = s exactly, whatever s (+0, -0, NaN), so each sum is the general
     * loop's, one FMA per row of b from +0 in order.
     */
    private static void fourByFour(
            final float[] a, final int k, final float[] b, final int n, final float[] c, final int from, final int to) {
        final VectorMask<Float> m = F.indexInRange(3 * N, n);
        final FloatVector z = FloatVector.zero(F);
        final FloatVector none = FloatVector.broadcast(F, -0.0f);
        final FloatVector b00 = FloatVector.fromArray(F, b, 0);
        final FloatVector b01 = FloatVector.fromArray(F, b, N);
        final FloatVector b02 = FloatVector.fromArray(F, b, 2 * N);
        final FloatVector b03 = FloatVector.fromArray(F, b, 3 * N, m);
        final FloatVector b10 = k > 1 ? FloatVector.fromArray(F, b, n) : none;
        final FloatVector b11 = k > 1 ? FloatVector.fromArray(F, b, n + N) : none;
        final FloatVector b12 = k > 1 ? FloatVector.fromArray(F, b, n + 2 * N) : none;
        final FloatVector b13 = k > 1 ? FloatVector.fromArray(F, b, n + 3 * N, m) : none;
        final FloatVector b20 = k > 2 ? FloatVector.fromArray(F, b, 2 * n) : none;
        final FloatVector b21 = k > 2 ? FloatVector.fromArray(F, b, 2 * n + N) : none;
        final FloatVector b22 = k > 2 ? FloatVector.fromArray(F, b, 2 * n + 2 * N) : none;
        final FloatVector b23 = k > 2 ? FloatVector.fromArray(F, b, 2 * n + 3 * N, m) : none;
        final FloatVector b30 = k > 3 ? FloatVector.fromArray(F, b, 3 * n) : none;
        final FloatVector b31 = k > 3 ? FloatVector.fromArray(F, b, 3 * n + N) : none;
        final FloatVector b32 = k > 3 ? FloatVector.fromArray(F, b, 3 * n + 2 * N) : none;
        final FloatVector b33 = k > 3 ? FloatVector.fromArray(F, b, 3 * n + 3 * N, m) : none;
        for (int r = from; r < to; r++) {
            final int ar = r * k;
            final FloatVector x0 = FloatVector.broadcast(F, a[ar]);
            final FloatVector x1 = FloatVector.broadcast(F, k > 1 ? a[ar + 1] : 0.0f);
            final FloatVector x2 = FloatVector.broadcast(F, k > 2 ? a[ar + 2] : 0.0f);
            final FloatVector x3 = FloatVector.broadcast(F, k > 3 ? a[ar + 3] : 0.0f);
            final int o = r * n;
            b30.lanewise(FMA, x3, b20.lanewise(FMA, x2, b10.lanewise(FMA, x1, b00.lanewise(FMA, x0, z))))
                    .intoArray(c, o);
            b31.lanewise(FMA, x3, b21.lanewise(FMA, x2, b11.lanewise(FMA, x1, b01.lanewise(FMA, x0, z))))
                    .intoArray(c, o + N);
            b32.lanewise(FMA, x3, b22.lanewise(FMA, x2, b12.lanewise(FMA, x1, b02.lanewise(FMA, x0, z))))
                    .intoArray(c, o + 2 * N);
            b33.lanewise(FMA, x3, b23.lanewise(FMA, x2, b13.lanewise(FMA, x1, b03.lanewise(FMA, x0, z))))
                    .intoArray(c, o + 3 * N, m);
        }
    }

    /**
     * Two layouts, the one with fewer vector FMAs per row taken per call (ties keep the first): the outputs in the lanes
     * ({@link #outputLanes}: inputs x ceil(outputs / N)), or the inputs in the lanes ({@link #inputLanes}: outputs
     * rounded up to {@link #COLUMNS} x ceil(inputs / N)). With 16 lanes conv1's 9 x 15 keeps the first (9 against 16),
     * conv2's 60 x 4 takes the second (16 against 60), the dense 64 x 10 too (48 against 64). Both sum each value in the
     * contract's order, one FMA per row from +0, so they give the same bits.
     */
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
        final long outputLanes = (long) inputs * ((outputs + N - 1) / N);
        final long inputLanes = (long) COLUMNS * ((outputs + COLUMNS - 1) / COLUMNS) * ((inputs + N - 1) / N);
        if (inputLanes < outputLanes) {
            inputLanes(x, inputs, dy, outputs, from, to, grad, at);
        } else {
            outputLanes(x, inputs, dy, outputs, from, to, grad, at);
        }
    }

    /**
     * The outputs in the lanes: {@link #gradient8} for eight inputs at a time, {@link #gradient1} for the rest.
     * Package-private, like {@link #inputLanes}, so the tests hold both layouts to the reference at every width.
     */
    static void outputLanes(
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

    /**
     * The inputs in the lanes: blocks of {@link #COLUMNS} output columns times four input vectors (16 FMA chains per
     * row), then two and one for the last two or three vectors' worth of inputs (no vector without inputs), each summed
     * over the rows into {@link #BLOCK} and written back by {@link #transposeOut}. A block's last vector may run past the
     * row (those lanes read the next row and are never written back); the kernels stop at the first row where it would
     * leave x, so they need no masks, and {@link #lastRows} adds the rows left (a row or two) under masks.
     */
    static void inputLanes(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final float[] grad,
            final int at) {
        final float[] block = BLOCK.get();
        for (int j = 0; j < outputs; j += COLUMNS) {
            final int cols = Math.min(COLUMNS, outputs - j);
            int ib = 0;
            for (; ib + 3 * N < inputs; ib += 4 * N) {
                final int safe = wholeRows(x.length, inputs, ib + 4 * N, from, to);
                lanes4(x, inputs, dy, outputs, from, safe, ib, j, block);
                lastRows(x, inputs, dy, outputs, safe, to, ib, 4, j, cols, block);
                transposeOut(block, Math.min(4 * N, inputs - ib), cols, grad, at + ib * outputs + j, outputs);
            }
            // at most three vectors' worth of inputs left
            if (ib + N < inputs) {
                final int safe = wholeRows(x.length, inputs, ib + 2 * N, from, to);
                lanes2(x, inputs, dy, outputs, from, safe, ib, j, block);
                lastRows(x, inputs, dy, outputs, safe, to, ib, 2, j, cols, block);
                transposeOut(block, Math.min(2 * N, inputs - ib), cols, grad, at + ib * outputs + j, outputs);
                ib += 2 * N;
            }
            if (ib < inputs) {
                final int safe = wholeRows(x.length, inputs, ib + N, from, to);
                lanes1(x, inputs, dy, outputs, from, safe, ib, j, block);
                lastRows(x, inputs, dy, outputs, safe, to, ib, 1, j, cols, block);
                transposeOut(block, inputs - ib, cols, grad, at + ib * outputs + j, outputs);
            }
        }
    }

    /** The end of the rows r in [from, to) whose values r * inputs + [0, end) all lie inside x. */
    private static int wholeRows(final int length, final int inputs, final int end, final int from, final int to) {
        return Math.clamp(Math.floorDiv(length - end, inputs) + 1L, from, to);
    }

    /**
     * Adds rows [safe, to), which a block kernel left because a whole vector would leave x there, to the block's sums
     * of {@code vectors} vectors at ib times {@code cols} columns: the same FMAs in the same row order, each vector
     * loaded under a mask that keeps it inside its row.
     */
    private static void lastRows(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int safe,
            final int to,
            final int ib,
            final int vectors,
            final int j,
            final int cols,
            final float[] block) {
        for (int v = 0; v < vectors && safe < to; v++) {
            // the mask is made here, not passed in: a mask crossing a call that is not inlined is boxed
            final VectorMask<Float> m = F.indexInRange(ib + v * N, inputs);
            for (int c = 0; c < cols; c++) {
                final int b = c * BLOCK_STRIDE + v * N;
                FloatVector s = FloatVector.fromArray(F, block, b);
                for (int r = safe; r < to; r++) {
                    final FloatVector xv = FloatVector.fromArray(F, x, r * inputs + ib + v * N, m);
                    s = xv.lanewise(FMA, FloatVector.broadcast(F, dy[r * outputs + j + c]), s);
                }
                s.intoArray(block, b);
            }
        }
    }

    /**
     * grad[g + t * outputs + c] = block[c * BLOCK_STRIDE + t] for inputs t &lt; count and columns c &lt; cols: one
     * block's sums to the [inputs x outputs] layout, once per block and call.
     */
    private static void transposeOut(
            final float[] block, final int count, final int cols, final float[] grad, final int g, final int outputs) {
        if (cols == COLUMNS) {
            // unrolled: four stores whose bounds checks C2 merges, instead of a loop of unknown length per input
            for (int t = 0; t < count; t++) {
                final int gt = g + t * outputs;
                grad[gt] = block[t];
                grad[gt + 1] = block[BLOCK_STRIDE + t];
                grad[gt + 2] = block[2 * BLOCK_STRIDE + t];
                grad[gt + 3] = block[3 * BLOCK_STRIDE + t];
            }
            return;
        }
        for (int t = 0; t < count; t++) {
            final int gt = g + t * outputs;
            for (int c = 0; c < cols; c++) {
                grad[gt + c] = block[c * BLOCK_STRIDE + t];
            }
        }
    }

    /**
     * Inputs ib..ib+4N times columns j..j+3, summed over rows [from, to) into {@code block}, whose rows must hold the
     * four vectors whole inside x. Columns past the last output repeat it (their sums are not written back), so every
     * row is one flat body of 16 FMAs.
     */
    private static void lanes4(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final int ib,
            final int j,
            final float[] block) {
        final int last = outputs - 1;
        final int j1 = Math.min(j + 1, last);
        final int j2 = Math.min(j + 2, last);
        final int j3 = Math.min(j + 3, last);
        FloatVector s00 = FloatVector.zero(F);
        FloatVector s01 = FloatVector.zero(F);
        FloatVector s02 = FloatVector.zero(F);
        FloatVector s03 = FloatVector.zero(F);
        FloatVector s10 = FloatVector.zero(F);
        FloatVector s11 = FloatVector.zero(F);
        FloatVector s12 = FloatVector.zero(F);
        FloatVector s13 = FloatVector.zero(F);
        FloatVector s20 = FloatVector.zero(F);
        FloatVector s21 = FloatVector.zero(F);
        FloatVector s22 = FloatVector.zero(F);
        FloatVector s23 = FloatVector.zero(F);
        FloatVector s30 = FloatVector.zero(F);
        FloatVector s31 = FloatVector.zero(F);
        FloatVector s32 = FloatVector.zero(F);
        FloatVector s33 = FloatVector.zero(F);
        for (int r = from; r < to; r++) {
            final int xr = r * inputs + ib;
            final int dr = r * outputs;
            final FloatVector x0 = FloatVector.fromArray(F, x, xr);
            final FloatVector x1 = FloatVector.fromArray(F, x, xr + N);
            final FloatVector x2 = FloatVector.fromArray(F, x, xr + 2 * N);
            final FloatVector x3 = FloatVector.fromArray(F, x, xr + 3 * N);
            final FloatVector d0 = FloatVector.broadcast(F, dy[dr + j]);
            s00 = x0.lanewise(FMA, d0, s00);
            s01 = x1.lanewise(FMA, d0, s01);
            s02 = x2.lanewise(FMA, d0, s02);
            s03 = x3.lanewise(FMA, d0, s03);
            final FloatVector d1 = FloatVector.broadcast(F, dy[dr + j1]);
            s10 = x0.lanewise(FMA, d1, s10);
            s11 = x1.lanewise(FMA, d1, s11);
            s12 = x2.lanewise(FMA, d1, s12);
            s13 = x3.lanewise(FMA, d1, s13);
            final FloatVector d2 = FloatVector.broadcast(F, dy[dr + j2]);
            s20 = x0.lanewise(FMA, d2, s20);
            s21 = x1.lanewise(FMA, d2, s21);
            s22 = x2.lanewise(FMA, d2, s22);
            s23 = x3.lanewise(FMA, d2, s23);
            final FloatVector d3 = FloatVector.broadcast(F, dy[dr + j3]);
            s30 = x0.lanewise(FMA, d3, s30);
            s31 = x1.lanewise(FMA, d3, s31);
            s32 = x2.lanewise(FMA, d3, s32);
            s33 = x3.lanewise(FMA, d3, s33);
        }
        s00.intoArray(block, 0);
        s01.intoArray(block, N);
        s02.intoArray(block, 2 * N);
        s03.intoArray(block, 3 * N);
        s10.intoArray(block, BLOCK_STRIDE);
        s11.intoArray(block, BLOCK_STRIDE + N);
        s12.intoArray(block, BLOCK_STRIDE + 2 * N);
        s13.intoArray(block, BLOCK_STRIDE + 3 * N);
        s20.intoArray(block, 2 * BLOCK_STRIDE);
        s21.intoArray(block, 2 * BLOCK_STRIDE + N);
        s22.intoArray(block, 2 * BLOCK_STRIDE + 2 * N);
        s23.intoArray(block, 2 * BLOCK_STRIDE + 3 * N);
        s30.intoArray(block, 3 * BLOCK_STRIDE);
        s31.intoArray(block, 3 * BLOCK_STRIDE + N);
        s32.intoArray(block, 3 * BLOCK_STRIDE + 2 * N);
        s33.intoArray(block, 3 * BLOCK_STRIDE + 3 * N);
    }

    /** Inputs ib..ib+2N times columns j..j+3, as {@link #lanes4}. */
    private static void lanes2(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final int ib,
            final int j,
            final float[] block) {
        final int last = outputs - 1;
        final int j1 = Math.min(j + 1, last);
        final int j2 = Math.min(j + 2, last);
        final int j3 = Math.min(j + 3, last);
        FloatVector s00 = FloatVector.zero(F);
        FloatVector s01 = FloatVector.zero(F);
        FloatVector s10 = FloatVector.zero(F);
        FloatVector s11 = FloatVector.zero(F);
        FloatVector s20 = FloatVector.zero(F);
        FloatVector s21 = FloatVector.zero(F);
        FloatVector s30 = FloatVector.zero(F);
        FloatVector s31 = FloatVector.zero(F);
        for (int r = from; r < to; r++) {
            final int xr = r * inputs + ib;
            final int dr = r * outputs;
            final FloatVector x0 = FloatVector.fromArray(F, x, xr);
            final FloatVector x1 = FloatVector.fromArray(F, x, xr + N);
            final FloatVector d0 = FloatVector.broadcast(F, dy[dr + j]);
            s00 = x0.lanewise(FMA, d0, s00);
            s01 = x1.lanewise(FMA, d0, s01);
            final FloatVector d1 = FloatVector.broadcast(F, dy[dr + j1]);
            s10 = x0.lanewise(FMA, d1, s10);
            s11 = x1.lanewise(FMA, d1, s11);
            final FloatVector d2 = FloatVector.broadcast(F, dy[dr + j2]);
            s20 = x0.lanewise(FMA, d2, s20);
            s21 = x1.lanewise(FMA, d2, s21);
            final FloatVector d3 = FloatVector.broadcast(F, dy[dr + j3]);
            s30 = x0.lanewise(FMA, d3, s30);
            s31 = x1.lanewise(FMA, d3, s31);
        }
        s00.intoArray(block, 0);
        s01.intoArray(block, N);
        s10.intoArray(block, BLOCK_STRIDE);
        s11.intoArray(block, BLOCK_STRIDE + N);
        s20.intoArray(block, 2 * BLOCK_STRIDE);
        s21.intoArray(block, 2 * BLOCK_STRIDE + N);
        s30.intoArray(block, 3 * BLOCK_STRIDE);
        s31.intoArray(block, 3 * BLOCK_STRIDE + N);
    }

    /** Inputs ib..ib+N times columns j..j+3, as {@link #lanes4}. */
    private static void lanes1(
            final float[] x,
            final int inputs,
            final float[] dy,
            final int outputs,
            final int from,
            final int to,
            final int ib,
            final int j,
            final float[] block) {
        final int last = outputs - 1;
        final int j1 = Math.min(j + 1, last);
        final int j2 = Math.min(j + 2, last);
        final int j3 = Math.min(j + 3, last);
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int r = from; r < to; r++) {
            final FloatVector x0 = FloatVector.fromArray(F, x, r * inputs + ib);
            final int dr = r * outputs;
            s0 = x0.lanewise(FMA, FloatVector.broadcast(F, dy[dr + j]), s0);
            s1 = x0.lanewise(FMA, FloatVector.broadcast(F, dy[dr + j1]), s1);
            s2 = x0.lanewise(FMA, FloatVector.broadcast(F, dy[dr + j2]), s2);
            s3 = x0.lanewise(FMA, FloatVector.broadcast(F, dy[dr + j3]), s3);
        }
        s0.intoArray(block, 0);
        s1.intoArray(block, BLOCK_STRIDE);
        s2.intoArray(block, 2 * BLOCK_STRIDE);
        s3.intoArray(block, 3 * BLOCK_STRIDE);
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
            s0 = d.lanewise(FMA, FloatVector.broadcast(F, x[xr]), s0);
            s1 = d.lanewise(FMA, FloatVector.broadcast(F, x[xr + 1]), s1);
            s2 = d.lanewise(FMA, FloatVector.broadcast(F, x[xr + 2]), s2);
            s3 = d.lanewise(FMA, FloatVector.broadcast(F, x[xr + 3]), s3);
            s4 = d.lanewise(FMA, FloatVector.broadcast(F, x[xr + 4]), s4);
            s5 = d.lanewise(FMA, FloatVector.broadcast(F, x[xr + 5]), s5);
            s6 = d.lanewise(FMA, FloatVector.broadcast(F, x[xr + 6]), s6);
            s7 = d.lanewise(FMA, FloatVector.broadcast(F, x[xr + 7]), s7);
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
            s = d.lanewise(FMA, FloatVector.broadcast(F, x[r * inputs + i]), s);
        }
        s.intoArray(grad, g, m);
    }

    /**
     * The channels in the lanes, as {@link #sumRuns}: each term one vector load and compare, its greater lanes taking
     * its values and indices by blends (the scalar loop's branch went either way at random: 8% of a software training
     * step of the paper CNN).
     */
    @Override
    public void maxRuns(
            final float[] src,
            final int srcBase,
            final int[] at,
            final int atFrom,
            final int terms,
            final float[] dst,
            final int[] winners,
            final int dstAt,
            final int n,
            final int pixels) {
        final IntVector lanes = IntVector.zero(I).addIndex(1);
        for (int q = 0; q < pixels; q++) {
            final int first = atFrom + q * terms;
            final int out = dstAt + q * n;
            for (int c = 0; c < n; c += N) {
                final VectorMask<Float> m = F.indexInRange(c, n);
                int index = srcBase + at[first] + c;
                FloatVector best = FloatVector.fromArray(F, src, index, m);
                IntVector winner = lanes.lanewise(ADD, IntVector.broadcast(I, index));
                for (int t = first + 1; t < first + terms; t++) {
                    index = srcBase + at[t] + c;
                    final FloatVector v = FloatVector.fromArray(F, src, index, m);
                    final VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
                    best = best.blend(v, greater);
                    winner = winner.blend(lanes.lanewise(ADD, IntVector.broadcast(I, index)), greater.cast(I));
                }
                best.intoArray(dst, out + c, m);
                winner.intoArray(winners, out + c, m.cast(I));
            }
        }
    }

    /** Whole vectors select dOut or +0 by a compare; the tail goes to the reference. */
    @Override
    public void reluGradient(final float[] in, final float[] dOut, final float[] dIn, final int from, final int to) {
        final FloatVector zero = FloatVector.zero(F);
        int i = from;
        for (; i <= to - N; i += N) {
            final VectorMask<Float> positive = FloatVector.fromArray(F, in, i).compare(VectorOperators.GT, zero);
            zero.blend(FloatVector.fromArray(F, dOut, i), positive).intoArray(dIn, i);
        }
        MatrixKernelSupport.reference().reluGradient(in, dOut, dIn, i, to);
    }
}
