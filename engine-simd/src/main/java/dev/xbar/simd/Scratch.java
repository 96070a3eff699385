package dev.xbar.simd;

import java.util.Arrays;

/**
 * Per-thread buffers of the kernels, grown on first use and never shrunk, so a kernel allocates nothing once a thread
 * has seen its largest shape.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    /** DAC-quantised inputs of one batch block. */
    float[] inputs = new float[0];

    /** Read-noise draws of one block of outputs, or RESET draws. */
    float[] noise1 = new float[0];

    /** Output-noise draws of one block of outputs, or SET draws. */
    float[] noise2 = new float[0];

    /** Sum of (V G)^2 per output of one block or chunk, when the read noise is relative. */
    float[] squares = new float[0];

    /** Sum of V^2 per batch row of one block or chunk. */
    float[] sumV2 = new float[4];

    /** Raw inputs of one chunk, rows padded to whole vectors, for the narrow forward VMM's unmasked loads. */
    float[] spare = new float[0];

    /** Sum of V^2 of each output's batch row, spread over one chunk's outputs. */
    float[] rowSums = new float[0];

    /** Transposed currents of one chunk of the narrow forward VMM. */
    float[] currents = new float[0];

    /** Transposed sums of (V G)^2 of one chunk of the narrow forward VMM. */
    float[] currentSquares = new float[0];

    /** Patch rows written out, for the im2col VMM's rows that take the rows' path. */
    private float[] patchRows = new float[0];

    /** The padded planes and tables of the im2col VMM's geometries. */
    final PatchVmm.Layouts patchLayouts = new PatchVmm.Layouts();

    /** The scale of each lane of one pass of the im2col VMM. */
    final float[] laneScales = new float[NarrowVmm.ROWS];

    /** The sum of V^2 of each lane of one pass of the im2col VMM. */
    final float[] laneSums = new float[NarrowVmm.ROWS];

    /** Stream counters of one lane group of pulse trains. */
    final long[] deviceKeys = new long[Lanes.L.length()];

    /** Raw draws of one lane group's pulse-train slots, [slot x lane]. */
    final long[] raw = new long[Long.SIZE * Lanes.L.length()];

    /** Signed pulse counts of a window. */
    int[] counts = new int[0];

    /** Firing thresholds of the rows, then their pulse trains. */
    long[] rowTrains = new long[0];

    /** Firing thresholds of the columns, then their pulse trains. */
    long[] colTrains = new long[0];

    /** Effective conductances of driven VMMs' windows, native like the chip planes, so loads see one segment kind. */
    final EffectiveCache effective = new EffectiveCache();

    /** Per-input weights of the sums of V^2 of a driven VMM, padded to whole vectors. */
    private float[] weights = new float[0];

    /** Ones, the weights of a plain VMM. */
    private float[] ones = new float[0];

    /** The input rows of the thread's current forward VMM. */
    final InputRows rows = new InputRows();

    /** The read path of the thread's current call. */
    final ReadChain read = new ReadChain();

    /** The gate-programming state of the thread's current call. */
    final GateProgramming gate = new GateProgramming();

    private Scratch() {}

    /** The calling thread's weights buffer for m inputs, padded to whole vectors. */
    float[] weights(final int m) {
        weights = grown(weights, ReadChain.padded(m));
        return weights;
    }

    /** The calling thread's buffer of written-out patch rows, at least n floats. */
    float[] patchRows(final int n) {
        patchRows = grown(patchRows, n);
        return patchRows;
    }

    /** Ones for n inputs, padded to whole vectors. */
    float[] ones(final int n) {
        if (ones.length < ReadChain.padded(n)) {
            ones = new float[ReadChain.padded(n)];
            Arrays.fill(ones, 1.0f);
        }
        return ones;
    }

    /**
     * The calling thread's buffers for the forward VMM, each at least as long as asked.
     *
     * @param inputs quantised inputs of one chunk
     * @param spare padded raw inputs of one chunk
     * @param outputs per-output buffers of one chunk (noise draws, squares, row sums, transposed currents)
     * @param rows batch rows of one chunk
     */
    static Scratch forward(final int inputs, final int spare, final int outputs, final int rows) {
        final Scratch s = get(0, 0, 0, 0);
        s.inputs = grown(s.inputs, inputs);
        s.spare = grown(s.spare, spare);
        s.noise1 = grown(s.noise1, outputs);
        s.noise2 = grown(s.noise2, outputs);
        s.squares = grown(s.squares, outputs);
        s.rowSums = grown(s.rowSums, outputs);
        s.currents = grown(s.currents, outputs);
        s.currentSquares = grown(s.currentSquares, outputs);
        s.sumV2 = grown(s.sumV2, rows);
        return s;
    }

    /** The calling thread's buffers, each at least as long as asked. */
    static Scratch get(final int floats, final int ints, final int rows, final int cols) {
        final Scratch s = PER_THREAD.get();
        s.inputs = grown(s.inputs, floats);
        s.noise1 = grown(s.noise1, floats);
        s.noise2 = grown(s.noise2, floats);
        s.squares = grown(s.squares, floats);
        if (s.counts.length < ints) {
            s.counts = new int[ints];
        }
        if (s.rowTrains.length < rows) {
            s.rowTrains = new long[rows];
        }
        if (s.colTrains.length < cols) {
            s.colTrains = new long[cols];
        }
        return s;
    }

    /** The buffer, or a new one of length n when it is shorter. */
    private static float[] grown(final float[] buffer, final int n) {
        return buffer.length < n ? new float[n] : buffer;
    }
}
