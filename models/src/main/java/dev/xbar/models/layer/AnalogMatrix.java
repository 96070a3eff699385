package dev.xbar.models.layer;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.MatrixKernels;
import dev.xbar.core.kernel.Patches;
import dev.xbar.core.kernel.Programming;
import dev.xbar.core.kernel.RowDrive;
import dev.xbar.models.mapping.Block;
import dev.xbar.models.mapping.BlockSpec;
import dev.xbar.models.mapping.Tile;
import dev.xbar.models.mapping.UpdateScheme;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A layer's weights as a block of device pairs on a chip, w = (G+ - G-) / microSiemensPerWeight averaged over the
 * copies (paper-spec.md 2).
 *
 * <ul>
 *   <li>Forward: each input vector x is scaled to the read voltage, s = Vread / max|x| (s = 1 for x = 0), applied as
 *       +s x on G+ rows and -s x on G- rows of every tile through {@link CrossbarKernels#vmmDriven} (one chip event per
 *       tile for the whole batch, so every im2col patch of a mini-batch at once, its rows run in sample ranges), and
 *       the column currents of all copies of an output are summed and divided by s * microSiemensPerWeight * copies.
 *   <li>Backward weights: read back with {@link CrossbarKernels#readConductances} after every update.
 *   <li>Update: through the {@link UpdateScheme}; every copy gets the same events.
 * </ul>
 *
 * Chip events are taken in a fixed order (tiles in order), so the chip's noise is reproducible.
 */
public final class AnalogMatrix implements WeightMatrix {
    /**
     * Scales the inputs to the read voltage, and sums and scales the outputs back to weights; chosen once, with the
     * chip kernels' provider (a static final keeps the calls monomorphic).
     */
    private static final MatrixKernels DRIVE = MatrixKernels.get();

    private final Chip chip;
    private final CrossbarKernels kernels;
    private final Block block;
    private final UpdateScheme scheme;
    private final float microSiemensPerWeight;
    private final float[] weights;
    private final int[][] linkDevice;
    private final int[][] linkWeight;
    private final int[][] linkSign;
    private final RowDrive[] drives;

    /** One tile whose columns are the outputs in order (conv1's block): the chip writes the outputs directly. */
    private final boolean direct;

    private final int[][] senseColumn;
    private final int[][] senseOutput;
    private final int[][] senseLength;
    private final float[][] currents;
    private long[] events = new long[0];
    private final float[] deviceFloats;
    private final int[] deviceInts;
    private final float[] rowValues;
    private final float[] columnValues;
    private float[] scales = new float[0];
    private float gain = 1.0f;

    /**
     * Wraps a placed block. Call {@link #initialise} before use.
     *
     * @param chip the chip
     * @param kernels the kernels
     * @param block the block
     * @param scheme the update scheme, matching the chip's device family
     * @param microSiemensPerWeight conductance difference per unit weight (100 uS in the paper)
     */
    public AnalogMatrix(
            final Chip chip,
            final CrossbarKernels kernels,
            final Block block,
            final UpdateScheme scheme,
            final double microSiemensPerWeight) {
        this.chip = Objects.requireNonNull(chip, "chip");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.block = Objects.requireNonNull(block, "block");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        if (!(microSiemensPerWeight > 0)) {
            throw new IllegalArgumentException("microSiemensPerWeight = " + microSiemensPerWeight + " must be > 0");
        }
        final boolean gate = chip.spec().device() instanceof GateControlledDevice;
        if (gate != (scheme instanceof UpdateScheme.TwoPulse)) {
            throw new IllegalArgumentException("update scheme " + scheme + " does not suit a chip of "
                    + chip.spec().device().getClass().getSimpleName() + " devices (two-pulse needs gate devices, "
                    + "pulse counts and pulse trains need step devices)");
        }
        this.microSiemensPerWeight = (float) microSiemensPerWeight;
        final BlockSpec spec = block.spec();
        this.weights = new float[spec.inputs() * spec.outputs()];
        final List<Tile> tiles = block.tiles();
        this.linkDevice = new int[tiles.size()][];
        this.linkWeight = new int[tiles.size()][];
        this.linkSign = new int[tiles.size()][];
        this.drives = new RowDrive[tiles.size()];
        this.senseColumn = new int[tiles.size()][];
        this.senseOutput = new int[tiles.size()][];
        this.senseLength = new int[tiles.size()][];
        this.currents = new float[tiles.size()][0];
        int largest = 0;
        int mostRows = 0;
        int mostColumns = 0;
        for (int t = 0; t < tiles.size(); t++) {
            final Tile tile = tiles.get(t);
            tile.window().checkFits(chip);
            final int wc = tile.window().cols();
            largest = Math.max(largest, tile.window().size());
            mostRows = Math.max(mostRows, tile.window().rows());
            mostColumns = Math.max(mostColumns, wc);
            int n = 0;
            for (final int in : tile.rowInput()) {
                for (final int out : tile.colOutput()) {
                    n += in >= 0 && out >= 0 ? 1 : 0;
                }
            }
            linkDevice[t] = new int[n];
            linkWeight[t] = new int[n];
            linkSign[t] = new int[n];
            int k = 0;
            for (int r = 0; r < tile.rowInput().length; r++) {
                for (int c = 0; c < wc; c++) {
                    if (tile.rowInput()[r] >= 0 && tile.colOutput()[c] >= 0) {
                        linkDevice[t][k] = r * wc + c;
                        linkWeight[t][k] = tile.rowInput()[r] * spec.outputs() + tile.colOutput()[c];
                        linkSign[t][k] = tile.rowSign()[r];
                        k++;
                    }
                }
            }
            drives[t] = new RowDrive(tile.rowInput(), tile.rowSign());
            mapColumns(t, tile);
        }
        final Tile first = tiles.getFirst();
        this.direct = tiles.size() == 1
                && first.window().cols() == spec.outputs()
                && senseColumn[0].length == 1
                && senseColumn[0][0] == 0
                && senseOutput[0][0] == 0;
        this.deviceFloats = new float[largest];
        this.deviceInts = new int[largest];
        this.rowValues = new float[mostRows];
        this.columnValues = new float[mostColumns];
    }

    @Override
    public int inputs() {
        return block.spec().inputs();
    }

    @Override
    public int outputs() {
        return block.spec().outputs();
    }

    /**
     * The placed block.
     *
     * @return the block
     */
    public Block block() {
        return block;
    }

    /**
     * Dense map of the columns of tile t that give an output (column, output), as runs of consecutive columns and
     * outputs in ascending window order (a whole tile is usually one run per copy): the per-batch loops then have no
     * index loads.
     */
    private void mapColumns(final int t, final Tile tile) {
        final int[] colOutput = tile.colOutput();
        final int[] columns = IntStream.range(0, colOutput.length)
                .filter(c -> colOutput[c] >= 0)
                .toArray();
        final int[] senseStarts = IntStream.range(0, columns.length)
                .filter(k -> k == 0
                        || columns[k] != columns[k - 1] + 1
                        || colOutput[columns[k]] != colOutput[columns[k - 1]] + 1)
                .toArray();
        senseColumn[t] = IntStream.of(senseStarts).map(k -> columns[k]).toArray();
        senseOutput[t] =
                IntStream.of(senseStarts).map(k -> colOutput[columns[k]]).toArray();
        senseLength[t] = runLengths(senseStarts, columns.length);
    }

    /** The lengths of the runs that start at {@code starts} (ascending) in a sequence of n items. */
    private static int[] runLengths(final int[] starts, final int n) {
        return IntStream.range(0, starts.length)
                .map(k -> (k + 1 < starts.length ? starts[k + 1] : n) - starts[k])
                .toArray();
    }

    /**
     * Grows the per-row scales and the tiles' current buffers to {@code rows} and takes one chip event per product and
     * tile, product after product, in tile order: the events one product per call would have taken.
     */
    @Override
    public void beginProducts(final int rows, final int products) {
        final List<Tile> tiles = block.tiles();
        if (scales.length < rows) {
            scales = new float[rows];
        }
        if (events.length < products * tiles.size()) {
            events = new long[products * tiles.size()];
        }
        for (int t = 0; t < tiles.size(); t++) {
            if (!direct) {
                currents[t] =
                        Gemm.ensure(currents[t], rows * tiles.get(t).window().cols());
            }
        }
        for (int k = 0; k < products * tiles.size(); k++) {
            events[k] = chip.nextEvent();
        }
    }

    /**
     * Scales each input vector of rows [from, to), and for every tile runs the chip VMM of those rows driven straight
     * from the inputs ({@link CrossbarKernels#vmmDriven}: +s x on each G+ row, -s x on each G- row, per input rather
     * than per row) with the product's event for the tile, and adds their currents onto its outputs (or, for a single
     * tile whose columns are the outputs in order, has the chip write them in place). The rows write only their own
     * outputs and scratch and the kernels draw by global row index, so the result is the one of a single VMM per tile,
     * bit for bit, however the rows are split, in one pass over them.
     */
    @Override
    public void multiply(final float[] x, final float[] y, final int from, final int to, final int product) {
        DRIVE.scaleRows(x, inputs(), readVolts(), scales, from, to);
        product(null, x, y, from, to, product);
    }

    /**
     * The product of im2col rows read where they lie in the image ({@link CrossbarKernels#vmmPatches}, which also
     * scales them): the rows are never written out, so patches is left alone. Both of the paper CNN's convolutions
     * read theirs in place: the in situ test pass takes 0.86-0.94x the time it took with conv2's patches written out,
     * scaled and transposed, on one thread and on two ({@code bench/ab --pass test}, 4 runs of 15 rounds; 566 against
     * 646 us per 100 images on one thread in the quietest), the same bits.
     */
    @Override
    public boolean multiplyPatches(
            final Im2col geometry,
            final float[] image,
            final float[] patches,
            final float[] y,
            final int from,
            final int to,
            final int product) {
        product(geometry.patches(), image, y, from, to, product);
        return false;
    }

    private float readVolts() {
        return (float) chip.spec().peripherals().readVolts();
    }

    /**
     * Rows [from, to) of a product: x holds the rows (patches null, the scales already set) or the image the patches
     * read, which the kernels scale; the summed currents are then turned back into weights ({@link
     * MatrixKernels#unscaleRows}: each row / (its scale x uS per weight x copies), times the output gain).
     */
    private void product(
            final Patches patches, final float[] x, final float[] y, final int from, final int to, final int product) {
        final int out = outputs();
        final List<Tile> tiles = block.tiles();
        final float perWeight = microSiemensPerWeight * block.spec().copies();
        if (!direct) {
            Arrays.fill(y, from * out, to * out, 0.0f);
        }
        for (int t = 0; t < tiles.size(); t++) {
            final float[] i = direct ? y : currents[t];
            final Window w = tiles.get(t).window();
            final long event = events[product * tiles.size() + t];
            if (patches == null) {
                kernels.vmmDriven(chip, w, drives[t], x, inputs(), scales, i, from, to - from, event);
            } else {
                kernels.vmmPatches(chip, w, drives[t], patches, x, readVolts(), scales, i, from, to - from, event);
            }
            if (!direct) {
                sense(t, y, out, from, to);
            }
        }
        DRIVE.unscaleRows(y, out, scales, perWeight, gain, from, to);
    }

    /** Adds rows [from, to) of tile t's column currents onto their outputs, run by run ({@link MatrixKernels#addColumns}). */
    private void sense(final int t, final float[] y, final int out, final int from, final int to) {
        final int wc = block.tiles().get(t).window().cols();
        final float[] i = currents[t];
        final int[] column = senseColumn[t];
        final int[] output = senseOutput[t];
        final int[] length = senseLength[t];
        for (int run = 0; run < column.length; run++) {
            DRIVE.addColumns(i, wc, column[run], y, out, output[run], length[run], from, to);
        }
    }

    @Override
    public float[] weights() {
        return weights;
    }

    /**
     * Sets a digital gain on every output of the forward pass (1: none), as a chip's global drift compensation scales
     * its ADC outputs; training never sets it.
     *
     * @param gain the factor
     */
    public void outputGain(final float gain) {
        this.gain = gain;
    }

    /**
     * Reads every tile of the block through the chip's read path (one read per device, counted) and sums the
     * conductances of its linked devices: the reference a global drift compensation compares over time.
     *
     * @return the sum, in microsiemens
     */
    public double conductanceSum() {
        double sum = 0;
        for (int t = 0; t < block.tiles().size(); t++) {
            kernels.readConductances(chip, block.tiles().get(t).window(), deviceFloats);
            for (final int k : linkDevice[t]) {
                sum += deviceFloats[k];
            }
        }
        return sum;
    }

    @Override
    public void restore(final float[] saved) {
        System.arraycopy(saved, 0, weights, 0, weights.length);
    }

    /** Programs the block from its initial state to the target ({@link #initialise}). */
    @Override
    public int program(final float[] target, final Programming programming) {
        return initialise(Objects.requireNonNull(target, "target"), programming);
    }

    /**
     * Takes the chip events one update draws: one per tile to program, then one per tile to read back.
     *
     * @return the first of 2 x tiles events
     */
    @Override
    public long reserveUpdate() {
        return chip.takeEvents(2 * block.tiles().size());
    }

    /**
     * Programs the change through the update scheme, tile t with event firstEvent + t, then reads every tile back
     * with the events that follow ({@link #reserveUpdate()}).
     *
     * @param delta the weight changes, [inputs x outputs]
     * @param firstEvent the first of the update's events
     */
    @Override
    public void update(final float[] delta, final long firstEvent) {
        final int tiles = block.tiles().size();
        for (int t = 0; t < tiles; t++) {
            final Window w = block.tiles().get(t).window();
            switch (scheme) {
                case UpdateScheme.TwoPulse p -> {
                    fillGateVolts(t, delta, (float) p.voltsPerUnitWeight());
                    kernels.programGate(chip, w, deviceFloats, firstEvent + t);
                }
                case UpdateScheme.PulseCounts p -> {
                    fillPulses(t, delta, microSiemensPerWeight / 2.0f, p.maxPulses());
                    kernels.applyPulses(chip, w, deviceInts, firstEvent + t);
                }
                case UpdateScheme.Stochastic _ ->
                    throw new IllegalStateException("the stochastic pulse-train scheme programs samples, not a "
                            + "weight change: use updateRows");
            }
        }
        readBack(firstEvent + tiles);
    }

    /**
     * The stochastic pulse-train update ({@link UpdateScheme.Stochastic}), row after row, each row's tiles in order:
     * window row i carries sign_i x_r[input_i] (0 for rows outside the block), window column c carries
     * -d_r[output_c], and {@link CrossbarKernels#pulseTrainUpdate} (one chip event each) moves each device by
     * lr * uS-per-weight / 2 per unit of their product on average, so a pair moves by -lr x d in weight and every copy
     * draws its own trains. Then every tile is read back (one event each).
     */
    @Override
    public void updateRows(final float[][] inputs, final float[][] deltas, final int rows, final float learningRate) {
        if (!(scheme instanceof UpdateScheme.Stochastic(var train))) {
            throw new IllegalStateException("update scheme " + scheme + " programs weight changes, not samples");
        }
        final int in = inputs();
        final int out = outputs();
        final float perDevice = learningRate * microSiemensPerWeight / 2.0f;
        final List<Tile> tiles = block.tiles();
        for (int s = 0; s < inputs.length; s++) {
            final float[] x = inputs[s];
            final float[] d = deltas[s];
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < tiles.size(); t++) {
                    final Tile tile = tiles.get(t);
                    final int[] rowInput = tile.rowInput();
                    final int[] rowSign = tile.rowSign();
                    for (int i = 0; i < rowInput.length; i++) {
                        rowValues[i] = rowInput[i] < 0 ? 0.0f : rowSign[i] * x[r * in + rowInput[i]];
                    }
                    final int[] colOutput = tile.colOutput();
                    for (int c = 0; c < colOutput.length; c++) {
                        columnValues[c] = colOutput[c] < 0 ? 0.0f : -d[r * out + colOutput[c]];
                    }
                    kernels.pulseTrainUpdate(chip, tile.window(), rowValues, columnValues, train, perDevice);
                }
            }
        }
        readBack(chip.takeEvents(tiles.size()));
    }

    /**
     * Programs the block's initial state open loop, then reads it back ({@link #initialise(float[], Programming)}).
     *
     * @param initial weights to program, [inputs x outputs], or null for the paper's all-zero start
     */
    public void initialise(final float[] initial) {
        initialise(initial, Programming.OPEN_LOOP);
    }

    /**
     * Programs the block's initial state, then reads it back. Two-pulse: RESET every device of the block's tiles,
     * then SET all at the initial gate voltage; step devices: pulses from gMin to mid-range. Then, if {@code initial}
     * is given, each pair is programmed to that weight (gate devices: gate change w * uS-per-weight / (2 * slope), so
     * the pair lands on w whatever the scheme's voltsPerUnitWeight). Then {@code programming} finishes each tile:
     * write-verify aims every linked device at the nominal reference level (the device model's f(initial Vg), or its
     * mid-range) plus sign * w * uS-per-weight / 2, so a pair's difference is w * uS-per-weight.
     *
     * @param initial weights to program, [inputs x outputs], or null for the paper's all-zero start
     * @param programming open loop or write-verify
     * @return devices still out of tolerance after write-verify (0 for open loop)
     */
    public int initialise(final float[] initial, final Programming programming) {
        int missed = 0;
        for (int t = 0; t < block.tiles().size(); t++) {
            final Window w = block.tiles().get(t).window();
            final double reference;
            switch (scheme) {
                case UpdateScheme.TwoPulse p -> {
                    final GateControlledDevice g =
                            (GateControlledDevice) chip.spec().device();
                    kernels.resetAll(chip, w);
                    kernels.setAll(chip, w, (float) p.initialGateVolts());
                    if (initial != null) {
                        fillGateVolts(
                                t, initial, (float) (microSiemensPerWeight / (2.0 * g.slopeMicroSiemensPerVolt())));
                        kernels.programGate(chip, w, deviceFloats);
                    }
                    final double vg =
                            Math.rint(g.clipGate((float) p.initialGateVolts()) / g.vgStepVolts()) * g.vgStepVolts();
                    reference = Math.clamp(
                            g.slopeMicroSiemensPerVolt() * vg + g.offsetMicroSiemens(),
                            g.gMinMicroSiemens(),
                            g.gMaxMicroSiemens());
                }
                case UpdateScheme.PulseCounts _, UpdateScheme.Stochastic _ -> {
                    final StepDevice s = (StepDevice) chip.spec().device();
                    final int toMiddle = Math.round((float) ((s.gMaxMicroSiemens() - s.gMinMicroSiemens())
                            / 2
                            / s.steps().dwMinMicroSiemens()));
                    Arrays.fill(deviceInts, 0, w.size(), toMiddle);
                    kernels.applyPulses(chip, w, deviceInts);
                    if (initial != null) {
                        fillPulses(t, initial, microSiemensPerWeight / 2.0f, Integer.MAX_VALUE);
                        kernels.applyPulses(chip, w, deviceInts);
                    }
                    reference = s.gMinMicroSiemens() + toMiddle * s.steps().dwMinMicroSiemens();
                }
            }
            missed += programming
                    .finish(kernels, chip, w, targets(t, initial, (float) reference), partners(t))
                    .missed();
        }
        readBack(chip.takeEvents(block.tiles().size()));
        return missed;
    }

    /**
     * The other device of each linked device's differential pair in tile t (same column and weight, opposite sign,
     * the nearest such row), -1 for devices outside the block's pairs.
     */
    private int[] partners(final int t) {
        final int wc = block.tiles().get(t).window().cols();
        final int[] partner = new int[block.tiles().get(t).window().size()];
        Arrays.fill(partner, -1);
        final int[] device = linkDevice[t];
        final int[] weight = linkWeight[t];
        final int[] sign = linkSign[t];
        for (int a = 0; a < device.length; a++) {
            for (int b = a + 1; b < device.length && partner[device[a]] < 0; b++) {
                if (partner[device[b]] < 0
                        && device[b] % wc == device[a] % wc
                        && weight[b] == weight[a]
                        && sign[b] == -sign[a]) {
                    partner[device[a]] = device[b];
                    partner[device[b]] = device[a];
                }
            }
        }
        return partner;
    }

    /** Target conductances of tile t: reference + sign * w * uS-per-weight / 2 on linked devices, NaN elsewhere. */
    private float[] targets(final int t, final float[] w, final float reference) {
        final float[] targets = new float[block.tiles().get(t).window().size()];
        Arrays.fill(targets, Float.NaN);
        final int[] device = linkDevice[t];
        final int[] weight = linkWeight[t];
        final int[] sign = linkSign[t];
        for (int k = 0; k < device.length; k++) {
            targets[device[k]] = reference + (w == null ? 0 : sign[k] * w[weight[k]] * microSiemensPerWeight / 2.0f);
        }
        return targets;
    }

    /**
     * Reads every tile back into the weights (tile t with event firstEvent + t): sum of sign * G over all copies /
     * (uS-per-weight * copies).
     */
    private void readBack(final long firstEvent) {
        Arrays.fill(weights, 0.0f);
        for (int t = 0; t < block.tiles().size(); t++) {
            kernels.readConductances(chip, block.tiles().get(t).window(), deviceFloats, firstEvent + t);
            final int[] device = linkDevice[t];
            final int[] weight = linkWeight[t];
            final int[] sign = linkSign[t];
            for (int k = 0; k < device.length; k++) {
                weights[weight[k]] += sign[k] * deviceFloats[device[k]];
            }
        }
        final float f = 1.0f / (microSiemensPerWeight * block.spec().copies());
        for (int k = 0; k < weights.length; k++) {
            weights[k] *= f;
        }
    }

    /** deviceFloats = sign * voltsPerWeight * w for linked devices of tile t, 0 elsewhere. */
    private void fillGateVolts(final int t, final float[] w, final float voltsPerWeight) {
        Arrays.fill(deviceFloats, 0.0f);
        final int[] device = linkDevice[t];
        final int[] weight = linkWeight[t];
        final int[] sign = linkSign[t];
        for (int k = 0; k < device.length; k++) {
            deviceFloats[device[k]] = sign[k] * voltsPerWeight * w[weight[k]];
        }
    }

    /** deviceInts = round(sign * w * uS-per-device-and-weight / dwMin), clamped, for linked devices of tile t. */
    private void fillPulses(final int t, final float[] w, final float microSiemensPerDevice, final int maxPulses) {
        Arrays.fill(deviceInts, 0);
        final float perPulse =
                (float) ((StepDevice) chip.spec().device()).steps().dwMinMicroSiemens();
        final int[] device = linkDevice[t];
        final int[] weight = linkWeight[t];
        final int[] sign = linkSign[t];
        for (int k = 0; k < device.length; k++) {
            final long n = Math.round((double) sign[k] * w[weight[k]] * microSiemensPerDevice / perPulse);
            deviceInts[device[k]] = Math.clamp(n, -maxPulses, maxPulses);
        }
    }
}
