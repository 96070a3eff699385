package dev.xbar.models.layer;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A ConvLSTM layer without peepholes or biases whose four gates share one weight matrix, as the paper's ConvLSTM
 * (paper-spec.md 4.2): at every time step each output pixel's unrolled row [input patch; patch of h(t-1)] is one
 * input vector of the block, and the block's columns give the pre-activations of all four gates at once, in the order
 * candidate a (tanh) | input i | forget f | output o (sigmoid), {@link #units()} columns each. Then, in software:
 * c(t) = i a + f c(t-1), h(t) = o tanh(c(t)), with h(0) = c(0) = 0.
 *
 * <p>The row layout is the weight matrix's row order (and so a chip block's row pairs): the input geometry's patch
 * ({@link Im2col} order), then the state geometry's patch. The state geometry must keep the image size (the paper's
 * 2 x 2 'same' kernel pads 0 before and 1 after), so h(t-1) has the output's height and width.
 *
 * <p>A sample is a sequence of {@link #steps()} frames stacked along the height (see {@link TimeDistributed}); the
 * output is h at every step, stacked the same way. The backward pass is backpropagation through time in software from
 * {@link WeightMatrix#weights()} (on a chip, the conductances read back after the last update); the weight gradient is
 * summed over samples, pixels and steps.
 *
 * <p>{@link #dense} makes the dense LSTM of Li et al. 2019 (paper-spec.md 6): an LSTM is a ConvLSTM on 1 x 1 images
 * with 1 x 1 kernels, so its row is [x(t); h(t-1)] and the four gates again sit on one block.
 */
public final class ConvLstm implements WeightLayer {
    /** Gates per unit: a, i, f, o. */
    public static final int GATES = 4;

    private final Im2col inputGeometry;
    private final Im2col stateGeometry;
    private final int steps;
    private final int units;
    private final WeightMatrix matrix;
    private final float[] gradient;
    private final float[] stepGradient;
    private final float[][] stepPartials;
    private int capacity;
    private float[] frame = new float[0];
    private float[] inputPatches = new float[0];
    private float[] statePatches = new float[0];
    private float[] state = new float[0];
    private float[][] rows = new float[0][];
    private float[][] gates = new float[0][];
    private float[][] cells = new float[0][];
    private float[][] tanhCells = new float[0][];
    private float[][] dGates = new float[0][];
    private int rowCount;
    private final GradientSlices slices = new GradientSlices();
    private final IntConsumer sumSliceOfSteps = this::sumSliceOfSteps;
    private float[] dRows = new float[0];
    private float[] dState = new float[0];
    private float[] dCell = new float[0];

    /**
     * A ConvLSTM layer.
     *
     * @param inputGeometry how a frame is unrolled (the paper: 8 x 8 x 1, 3 x 3 'valid')
     * @param stateGeometry how h(t-1) is unrolled; its input is output height x width x units and it must keep that
     *     size (the paper: 6 x 6 x 5, 2 x 2 'same')
     * @param steps time steps per sample
     * @param matrix the weights, [input patch + state patch x 4 units], gate after gate
     */
    public ConvLstm(
            final Im2col inputGeometry, final Im2col stateGeometry, final int steps, final WeightMatrix matrix) {
        this.inputGeometry = Objects.requireNonNull(inputGeometry, "inputGeometry");
        this.stateGeometry = Objects.requireNonNull(stateGeometry, "stateGeometry");
        this.matrix = Objects.requireNonNull(matrix, "matrix");
        if (steps < 1) {
            throw new IllegalArgumentException("ConvLSTM steps = " + steps + " must be at least 1");
        }
        this.steps = steps;
        this.units = stateGeometry.input().channels();
        final Shape hidden = new Shape(inputGeometry.outHeight(), inputGeometry.outWidth(), units);
        if (!stateGeometry.input().equals(hidden)
                || stateGeometry.outHeight() != hidden.height()
                || stateGeometry.outWidth() != hidden.width()) {
            throw new IllegalArgumentException("ConvLSTM state geometry takes " + describe(stateGeometry.input())
                    + " and gives " + stateGeometry.outHeight() + " x " + stateGeometry.outWidth()
                    + " pixels, but the state must be " + describe(hidden) + " in and out (the input geometry's "
                    + "output pixels x the units)");
        }
        final int width = inputGeometry.patchSize() + stateGeometry.patchSize();
        if (matrix.inputs() != width || matrix.outputs() != GATES * units) {
            throw new IllegalArgumentException("ConvLSTM weights are " + matrix.inputs() + " x " + matrix.outputs()
                    + " but a row of " + inputGeometry.patchSize() + " + " + stateGeometry.patchSize()
                    + " values and 4 gates of " + units + " units need " + width + " x " + GATES * units);
        }
        this.gradient = new float[matrix.inputs() * matrix.outputs()];
        this.stepGradient = new float[gradient.length];
        this.stepPartials = new float[steps][0];
    }

    /**
     * The dense LSTM layer of Li et al. 2019: row [x(t); h(t-1)], all four gates on one block.
     *
     * @param inputs values of x per step
     * @param units hidden units
     * @param steps time steps per sample
     * @param matrix the weights, [inputs + units x 4 units]
     * @return the layer; a sample is steps x 1 x inputs, the output steps x 1 x units
     */
    public static ConvLstm dense(final int inputs, final int units, final int steps, final WeightMatrix matrix) {
        return new ConvLstm(
                new Im2col(Shape.vector(inputs), 1, 1, 0, 0, 0, 0),
                new Im2col(Shape.vector(units), 1, 1, 0, 0, 0, 0),
                steps,
                matrix);
    }

    /**
     * How a frame is unrolled.
     *
     * @return the input geometry
     */
    public Im2col inputGeometry() {
        return inputGeometry;
    }

    /**
     * How h(t-1) is unrolled.
     *
     * @return the state geometry
     */
    public Im2col stateGeometry() {
        return stateGeometry;
    }

    /**
     * Time steps per sample.
     *
     * @return steps
     */
    public int steps() {
        return steps;
    }

    /**
     * Hidden channels (units per gate).
     *
     * @return units
     */
    public int units() {
        return units;
    }

    @Override
    public Shape inputShape() {
        return TimeDistributed.stacked(inputGeometry.input(), steps);
    }

    @Override
    public Shape outputShape() {
        return TimeDistributed.stacked(stateGeometry.input(), steps);
    }

    @Override
    public WeightMatrix matrix() {
        return matrix;
    }

    @Override
    public float[] gradient() {
        return gradient;
    }

    /** The rows of step 0, then step 1, ...: each step's [input patch, state patch] rows and gate gradients. */
    @Override
    public void updateBySamples(final float learningRate) {
        matrix.updateRows(rows, dGates, rowCount, learningRate);
    }

    /** The row slices the backward ranges left, each for every step. */
    @Override
    public int pendingSlices() {
        return steps * slices.pending();
    }

    @Override
    public void sumPendingSlice(final int k) {
        final int perStep = slices.pending();
        sumSlice(steps - 1 - k / perStep, slices.pendingSlice(k % perStep));
    }

    /** A row slice of every step: a backward range has gone through all steps of its samples. */
    private void sumSliceOfSteps(final int slice) {
        for (int t = steps - 1; t >= 0; t--) {
            sumSlice(t, slice);
        }
    }

    private void sumSlice(final int t, final int slice) {
        final int width = inputGeometry.patchSize() + stateGeometry.patchSize();
        Gemm.gradientSlice(rows[t], dGates[t], rowCount, width, GATES * units, slice, stepPartials[t]);
    }

    /** Each step's slices summed in order, then the steps added from the last to the first, as BPTT visits them. */
    @Override
    public void reduceGradient() {
        final int perStep = slices.count();
        Arrays.fill(gradient, 0.0f);
        for (int t = steps - 1; t >= 0; t--) {
            Gemm.reduce(stepPartials[t], perStep, stepGradient);
            for (int k = 0; k < gradient.length; k++) {
                gradient[k] += stepGradient[k];
            }
        }
    }

    /** Grows the buffers to the batch and makes the matrix ready for one product per step. */
    @Override
    public void beginBatch(final int batch, final boolean keep) {
        ensure(batch);
        rowCount = batch * inputGeometry.patchesPerSample();
        slices.begin(rowCount);
        final int size = gradient.length * slices.count();
        for (int t = 0; t < steps; t++) {
            stepPartials[t] = Gemm.grow(stepPartials[t], size);
        }
        matrix.beginProducts(rowCount, steps);
    }

    @Override
    public void forward(final float[] in, final float[] out, final int from, final int to) {
        final int pixels = inputGeometry.patchesPerSample();
        final int first = from * pixels;
        final int end = to * pixels;
        final int frameSize = inputGeometry.input().size();
        final int hiddenSize = pixels * units;
        final int inWidth = inputGeometry.patchSize();
        final int stateWidth = stateGeometry.patchSize();
        final int width = inWidth + stateWidth;
        final int g = GATES * units;
        for (int t = 0; t < steps; t++) {
            for (int b = from; b < to; b++) {
                System.arraycopy(in, (b * steps + t) * frameSize, frame, b * frameSize, frameSize);
            }
            inputGeometry.gather(frame, inputPatches, first, end);
            if (t > 0) {
                stateGeometry.gather(state, statePatches, first, end);
            } else {
                Arrays.fill(statePatches, first * stateWidth, end * stateWidth, 0.0f);
            }
            final float[] row = rows[t];
            for (int r = first; r < end; r++) {
                System.arraycopy(inputPatches, r * inWidth, row, r * width, inWidth);
                System.arraycopy(statePatches, r * stateWidth, row, r * width + inWidth, stateWidth);
            }
            final float[] z = gates[t];
            matrix.multiply(row, z, first, end, t);
            final float[] c = cells[t];
            final float[] tc = tanhCells[t];
            final float[] cPrev = t > 0 ? cells[t - 1] : null;
            for (int r = first; r < end; r++) {
                final int at = r * g;
                for (int k = 0; k < units; k++) {
                    final float a = (float) Math.tanh(z[at + k]);
                    final float i = sigmoid(z[at + units + k]);
                    final float f = sigmoid(z[at + 2 * units + k]);
                    final float o = sigmoid(z[at + 3 * units + k]);
                    z[at + k] = a;
                    z[at + units + k] = i;
                    z[at + 2 * units + k] = f;
                    z[at + 3 * units + k] = o;
                    final int ck = r * units + k;
                    c[ck] = cPrev == null ? i * a : i * a + f * cPrev[ck];
                    tc[ck] = (float) Math.tanh(c[ck]);
                    state[ck] = o * tc[ck];
                }
            }
            for (int b = from; b < to; b++) {
                System.arraycopy(state, b * hiddenSize, out, (b * steps + t) * hiddenSize, hiddenSize);
            }
        }
    }

    /**
     * Backpropagation through time. Per step, from the last: dL/dh(t) is the output gradient plus what step t + 1's
     * state patches send back; through o tanh(c) and the cell recurrence to the four gates' pre-activations, kept per
     * step for the weight gradient (rows^T dGates, summed per row slice at the end of the range or later, {@link
     * GradientSlices}); dGates W^T gives the row gradients, whose
     * state part becomes dL/dh(t-1) and whose input part dL/dx(t).
     */
    @Override
    public void backward(
            final float[] in, final float[] out, final float[] dOut, final float[] dIn, final int from, final int to) {
        final int pixels = inputGeometry.patchesPerSample();
        final int first = from * pixels;
        final int end = to * pixels;
        final int frameSize = inputGeometry.input().size();
        final int hiddenSize = pixels * units;
        final int inWidth = inputGeometry.patchSize();
        final int stateWidth = stateGeometry.patchSize();
        final int width = inWidth + stateWidth;
        final int g = GATES * units;
        Arrays.fill(dState, first * units, end * units, 0.0f);
        Arrays.fill(dCell, first * units, end * units, 0.0f);
        for (int t = steps - 1; t >= 0; t--) {
            final float[] z = gates[t];
            final float[] dz = dGates[t];
            final float[] tc = tanhCells[t];
            final float[] cPrev = t > 0 ? cells[t - 1] : null;
            for (int b = from; b < to; b++) {
                final int at = (b * steps + t) * hiddenSize;
                for (int q = 0; q < hiddenSize; q++) {
                    dState[b * hiddenSize + q] += dOut[at + q];
                }
            }
            for (int r = first; r < end; r++) {
                final int at = r * g;
                for (int k = 0; k < units; k++) {
                    final int ck = r * units + k;
                    final float a = z[at + k];
                    final float i = z[at + units + k];
                    final float f = z[at + 2 * units + k];
                    final float o = z[at + 3 * units + k];
                    final float dh = dState[ck];
                    final float dc = dh * o * (1.0f - tc[ck] * tc[ck]) + dCell[ck];
                    dz[at + k] = dc * i * (1.0f - a * a);
                    dz[at + units + k] = dc * a * i * (1.0f - i);
                    dz[at + 2 * units + k] = cPrev == null ? 0.0f : dc * cPrev[ck] * f * (1.0f - f);
                    dz[at + 3 * units + k] = dh * tc[ck] * o * (1.0f - o);
                    dCell[ck] = dc * f;
                }
            }
            if (t == 0 && dIn == null) {
                break;
            }
            Gemm.multiplyTransposed(dz, g, matrix.weights(), width, dRows, first, end);
            if (t > 0) {
                for (int r = first; r < end; r++) {
                    System.arraycopy(dRows, r * width + inWidth, statePatches, r * stateWidth, stateWidth);
                }
                final int height = stateGeometry.input().height();
                stateGeometry.scatter(statePatches, dState, from * height, to * height);
            }
            if (dIn != null) {
                for (int r = first; r < end; r++) {
                    System.arraycopy(dRows, r * width, inputPatches, r * inWidth, inWidth);
                }
                final int height = inputGeometry.input().height();
                inputGeometry.scatter(inputPatches, frame, from * height, to * height);
                for (int b = from; b < to; b++) {
                    System.arraycopy(frame, b * frameSize, dIn, (b * steps + t) * frameSize, frameSize);
                }
            }
        }
        slices.sumWithin(first, end, sumSliceOfSteps);
    }

    private static String describe(final Shape s) {
        return s.height() + " x " + s.width() + " x " + s.channels();
    }

    private static float sigmoid(final float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    /** Grows the per-step and scratch buffers to a batch (they keep the forward pass for the backward one). */
    private void ensure(final int batch) {
        if (batch <= capacity) {
            return;
        }
        final int count = batch * inputGeometry.patchesPerSample();
        final int width = inputGeometry.patchSize() + stateGeometry.patchSize();
        final int g = GATES * units;
        frame = new float[batch * inputGeometry.input().size()];
        inputPatches = new float[count * inputGeometry.patchSize()];
        statePatches = new float[count * stateGeometry.patchSize()];
        state = new float[count * units];
        // what the matrix kernels read and write comes from them, with the room past the end they want
        rows = new float[steps][];
        gates = new float[steps][];
        for (int s = 0; s < steps; s++) {
            rows[s] = Gemm.buffer(count * width);
            gates[s] = Gemm.buffer(count * g);
        }
        cells = new float[steps][count * units];
        tanhCells = new float[steps][count * units];
        dGates = new float[steps][];
        for (int s = 0; s < steps; s++) {
            dGates[s] = Gemm.buffer(count * g);
        }
        dRows = Gemm.buffer(count * width);
        dState = new float[count * units];
        dCell = new float[count * units];
        capacity = batch;
    }
}
