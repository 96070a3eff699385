package dev.xbar.simd;

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

    /** Sum of (V G)^2 per output of one block, when the read noise is relative. */
    float[] squares = new float[0];

    /** Sum of V^2 per batch row of one block. */
    final float[] sumV2 = new float[4];

    /** Step-noise draws of one lane group of pulsed devices, [pulse x lane]. */
    float[] pulseNoise = new float[0];

    /** Step-noise stream keys of one lane group of pulsed devices. */
    final long[] deviceKeys = new long[Lanes.L.length()];

    /** Raw draws of one lane group's pulse-train slots, [slot x lane]. */
    final long[] raw = new long[Long.SIZE * Lanes.L.length()];

    /** Signed pulse counts of a window. */
    int[] counts = new int[0];

    /** Firing thresholds of the rows, then their pulse trains. */
    long[] rowTrains = new long[0];

    /** Firing thresholds of the columns, then their pulse trains. */
    long[] colTrains = new long[0];

    /** The read path of the thread's current call. */
    final ReadChain read = new ReadChain();

    /** The gate-programming state of the thread's current call. */
    final GateProgramming gate = new GateProgramming();

    private Scratch() {}

    /** The calling thread's pulse-noise buffer, at least n long. */
    float[] pulseNoise(final int n) {
        if (pulseNoise.length < n) {
            pulseNoise = new float[n];
        }
        return pulseNoise;
    }

    /** The calling thread's buffers, each at least as long as asked. */
    static Scratch get(final int floats, final int ints, final int rows, final int cols) {
        final Scratch s = PER_THREAD.get();
        if (s.inputs.length < floats) {
            s.inputs = new float[floats];
            s.noise1 = new float[floats];
            s.noise2 = new float[floats];
            s.squares = new float[floats];
        }
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
}
