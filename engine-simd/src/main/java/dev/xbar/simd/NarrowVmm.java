package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.DIV;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.MUL;
import static jdk.incubator.vector.VectorOperators.SUB;

import dev.xbar.core.random.FloatMath;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Currents of a window too narrow to fill a vector with its columns (the paper CNN's conv2 has 8), with the lanes over
 * batch rows instead: a chunk of {@link #ROWS} batch rows is transposed so that each input i is a row of ROWS
 * quantised voltages q^T[i], and each output column j keeps one accumulator per block of N batch rows, acc =
 * fma(q^T[i], broadcast(G[i][j]), acc) for i ascending. Every lane then sums its output in the scalar order with one
 * fused multiply-add per term, so the currents are bit-identical to the scalar reference, as are the sums of V^2
 * (accumulated the same way, lane-wise). The main kernel holds 4 blocks x 4 columns (16 FMA chains, each broadcast
 * shared by 4 blocks); leftover columns go one at a time, which is also the only kernel when the read noise is
 * relative (its sums of (V G)^2 double the accumulators).
 *
 * <p>{@link ForwardVmm} also sends windows of at most one vector of inputs and columns here (the paper CNN's conv1).
 *
 * <p>A chunk shorter than ROWS (the end of a row range, or a small batch) is padded to whole blocks, whose lanes beyond
 * its rows are computed and dropped, and goes through one-block kernels. A lane's result does not depend on its chunk
 * or block, so any split of a batch into row ranges gives the same bits.
 */
final class NarrowVmm {
    /** Blocks of N batch rows per chunk. */
    private static final int BLOCKS = 4;

    /** Batch rows per chunk. */
    static final int ROWS = BLOCKS * N;

    /**
     * Floats from one input's row of the transposed chunk to the next: ROWS plus one vector, so that an N x N tile
     * does not span exactly 4 KiB (stores 4 KiB apart stall the loads that follow them, 4K aliasing: twice the time).
     */
    static final int STRIDE = ROWS + N;

    /** Floats of a chunk's transposed currents: N vectors (one per column, at most N) of STRIDE, a whole tile row. */
    static final int TILES = N * STRIDE;

    /**
     * Columns up to which this path is taken. Measured on AVX-512 at 6,400 batch rows: 25-35% faster than the
     * column-vector kernels at 4 to 8 columns, under 15% at 9 to 12, level or behind at 15 and 16; and at 9 to 12
     * columns it loses on small batches and on the CNN's 86 x 10 dense tiles at batch 100 (a padded partial chunk).
     */
    static final int MAX_COLS = N / 2;

    /** Fewest batch rows worth a chunk: below, padding a block to N lanes costs more than the lanes over columns. */
    static final int MIN_ROWS = N / 2;

    /**
     * Two-vector selection indices of the transposition stages, per stage s (h = 2^s): lane p of the new low vector
     * of a pair is its own lane p if bit h of p is clear, else the high vector's lane p - h (index N + p - h); lane p
     * of the new high vector is the low vector's lane p + h if bit h is clear, else its own lane p.
     */
    static final float[][] LOW = new float[Integer.numberOfTrailingZeros(N)][N];

    static final float[][] HIGH = new float[LOW.length][N];

    /**
     * The last stage of {@link #untranspose} for 2^(m + 1) columns, per m: the stage's selection of lane bit L - m - 1
     * (L = log2 N) followed by the lane order of the output rows. After the stages, vector v holds rows v N / c to (v +
     * 1) N / c - 1 of the block (c columns), row r's column j in lane (j &lt;&lt; (L - m - 1)) | (r mod N / c); the
     * output wants it in lane (r mod N / c) c + j, so lane t takes the stage's lane (t mod c) &lt;&lt; (L - m - 1) | t / c.
     * For c = N that order is the identity and these are the stage's own tables.
     */
    static final float[][] LAST_LOW = new float[LOW.length][N];

    static final float[][] LAST_HIGH = new float[LOW.length][N];

    static {
        for (int s = 0; s < LOW.length; s++) {
            final int h = 1 << s;
            for (int p = 0; p < N; p++) {
                LOW[s][p] = (p & h) == 0 ? p : N + p - h;
                HIGH[s][p] = (p & h) == 0 ? p + h : N + p;
            }
        }
        for (int m = 0; m < LOW.length; m++) {
            final int bits = m + 1;
            final int c = 1 << bits;
            final int shift = LOW.length - bits;
            for (int t = 0; t < N; t++) {
                final int from = (t & (c - 1)) << shift | t >> bits;
                LAST_LOW[m][t] = LOW[shift][from];
                LAST_HIGH[m][t] = HIGH[shift][from];
            }
        }
    }

    private NarrowVmm() {}

    /**
     * Raw currents of batch rows [first, first + n) into {@code out[b * cols + j]}, their sums of V^2 into {@code
     * sumV2[b - first]} and, when squares is not null, their sums of (V G)^2 into {@code squares[(b - first) * cols +
     * j]}.
     *
     * @param g the conductance plane
     * @param at byte offset of the window's first device
     * @param stride bytes per chip row
     * @param rows window rows (inputs)
     * @param cols window columns (outputs)
     * @param in the call's input rows (rows inputs each)
     * @param first the chunk's first batch row
     * @param n batch rows in the chunk, from {@link #MIN_ROWS} to {@link #ROWS}
     * @param rc the call's read chain (its DAC)
     * @param out outputs [batch x cols]
     * @param sumV2 per chunk row
     * @param squares per chunk output, or null when the read noise is not relative
     * @param q scratch of at least rows x STRIDE floats, rows rounded up to whole vectors
     * @param spare scratch of at least rows x ROWS floats, rows rounded up to whole vectors
     * @param acc scratch of at least {@link #TILES} floats
     * @param acc2 scratch of at least {@link #TILES} floats, for the sums of (V G)^2
     */
    static void chunk(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final int cols,
            final InputRows in,
            final int first,
            final int n,
            final ReadChain rc,
            final float[] out,
            final float[] sumV2,
            final float[] squares,
            final float[] q,
            final float[] spare,
            final float[] acc,
            final float[] acc2) {
        final int width = (n + N - 1) / N * N;
        transpose(in, first, n, width, rows, rc, q, spare);
        sumsOfSquares(q, rows, width, in.weights(), sumV2);
        final boolean relative = squares != null;
        currents(g, at, stride, rows, cols, q, width, relative, acc, acc2);
        untranspose(acc, n, width, cols, out, first * cols);
        if (relative) {
            untranspose(acc2, n, width, cols, squares, 0);
        }
    }

    /**
     * acc[j * STRIDE + r] = the current of column j for lane r &lt; width of the transposed inputs q (q[i * STRIDE +
     * r]), and acc2 the sums of (V G)^2 when relative: 4 blocks at a time over a whole chunk, one over a partial one.
     *
     * @param g the conductance plane
     * @param at byte offset of the window's first device
     * @param stride bytes per chip row
     * @param rows window rows (inputs)
     * @param cols window columns (outputs)
     * @param q the transposed quantised inputs, rows x STRIDE
     * @param width lanes in use, whole blocks of N, at most ROWS
     * @param relative whether the sums of (V G)^2 are accumulated
     * @param acc scratch of at least cols x STRIDE floats
     * @param acc2 scratch of at least cols x STRIDE floats when relative
     */
    static void currents(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final int cols,
            final float[] q,
            final int width,
            final boolean relative,
            final float[] acc,
            final float[] acc2) {
        if (width == ROWS) {
            int c = 0;
            if (!relative) {
                for (; c <= cols - 4; c += 4) {
                    blocks4cols4(g, at + (long) c * Float.BYTES, stride, rows, q, acc, c * STRIDE);
                }
            }
            for (; c < cols; c++) {
                blocks4cols1(g, at + (long) c * Float.BYTES, stride, rows, q, relative, acc, acc2, c * STRIDE);
            }
        } else {
            for (int b = 0; b < width; b += N) {
                int c = 0;
                if (!relative) {
                    for (; c <= cols - 4; c += 4) {
                        blocks1cols4(g, at + (long) c * Float.BYTES, stride, rows, q, b, acc, c * STRIDE + b);
                    }
                }
                for (; c < cols; c++) {
                    blocks1cols1(
                            g, at + (long) c * Float.BYTES, stride, rows, q, b, relative, acc, acc2, c * STRIDE + b);
                }
            }
        }
    }

    /**
     * q[i * STRIDE + r] = DAC(scale_r x_ri) for the chunk's n rows (x_ri input i of the chunk's row r), and anything for the padding rows and
     * for inputs from rows up to the next multiple of N. Works on N x N tiles, tile (t, b) being inputs t N .. t N + N
     * - 1 of batch rows b N .. b N + N - 1, stored as its N vectors q[(t N + a) STRIDE + b N]. Transposing a tile
     * swaps, for every bit h, bit h of the vector index with bit h of the lane index; each stage swaps one bit
     * (two-vector selects), in any order. The first pass loads rows straight from the inputs (vector a of a tile is
     * batch row b N + a), quantises them and applies the two highest stages in registers; the others follow in place,
     * two per pass. Vector stores are what this costs, hence the fusing.
     *
     * <p>The loads are whole vectors, running past a row's end into the next row (lanes for inputs beyond rows, never
     * read). Only the batch's last row can run past the array, and a masked load that might leave the array costs C2
     * its intrinsic and then the whole method its speed; a chunk holding that row is copied into the spare buffer, rows
     * padded to whole vectors, first.
     */
    private static void transpose(
            final InputRows in,
            final int first,
            final int n,
            final int width,
            final int rows,
            final ReadChain rc,
            final float[] q,
            final float[] spare) {
        final int tiles = (rows + N - 1) / N;
        final float[] src = in.src();
        // one call site: the vector passes inlined twice would overflow C2's node budget (then everything is boxed)
        final boolean inBounds = in.at(first + n - 1) + tiles * N <= src.length;
        if (!inBounds) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(src, in.at(first + r), spare, r * tiles * N, rows);
            }
        }
        transpose(
                inBounds ? src : spare,
                inBounds ? in.at(first) : 0,
                inBounds ? in.step() : tiles * N,
                in,
                first,
                n,
                width,
                tiles,
                rc,
                q);
    }

    /**
     * {@link #transpose} from rows of inputs {@code src[from + r * step ..]}, whole vectors in bounds; row r's scale is
     * that of batch row first + r.
     */
    private static void transpose(
            final float[] src,
            final int from,
            final int step,
            final InputRows in,
            final int first,
            final int n,
            final int width,
            final int tiles,
            final ReadChain rc,
            final float[] q) {
        final int s = LOW.length - 1;
        final int h = 1 << s;
        final int k = h >> 1;
        final FloatVector lowH = FloatVector.fromArray(F, LOW[s], 0);
        final FloatVector highH = FloatVector.fromArray(F, HIGH[s], 0);
        final FloatVector lowK = FloatVector.fromArray(F, LOW[s - 1], 0);
        final FloatVector highK = FloatVector.fromArray(F, HIGH[s - 1], 0);
        // the DAC written out, VectorMath.quantize's operations in its order (its clamp too): through
        // rc.dac(FloatVector) it was inlined here only when C2 compiled this loop before it had compiled dac on its
        // own; otherwise ("already compiled into a medium method") every vector of the chunk was boxed, conv2's VMM
        // took 5-10x as long and allocated 600 KB per call (JMH forks now and then; JFR: VectorMath.quantize under
        // ReadChain.dac)
        final FloatVector steps = FloatVector.broadcast(F, rc.dacStep());
        final FloatVector lowest = FloatVector.broadcast(F, -rc.dacMax());
        final FloatVector highest = FloatVector.broadcast(F, rc.dacMax());
        final FloatVector magic = FloatVector.broadcast(F, FloatMath.ROUNDING_MAGIC);
        for (int b = 0; b < width; b += N) {
            for (int t = 0; t < tiles * N; t += N) {
                for (int a = 0; a < k; a++) {
                    // padding rows repeat the chunk's last row: any value will do, and it is in bounds
                    final int r0 = Math.min(b + a, n - 1);
                    final int r1 = Math.min(b + a + k, n - 1);
                    final int r2 = Math.min(b + a + h, n - 1);
                    final int r3 = Math.min(b + a + h + k, n - 1);
                    final FloatVector c0 = FloatVector.fromArray(F, src, from + r0 * step + t)
                            .lanewise(MUL, FloatVector.broadcast(F, in.scale(first + r0)))
                            .lanewise(DIV, steps);
                    final FloatVector l0 = c0.blend(lowest, c0.compare(LT, lowest));
                    final FloatVector v0 = l0.blend(highest, l0.compare(GT, highest))
                            .lanewise(ADD, magic)
                            .lanewise(SUB, magic)
                            .lanewise(MUL, steps);
                    final FloatVector c1 = FloatVector.fromArray(F, src, from + r1 * step + t)
                            .lanewise(MUL, FloatVector.broadcast(F, in.scale(first + r1)))
                            .lanewise(DIV, steps);
                    final FloatVector l1 = c1.blend(lowest, c1.compare(LT, lowest));
                    final FloatVector v1 = l1.blend(highest, l1.compare(GT, highest))
                            .lanewise(ADD, magic)
                            .lanewise(SUB, magic)
                            .lanewise(MUL, steps);
                    final FloatVector c2 = FloatVector.fromArray(F, src, from + r2 * step + t)
                            .lanewise(MUL, FloatVector.broadcast(F, in.scale(first + r2)))
                            .lanewise(DIV, steps);
                    final FloatVector l2 = c2.blend(lowest, c2.compare(LT, lowest));
                    final FloatVector v2 = l2.blend(highest, l2.compare(GT, highest))
                            .lanewise(ADD, magic)
                            .lanewise(SUB, magic)
                            .lanewise(MUL, steps);
                    final FloatVector c3 = FloatVector.fromArray(F, src, from + r3 * step + t)
                            .lanewise(MUL, FloatVector.broadcast(F, in.scale(first + r3)))
                            .lanewise(DIV, steps);
                    final FloatVector l3 = c3.blend(lowest, c3.compare(LT, lowest));
                    final FloatVector v3 = l3.blend(highest, l3.compare(GT, highest))
                            .lanewise(ADD, magic)
                            .lanewise(SUB, magic)
                            .lanewise(MUL, steps);
                    final FloatVector u0 = lowH.selectFrom(v0, v2);
                    final FloatVector u2 = highH.selectFrom(v0, v2);
                    final FloatVector u1 = lowH.selectFrom(v1, v3);
                    final FloatVector u3 = highH.selectFrom(v1, v3);
                    final int x0 = (t + a) * STRIDE + b;
                    lowK.selectFrom(u0, u1).intoArray(q, x0);
                    highK.selectFrom(u0, u1).intoArray(q, x0 + k * STRIDE);
                    lowK.selectFrom(u2, u3).intoArray(q, x0 + h * STRIDE);
                    highK.selectFrom(u2, u3).intoArray(q, x0 + (h + k) * STRIDE);
                }
            }
        }
        swapStages(q, tiles, N, width, s - 2, 0, 0);
    }

    /**
     * Stages high down to low of the in-place tile transposition over the first count vectors of each tile, two per
     * pass while two remain (none if high &lt; low); stage s swaps vector bit s with lane bit s + shift.
     */
    private static void swapStages(
            final float[] q,
            final int tiles,
            final int count,
            final int width,
            final int high,
            final int low,
            final int shift) {
        int stage = high;
        for (; stage > low; stage -= 2) {
            swapBlocks2(q, tiles, count, width, stage, shift);
        }
        if (stage == low) {
            swapBlocks(q, tiles, count, width, low, shift);
        }
    }

    /**
     * One stage of the in-place tile transposition: within every pair of vectors (a, a + h) of the first count of
     * each tile, h = 2^s, a's lanes with bit h' = 2^(s + shift) set swap with (a + h)'s lanes with bit h' clear (bit
     * s of the vector index swaps with bit s + shift of the lane index). After the stages for every s, in any order,
     * with shift 0, each tile is transposed; {@link #untranspose} moves fewer vector bits, each to a higher lane bit.
     */
    static void swapBlocks(
            final float[] q, final int tiles, final int count, final int width, final int s, final int shift) {
        final int h = 1 << s;
        final FloatVector low = FloatVector.fromArray(F, LOW[s + shift], 0);
        final FloatVector high = FloatVector.fromArray(F, HIGH[s + shift], 0);
        for (int t = 0; t < tiles * N * STRIDE; t += N * STRIDE) {
            for (int b = 0; b < width; b += N) {
                for (int a = 0; a < count; a++) {
                    if ((a & h) == 0) {
                        final int x = t + a * STRIDE + b;
                        final int y = x + h * STRIDE;
                        final FloatVector vx = FloatVector.fromArray(F, q, x);
                        final FloatVector vy = FloatVector.fromArray(F, q, y);
                        low.selectFrom(vx, vy).intoArray(q, x);
                        high.selectFrom(vx, vy).intoArray(q, y);
                    }
                }
            }
        }
    }

    /** Stages s and s - 1 of the tile transposition in one pass, over quadruples of vectors held in registers. */
    static void swapBlocks2(
            final float[] q, final int tiles, final int count, final int width, final int s, final int shift) {
        final int h = 1 << s;
        final int k = h >> 1;
        final FloatVector lowH = FloatVector.fromArray(F, LOW[s + shift], 0);
        final FloatVector highH = FloatVector.fromArray(F, HIGH[s + shift], 0);
        final FloatVector lowK = FloatVector.fromArray(F, LOW[s - 1 + shift], 0);
        final FloatVector highK = FloatVector.fromArray(F, HIGH[s - 1 + shift], 0);
        for (int t = 0; t < tiles * N * STRIDE; t += N * STRIDE) {
            for (int b = 0; b < width; b += N) {
                for (int a = 0; a < count; a++) {
                    if ((a & (h | k)) == 0) {
                        final int x0 = t + a * STRIDE + b;
                        final int x1 = x0 + k * STRIDE;
                        final int x2 = x0 + h * STRIDE;
                        final int x3 = x2 + k * STRIDE;
                        final FloatVector v0 = FloatVector.fromArray(F, q, x0);
                        final FloatVector v1 = FloatVector.fromArray(F, q, x1);
                        final FloatVector v2 = FloatVector.fromArray(F, q, x2);
                        final FloatVector v3 = FloatVector.fromArray(F, q, x3);
                        final FloatVector u0 = lowH.selectFrom(v0, v2);
                        final FloatVector u2 = highH.selectFrom(v0, v2);
                        final FloatVector u1 = lowH.selectFrom(v1, v3);
                        final FloatVector u3 = highH.selectFrom(v1, v3);
                        lowK.selectFrom(u0, u1).intoArray(q, x0);
                        highK.selectFrom(u0, u1).intoArray(q, x1);
                        lowK.selectFrom(u2, u3).intoArray(q, x2);
                        highK.selectFrom(u2, u3).intoArray(q, x3);
                    }
                }
            }
        }
    }

    /**
     * sumV2[r] = sum over i ascending of weights[i] q[i STRIDE + r]^2 for r &lt; width, one fused multiply-add
     * (weight v) v per input as the scalar DAC sums: four chains over a whole chunk, one per block of a partial one.
     */
    static void sumsOfSquares(
            final float[] q, final int rows, final int width, final float[] weights, final float[] sumV2) {
        if (width == ROWS) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (int i = 0; i < rows; i++) {
                final FloatVector w = FloatVector.broadcast(F, weights[i]);
                final FloatVector v0 = FloatVector.fromArray(F, q, i * STRIDE);
                s0 = v0.lanewise(MUL, w).lanewise(FMA, v0, s0);
                final FloatVector v1 = FloatVector.fromArray(F, q, i * STRIDE + N);
                s1 = v1.lanewise(MUL, w).lanewise(FMA, v1, s1);
                final FloatVector v2 = FloatVector.fromArray(F, q, i * STRIDE + 2 * N);
                s2 = v2.lanewise(MUL, w).lanewise(FMA, v2, s2);
                final FloatVector v3 = FloatVector.fromArray(F, q, i * STRIDE + 3 * N);
                s3 = v3.lanewise(MUL, w).lanewise(FMA, v3, s3);
            }
            s0.intoArray(sumV2, 0);
            s1.intoArray(sumV2, N);
            s2.intoArray(sumV2, 2 * N);
            s3.intoArray(sumV2, 3 * N);
        } else {
            for (int b = 0; b < width; b += N) {
                FloatVector s0 = FloatVector.zero(F);
                for (int i = 0; i < rows; i++) {
                    final FloatVector w = FloatVector.broadcast(F, weights[i]);
                    final FloatVector v0 = FloatVector.fromArray(F, q, i * STRIDE + b);
                    s0 = v0.lanewise(MUL, w).lanewise(FMA, v0, s0);
                }
                s0.intoArray(sumV2, b);
            }
        }
    }

    /**
     * dst[to + r * cols + j] = src[j * STRIDE + r] for the chunk's n real rows (cols at most N), block by block of N
     * rows, in place in src and then stored:
     *
     * <ul>
     *   <li>a power of two of columns c moves only its c vectors: log2 c stages carry the vector index's bits to the
     *       top lane bits and the rows' top bits to the vector index, so that vector v holds the block's N / c rows
     *       from v N / c, and the last stage's selection also puts each row's c outputs in order (conv2's 8 columns:
     *       24 selections per block instead of a whole tile's 64, and a third of the loads and stores); one column is
     *       its rows in order already and is copied as floats;
     *   <li>other widths transpose all N vectors (those from cols on hold anything), one row per vector, each stored
     *       whole from its row's start, the next row overwriting the lanes beyond cols.
     * </ul>
     *
     * The last two stages run on quadruples of vectors held in registers and end in the stores (one pass over the
     * tile less than a stage per pass: conv1's 15 columns in training). Vectors that would run past the chunk's last
     * output are written back in place and copied (a masked store that may leave the array would cost C2 its
     * intrinsic). Element by element it made conv1's 6,400-row VMM 218 us against 195 (medians of 4 alternating
     * forks). The stores take the selections' results: a vector loaded and stored unchanged reached {@code intoArray}
     * with the species unknown to C2 (the method's shared profile had seen the 256-bit species too), and C2 boxed every
     * one of them: 1.36 GB of a default run's 1.87 GB allocated (JFR).
     */
    static void untranspose(
            final float[] src, final int n, final int width, final int cols, final float[] dst, final int to) {
        final int used = Integer.bitCount(cols) == 1 ? cols : N;
        final int bits = Integer.numberOfTrailingZeros(used);
        if (bits == 0) {
            System.arraycopy(src, 0, dst, to, n);
        } else if (bits == 1) {
            lastStage(src, n, width, cols, dst, to);
        } else {
            swapStages(src, 1, used, width, bits - 1, 2, LOW.length - bits);
            lastTwoStages(src, n, width, cols, used, dst, to);
        }
    }

    /** {@link #untranspose}'s one stage for two columns, in pairs of vectors, and the stores. */
    private static void lastStage(
            final float[] src, final int n, final int width, final int cols, final float[] dst, final int to) {
        final FloatVector low = FloatVector.fromArray(F, LAST_LOW[0], 0);
        final FloatVector high = FloatVector.fromArray(F, LAST_HIGH[0], 0);
        final int per = N / 2;
        for (int b = 0; b < width; b += N) {
            final FloatVector vx = FloatVector.fromArray(F, src, b);
            final FloatVector vy = FloatVector.fromArray(F, src, STRIDE + b);
            if ((b + per) * cols + N <= n * cols) {
                low.selectFrom(vx, vy).intoArray(dst, to + b * cols);
                high.selectFrom(vx, vy).intoArray(dst, to + (b + per) * cols);
            } else {
                low.selectFrom(vx, vy).intoArray(src, b);
                high.selectFrom(vx, vy).intoArray(src, STRIDE + b);
                copyRows(src, b, 2, per, n, b, cols, dst, to);
            }
        }
    }

    /**
     * {@link #untranspose}'s last two stages over quadruples of vectors held in registers, and the stores: vector a
     * of a block holds its N / used rows from a N / used.
     */
    private static void lastTwoStages(
            final float[] src,
            final int n,
            final int width,
            final int cols,
            final int used,
            final float[] dst,
            final int to) {
        final int bits = Integer.numberOfTrailingZeros(used);
        final int shift = LOW.length - bits;
        final FloatVector lowH = FloatVector.fromArray(F, LOW[1 + shift], 0);
        final FloatVector highH = FloatVector.fromArray(F, HIGH[1 + shift], 0);
        final FloatVector lowK = FloatVector.fromArray(F, LAST_LOW[bits - 1], 0);
        final FloatVector highK = FloatVector.fromArray(F, LAST_HIGH[bits - 1], 0);
        final int per = N / used;
        for (int b = 0; b < width; b += N) {
            for (int a = 0; a < used && b + a * per < n; a += 4) {
                final int x = a * STRIDE + b;
                final FloatVector v0 = FloatVector.fromArray(F, src, x);
                final FloatVector v1 = FloatVector.fromArray(F, src, x + STRIDE);
                final FloatVector v2 = FloatVector.fromArray(F, src, x + 2 * STRIDE);
                final FloatVector v3 = FloatVector.fromArray(F, src, x + 3 * STRIDE);
                final FloatVector u0 = lowH.selectFrom(v0, v2);
                final FloatVector u2 = highH.selectFrom(v0, v2);
                final FloatVector u1 = lowH.selectFrom(v1, v3);
                final FloatVector u3 = highH.selectFrom(v1, v3);
                final int r = b + a * per; // vector a's first row; vector a + v's is v per rows on
                if ((r + 3 * per) * cols + N <= n * cols) {
                    lowK.selectFrom(u0, u1).intoArray(dst, to + r * cols);
                    highK.selectFrom(u0, u1).intoArray(dst, to + (r + per) * cols);
                    lowK.selectFrom(u2, u3).intoArray(dst, to + (r + 2 * per) * cols);
                    highK.selectFrom(u2, u3).intoArray(dst, to + (r + 3 * per) * cols);
                } else {
                    lowK.selectFrom(u0, u1).intoArray(src, x);
                    highK.selectFrom(u0, u1).intoArray(src, x + STRIDE);
                    lowK.selectFrom(u2, u3).intoArray(src, x + 2 * STRIDE);
                    highK.selectFrom(u2, u3).intoArray(src, x + 3 * STRIDE);
                    copyRows(src, x, 4, per, n, r, cols, dst, to);
                }
            }
        }
    }

    /**
     * The real rows of vectors written back in place at src[x], src[x + STRIDE], ...: vector v holds per rows from row
     * r + v per, each cols outputs, those from n on dropped.
     */
    private static void copyRows(
            final float[] src,
            final int x,
            final int vectors,
            final int per,
            final int n,
            final int r,
            final int cols,
            final float[] dst,
            final int to) {
        for (int v = 0; v < vectors; v++) {
            final int rows = Math.min(per, n - r - v * per);
            if (rows > 0) {
                System.arraycopy(src, x + v * STRIDE, dst, to + (r + v * per) * cols, rows * cols);
            }
        }
    }

    /**
     * 4 blocks of N batch rows x 4 columns: currents into acc[at + j * STRIDE + r]. The conductance broadcasts here and
     * in the kernels below are written out: through a helper returning the vector, C2 left the helper a call once
     * {@link #currents} was inlined into {@link PatchVmm}'s large loop, and boxed every broadcast (JFR: 16 GB
     * allocated by an ex situ study of 60 chips, the study 40% slower).
     */
    private static void blocks4cols4(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final float[] acc,
            final int to) {
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
            final FloatVector g0 = FloatVector.broadcast(F, g.get(JAVA_FLOAT, o));
            final FloatVector g1 = FloatVector.broadcast(F, g.get(JAVA_FLOAT, o + Float.BYTES));
            final FloatVector g2 = FloatVector.broadcast(F, g.get(JAVA_FLOAT, o + 2 * Float.BYTES));
            final FloatVector g3 = FloatVector.broadcast(F, g.get(JAVA_FLOAT, o + 3 * Float.BYTES));
            FloatVector x = FloatVector.fromArray(F, q, i * STRIDE);
            a00 = x.lanewise(FMA, g0, a00);
            a01 = x.lanewise(FMA, g1, a01);
            a02 = x.lanewise(FMA, g2, a02);
            a03 = x.lanewise(FMA, g3, a03);
            x = FloatVector.fromArray(F, q, i * STRIDE + N);
            a10 = x.lanewise(FMA, g0, a10);
            a11 = x.lanewise(FMA, g1, a11);
            a12 = x.lanewise(FMA, g2, a12);
            a13 = x.lanewise(FMA, g3, a13);
            x = FloatVector.fromArray(F, q, i * STRIDE + 2 * N);
            a20 = x.lanewise(FMA, g0, a20);
            a21 = x.lanewise(FMA, g1, a21);
            a22 = x.lanewise(FMA, g2, a22);
            a23 = x.lanewise(FMA, g3, a23);
            x = FloatVector.fromArray(F, q, i * STRIDE + 3 * N);
            a30 = x.lanewise(FMA, g0, a30);
            a31 = x.lanewise(FMA, g1, a31);
            a32 = x.lanewise(FMA, g2, a32);
            a33 = x.lanewise(FMA, g3, a33);
        }
        a00.intoArray(acc, to);
        a10.intoArray(acc, to + N);
        a20.intoArray(acc, to + 2 * N);
        a30.intoArray(acc, to + 3 * N);
        a01.intoArray(acc, to + STRIDE);
        a11.intoArray(acc, to + STRIDE + N);
        a21.intoArray(acc, to + STRIDE + 2 * N);
        a31.intoArray(acc, to + STRIDE + 3 * N);
        a02.intoArray(acc, to + 2 * STRIDE);
        a12.intoArray(acc, to + 2 * STRIDE + N);
        a22.intoArray(acc, to + 2 * STRIDE + 2 * N);
        a32.intoArray(acc, to + 2 * STRIDE + 3 * N);
        a03.intoArray(acc, to + 3 * STRIDE);
        a13.intoArray(acc, to + 3 * STRIDE + N);
        a23.intoArray(acc, to + 3 * STRIDE + 2 * N);
        a33.intoArray(acc, to + 3 * STRIDE + 3 * N);
    }

    /**
     * 4 blocks of N batch rows x 1 column: currents into acc[at + r], and sums of (V G)^2 into acc2[at + r] when the
     * read noise is relative.
     */
    private static void blocks4cols1(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final boolean relative,
            final float[] acc,
            final float[] acc2,
            final int to) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int i = 0; i < rows; i++) {
            final FloatVector x = FloatVector.broadcast(F, g.get(JAVA_FLOAT, at + (long) i * stride));
            final FloatVector v0 = FloatVector.fromArray(F, q, i * STRIDE);
            a0 = v0.lanewise(FMA, x, a0);
            final FloatVector v1 = FloatVector.fromArray(F, q, i * STRIDE + N);
            a1 = v1.lanewise(FMA, x, a1);
            final FloatVector v2 = FloatVector.fromArray(F, q, i * STRIDE + 2 * N);
            a2 = v2.lanewise(FMA, x, a2);
            final FloatVector v3 = FloatVector.fromArray(F, q, i * STRIDE + 3 * N);
            a3 = v3.lanewise(FMA, x, a3);
            if (relative) {
                final FloatVector vg0 = v0.lanewise(MUL, x);
                s0 = vg0.lanewise(FMA, vg0, s0);
                final FloatVector vg1 = v1.lanewise(MUL, x);
                s1 = vg1.lanewise(FMA, vg1, s1);
                final FloatVector vg2 = v2.lanewise(MUL, x);
                s2 = vg2.lanewise(FMA, vg2, s2);
                final FloatVector vg3 = v3.lanewise(MUL, x);
                s3 = vg3.lanewise(FMA, vg3, s3);
            }
        }
        a0.intoArray(acc, to);
        a1.intoArray(acc, to + N);
        a2.intoArray(acc, to + 2 * N);
        a3.intoArray(acc, to + 3 * N);
        if (relative) {
            s0.intoArray(acc2, to);
            s1.intoArray(acc2, to + N);
            s2.intoArray(acc2, to + 2 * N);
            s3.intoArray(acc2, to + 3 * N);
        }
    }

    /** 1 block of N batch rows (those from lane qAt of the transposed chunk) x 4 columns: a partial chunk's currents. */
    private static void blocks1cols4(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final int qAt,
            final float[] acc,
            final int to) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int i = 0; i < rows; i++) {
            final long o = at + (long) i * stride;
            final FloatVector x = FloatVector.fromArray(F, q, i * STRIDE + qAt);
            a0 = x.lanewise(FMA, FloatVector.broadcast(F, g.get(JAVA_FLOAT, o)), a0);
            a1 = x.lanewise(FMA, FloatVector.broadcast(F, g.get(JAVA_FLOAT, o + Float.BYTES)), a1);
            a2 = x.lanewise(FMA, FloatVector.broadcast(F, g.get(JAVA_FLOAT, o + 2 * Float.BYTES)), a2);
            a3 = x.lanewise(FMA, FloatVector.broadcast(F, g.get(JAVA_FLOAT, o + 3 * Float.BYTES)), a3);
        }
        a0.intoArray(acc, to);
        a1.intoArray(acc, to + STRIDE);
        a2.intoArray(acc, to + 2 * STRIDE);
        a3.intoArray(acc, to + 3 * STRIDE);
    }

    /** 1 block of N batch rows x 1 column, with sums of (V G)^2 when the read noise is relative: a partial chunk's. */
    private static void blocks1cols1(
            final MemorySegment g,
            final long at,
            final long stride,
            final int rows,
            final float[] q,
            final int qAt,
            final boolean relative,
            final float[] acc,
            final float[] acc2,
            final int to) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector s0 = FloatVector.zero(F);
        for (int i = 0; i < rows; i++) {
            final FloatVector x = FloatVector.broadcast(F, g.get(JAVA_FLOAT, at + (long) i * stride));
            final FloatVector v0 = FloatVector.fromArray(F, q, i * STRIDE + qAt);
            a0 = v0.lanewise(FMA, x, a0);
            if (relative) {
                final FloatVector vg0 = v0.lanewise(MUL, x);
                s0 = vg0.lanewise(FMA, vg0, s0);
            }
        }
        a0.intoArray(acc, to);
        if (relative) {
            s0.intoArray(acc2, to);
        }
    }
}
