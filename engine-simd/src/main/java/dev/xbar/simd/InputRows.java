package dev.xbar.simd;

/**
 * Where a forward VMM call finds its batch rows of inputs and how they become voltages: row b is {@code src[offset + b
 * step ..]}, times the row's scale (1 when there are no scales) before the DAC, and its sum of V^2 counts input i
 * {@code weights[i]} times. A plain {@link PanamaKernels#vmm} reads its voltages as they are (step = window rows,
 * weights 1: multiplying by 1 changes no bit); a driven one ({@link PanamaKernels#vmmDriven}) reads a layer's
 * activations in place, one value per input for the n rows it drives (weight n).
 *
 * <p>A mutable flyweight, one per thread in its {@link Scratch}, set at the start of a call.
 */
final class InputRows {
    private float[] src;
    private int step;
    private int offset;
    private float[] scales;
    private float[] weights;

    /** Inputs taken as they are: row b at {@code volts[b * step ..]}, with ones as weights. */
    InputRows plain(final float[] volts, final int step, final float[] ones) {
        return wrap(volts, step, 0, null, ones);
    }

    /**
     * Inputs scaled per batch row, row b at {@code src[offset + b * step ..]}, input i counting weights[i] times
     * (weights padded to whole vectors).
     */
    InputRows wrap(final float[] src, final int step, final int offset, final float[] scales, final float[] weights) {
        this.src = src;
        this.step = step;
        this.offset = offset;
        this.scales = scales;
        this.weights = weights;
        return this;
    }

    /** The array the rows are in. */
    float[] src() {
        return src;
    }

    /** Floats from one batch row to the next. */
    int step() {
        return step;
    }

    /** Index of batch row b's first input. */
    int at(final int b) {
        return offset + b * step;
    }

    /** Batch row b's volts per unit input. */
    float scale(final int b) {
        return scales == null ? 1.0f : scales[b];
    }

    /** How many rows each input drives, for the sums of V^2, padded to whole vectors. */
    float[] weights() {
        return weights;
    }
}
