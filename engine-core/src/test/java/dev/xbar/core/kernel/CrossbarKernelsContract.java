package dev.xbar.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.FaultModel;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Variability;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.ExpStep;
import dev.xbar.core.device.LinearStep;
import dev.xbar.core.device.PiecewiseStep;
import dev.xbar.core.device.SoftBounds;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.device.StepParameters;
import dev.xbar.core.testing.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CrossbarKernels} implementation must show. Subclass it with {@link #kernels()} returning
 * the implementation under test (engine-simd does so from the test-jar). Expected values come from closed forms or
 * from a direct double-precision evaluation of the definition, never from an implementation's own output. Test
 * methods are public so JUnit runs them in subclasses from other packages.
 */
public abstract class CrossbarKernelsContract {
    /** The ideal 128 x 64 spec: no noise, no spread, no faults; 12-bit DAC and 16-bit ADC. */
    protected static final ChipSpec IDEAL = ChipSpec.preset("ideal");

    /**
     * The implementation under test.
     *
     * @return the kernels
     */
    protected abstract CrossbarKernels kernels();

    /** Puts uniform random conductances in [0, gMax) on every device, from a test-local generator. */
    protected static void randomConductances(final Chip chip, final long seed, final float gMax) {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                chip.set(Plane.CONDUCTANCE, r, c, (float) (random.nextDouble() * gMax));
            }
        }
    }

    /** Random input voltages on the DAC grid of the spec, so the DAC is exact and the product can be checked. */
    protected static float[] dacGridVolts(final ChipSpec spec, final int n, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final int max = spec.peripherals().dacMaxCode();
        final float step = spec.peripherals().dacStepVolts();
        final float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(-max, max + 1) * step;
        }
        return v;
    }

    @Test
    public void noiselessVmmEqualsTheExactProductWithinHalfAnAdcStep() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            randomConductances(chip, 2, 20);
            final Window w = new Window(3, 5, 100, 50);
            final int batch = 7;
            final float[] v = dacGridVolts(IDEAL, batch * w.rows(), 3);
            final float[] out = new float[batch * w.cols()];
            kernels().vmm(chip, w, v, out, batch);
            assertExactProduct(chip, w, v, out, batch);
            assertEquals(batch, chip.stats().vmms());
        }
    }

    /**
     * Every output of a noiseless forward VMM within half an ADC step (plus float rounding, 1e-6 of sum |V G|) of the
     * exact product sum_i V_bi G_ij, evaluated in double from the voltages on the window's rows.
     */
    private static void assertExactProduct(
            final Chip chip, final Window w, final float[] volts, final float[] out, final int batch) {
        final double lsb = chip.spec().peripherals().adcStepMicroAmps();
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < w.cols(); j++) {
                double exact = 0;
                double magnitude = 0;
                for (int i = 0; i < w.rows(); i++) {
                    final double term =
                            (double) volts[b * w.rows() + i] * chip.get(Plane.CONDUCTANCE, w.row0() + i, w.col0() + j);
                    exact += term;
                    magnitude += Math.abs(term);
                }
                assertEquals(exact, out[b * w.cols() + j], lsb / 2 + 1e-6 * magnitude, w + " b=" + b + " j=" + j);
            }
        }
    }

    /**
     * Which input (or -1) and sign drive each window row: the test's own description of a {@link RowDrive}, from
     * which it makes the voltages the rows physically carry.
     *
     * @param input per row, the input or -1
     * @param sign per row, +1 or -1 (0 on undriven rows, which the drive must ignore)
     */
    private record RowLayout(int[] input, int[] sign) {
        /** The drive under test. */
        RowDrive drive() {
            return new RowDrive(input, sign);
        }

        /** Window rows. */
        int rows() {
            return input.length;
        }

        /** V_bi = sign_i (s_b x[b * inputs + input_i]) on driven rows, 0 on the others: [batch x rows]. */
        float[] volts(final float[] x, final int inputs, final float[] scales, final int batch) {
            final float[] v = new float[batch * rows()];
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < rows(); i++) {
                    if (input[i] >= 0) {
                        v[b * rows() + i] = sign[i] * (scales[b] * x[b * inputs + input[i]]);
                    }
                }
            }
            return v;
        }

        /**
         * A layer's layout: inputs first .. first + count - 1, each as a differential pair (+ on the upper row, - on
         * the lower), the pairs of one copy one below the other and each further copy stacked below the previous;
         * rows left over at the bottom are undriven.
         */
        static RowLayout stackedPairs(final int first, final int count, final int copies, final int rows) {
            final int[] input = new int[rows];
            final int[] sign = new int[rows];
            Arrays.fill(input, -1);
            for (int c = 0; c < copies; c++) {
                for (int u = 0; u < count; u++) {
                    final int i = 2 * (c * count + u);
                    input[i] = first + u;
                    input[i + 1] = first + u;
                    sign[i] = 1;
                    sign[i + 1] = -1;
                }
            }
            return new RowLayout(input, sign);
        }

        /**
         * Inputs first, first + 1, ..., on rowsPerInput[u] rows each (0: an undriven input), with alternating signs,
         * the rows of an input spread over the window (input u's k-th row next to the other inputs' k-th rows), then
         * one undriven row.
         */
        static RowLayout interleaved(final int first, final int... rowsPerInput) {
            final int rows = Arrays.stream(rowsPerInput).sum() + 1;
            final int[] input = new int[rows];
            final int[] sign = new int[rows];
            Arrays.fill(input, -1);
            int i = 0;
            for (int k = 0; k < Arrays.stream(rowsPerInput).max().orElse(0); k++) {
                for (int u = 0; u < rowsPerInput.length; u++) {
                    if (k < rowsPerInput[u]) {
                        input[i] = first + u;
                        sign[i++] = k % 2 == 0 ? 1 : -1;
                    }
                }
            }
            return new RowLayout(input, sign);
        }
    }

    /**
     * A drive with every irregularity a layer placement could make: inputs 2 to 12 over 30 rows, with a differential
     * pair (2), a swapped pair with a third row far below (3), an unpaired + row (4), an input inside the span that
     * drives nothing (5), one spread over the top, middle and bottom rows (6), an unpaired - row (7), pairs with a
     * second copy lower down (8, 9), swapped pairs with a copy (10), pairs (11 with a copy, 12), and three undriven
     * rows (sign 0 there).
     */
    private static final RowLayout IRREGULAR = new RowLayout(
            new int[] {
                2, 2, 3, 3, 4, 6, -1, 7, 8, 8, 9, 9, -1, 10, 10, 11, 11, 6, 12, 12, 8, 8, 9, 9, -1, 10, 10, 11, 3, 6
            },
            new int[] {
                1, -1, -1, 1, 1, 1, 0, -1, 1, -1, 1, -1, 0, -1, 1, 1, -1, -1, 1, -1, 1, -1, 1, -1, 0, -1, 1, 1, 1, 1
            });

    /** Per batch row, a power of two from 1/4 to 2: s_b x is then exactly on the DAC grid when x is grid / s_b. */
    private static float[] powerOfTwoScales(final int batch) {
        final float[] scales = new float[batch];
        for (int b = 0; b < batch; b++) {
            scales[b] = Math.scalb(1.0f, b % 4 - 2);
        }
        return scales;
    }

    /** Random inputs in [-1.5, 1.5), from a test-local generator. */
    private static float[] randomInputs(final int n, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final float[] x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) random.nextDouble(-1.5, 1.5);
        }
        return x;
    }

    /** Random scales in [0.05, 0.3) V per unit: with {@link #randomInputs}, some s_b x beyond the DAC's 0.2 V. */
    private static float[] randomScales(final int batch, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final float[] scales = new float[batch];
        for (int b = 0; b < batch; b++) {
            scales[b] = (float) random.nextDouble(0.05, 0.3);
        }
        return scales;
    }

    @Test
    public void noiselessDrivenVmmEqualsTheExactProductOfTheRowVoltages() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            randomConductances(chip, 41, 20);
            // inputs 1 to 9 on four rows each (+, -, and the pair again lower down) and an undriven row, odd window
            drivenExactly(chip, new Window(3, 5, 37, 15), RowLayout.stackedPairs(1, 9, 2, 37), 12, 7, 42);
            // narrow (at most 8 columns: lanes over batch rows on AVX-512): a 64-row chunk and a 6-row tail
            drivenExactly(chip, new Window(1, 50, 121, 8), RowLayout.stackedPairs(0, 30, 2, 121), 31, 70, 43);
            drivenExactly(chip, new Window(0, 0, IRREGULAR.rows(), 3), IRREGULAR, 13, 77, 44);
        }
    }

    /** A noiseless driven VMM of inputs on the DAC grid against the exact product; counts rowCount VMMs. */
    private void drivenExactly(
            final Chip chip,
            final Window w,
            final RowLayout layout,
            final int inputs,
            final int batch,
            final long seed) {
        final float[] scales = powerOfTwoScales(batch);
        final float[] x = dacGridVolts(chip.spec(), batch * inputs, seed);
        for (int k = 0; k < x.length; k++) {
            x[k] /= scales[k / inputs];
        }
        final float[] out = new float[batch * w.cols()];
        final long vmms = chip.stats().vmms();
        kernels().vmmDriven(chip, w, layout.drive(), x, inputs, scales, out, 0, batch, chip.nextEvent());
        assertExactProduct(chip, w, layout.volts(x, inputs, scales, batch), out, batch);
        assertEquals(vmms + batch, chip.stats().vmms(), "VMMs counted");
    }

    @Test
    public void drivenVmmEqualsTheVmmOfTheRowVoltagesDrawForDraw() {
        // identical chips draw the same noise; a different draw would move an output by about a noise sigma (1-2 uA),
        // far beyond the tolerance, which allows only float rounding and the ADC code it can flip
        final ChipSpec spec = ChipSpec.preset("nmi2019")
                .with("variability.readNoiseMicroSiemens", 2.0)
                .with("peripherals.outputNoiseMicroAmps", 0.5);
        final double lsb = spec.peripherals().adcStepMicroAmps();
        final double dacMax = spec.peripherals().dacRangeVolts();
        try (Chip a = Chip.fabricate(spec, 43, 1);
                Chip b = Chip.fabricate(spec, 43, 1)) {
            randomConductances(a, 44, 50);
            randomConductances(b, 44, 50);
            final int inputs = 24;
            final int batch = 75;
            final float[] x = randomInputs(batch * inputs, 45);
            final float[] scales = randomScales(batch, 46);
            // the irregular drive, and pairs with a copy over a span of 20 inputs: more than a vector of them
            for (final RowLayout layout : List.of(IRREGULAR, RowLayout.stackedPairs(1, 20, 2, 83))) {
                final float[] volts = layout.volts(x, inputs, scales, batch);
                final int rows = layout.rows();
                for (final Window w : List.of(new Window(5, 7, rows, 23), new Window(128 - rows, 50, rows, 5))) {
                    final float[] driven = new float[batch * w.cols()];
                    final float[] plain = new float[driven.length];
                    kernels().vmmDriven(a, w, layout.drive(), x, inputs, scales, driven, 0, batch, a.nextEvent());
                    kernels().vmm(b, w, volts, plain, batch);
                    for (int k = 0; k < driven.length; k++) {
                        double magnitude = 0;
                        for (int i = 0; i < rows; i++) {
                            magnitude += Math.min(Math.abs(volts[k / w.cols() * rows + i]), dacMax)
                                    * a.get(Plane.CONDUCTANCE, w.row0() + i, w.col0() + k % w.cols());
                        }
                        assertEquals(plain[k], driven[k], lsb * 1.0001 + 1e-5 * magnitude, w + " output " + k);
                    }
                }
            }
            assertEquals(b.stats(), a.stats());
            assertEquals(b.eventCounter(), a.eventCounter());
        }
    }

    @Test
    public void drivenVmmSplitIntoRowRangesWithOneEventEqualsTheSingleCall() {
        final int[] chunks = {1, 7, 64, 5};
        final int batch = Arrays.stream(chunks).sum();
        final RowLayout layout = RowLayout.stackedPairs(1, 25, 2, 100);
        final int inputs = 27;
        final float[] x = randomInputs(batch * inputs, 24);
        final float[] scales = randomScales(batch, 25);
        for (final double relative : new double[] {0.0, 0.05}) {
            final ChipSpec spec = ChipSpec.preset("nmi2019")
                    .with("variability.readNoiseMicroSiemens", 2.0)
                    .with("variability.readNoiseRelative", relative)
                    .with("peripherals.outputNoiseMicroAmps", 0.5);
            for (final Window w : List.of(new Window(3, 5, 100, 37), new Window(27, 41, 100, 8))) {
                final float[][] results = new float[2][];
                final long[][] counters = new long[2][];
                for (int run = 0; run < 2; run++) {
                    try (Chip chip = Chip.fabricate(spec, 21, 2)) {
                        randomConductances(chip, 22, 100);
                        final float[] out = new float[batch * w.cols()];
                        final long event = chip.nextEvent();
                        if (run == 0) {
                            kernels().vmmDriven(chip, w, layout.drive(), x, inputs, scales, out, 0, batch, event);
                        } else {
                            int end = batch;
                            for (int c = chunks.length - 1; c >= 0; c--) {
                                end -= chunks[c];
                                kernels()
                                        .vmmDriven(
                                                chip, w, layout.drive(), x, inputs, scales, out, end, chunks[c], event);
                            }
                        }
                        results[run] = out;
                        counters[run] =
                                new long[] {chip.eventCounter(), chip.stats().vmms()};
                    }
                }
                final String where = w + ", readNoiseRelative = " + relative;
                assertArrayEquals(results[0], results[1], where);
                assertArrayEquals(counters[0], counters[1], "events and VMMs counted, " + where);
                assertEquals(batch, counters[1][1]);
            }
        }
    }

    /** A random stride-1 convolution: 1 to 9 x 1 to 9 x 1 to 6 inputs, kernels up to 4 x 4, pads up to 2. */
    private static Patches randomPatches(final SplittableRandom random) {
        while (true) {
            try {
                return new Patches(
                        1 + random.nextInt(9),
                        1 + random.nextInt(9),
                        1 + random.nextInt(6),
                        1 + random.nextInt(4),
                        1 + random.nextInt(4),
                        random.nextInt(3),
                        random.nextInt(3),
                        random.nextInt(3),
                        random.nextInt(3));
            } catch (IllegalArgumentException kernelLargerThanThePaddedInput) {
                // draw again
            }
        }
    }

    @Test
    public void patchVmmEqualsTheScaledDrivenVmmOfTheWrittenOutRowsBitForBit() {
        // the same implementation both ways, so exactly: a lane over samples must compute its row as the rows' own
        // path does (scale, DAC, sums of V^2 in the inputs' order, currents, draws, ADC); strong
        // read noise and a 24-bit ADC over 10 V, so that a last-bit difference in any sum shows in the outputs
        final ChipSpec spec = ChipSpec.preset("nmi2019")
                .with("variability.readNoiseMicroSiemens", 100.0)
                .with("peripherals.outputNoiseMicroAmps", 0.5)
                .with("peripherals.adcBits", 24)
                .with("peripherals.adcRangeVolts", 10.0);
        final SplittableRandom random = new SplittableRandom(61);
        final float volts = 0.2f;
        int cases = 0;
        for (int geometry = 0; geometry < 6; geometry++) {
            for (final int cols : new int[] {1, 4, 5, 8, 9, 15, 16, 17, 23}) {
                final Patches patches = geometry == 0
                        ? new Patches(8, 8, 15, 2, 2, 0, 1, 0, 1) // the paper CNN's conv2
                        : randomPatches(random);
                final int inputs = patches.inputs();
                final int span = Math.min(inputs, 1 + random.nextInt(Math.min(inputs, 60)));
                final int perSample = patches.perSample();
                final RowLayout layout = RowLayout.stackedPairs(inputs - span, span, 1, 2 * span);
                final int samples = new int[] {1, 5, 8, 16, 23, 40}[random.nextInt(6)];
                final int batch = samples * perSample;
                final float[] image = randomInputs(samples * patches.sampleSize(), random.nextLong());
                if (geometry == 1) {
                    image[image.length / 2] = Float.NaN; // the rows that read it: NaN scale and outputs, both ways
                }
                final float[] rows = new float[batch * inputs];
                final float[] expectedScales = new float[batch];
                for (int b = 0; b < batch; b++) {
                    patches.row(image, b, rows, b * inputs);
                    float max = 0.0f;
                    for (int i = 0; i < inputs; i++) {
                        max = Math.max(max, Math.abs(rows[b * inputs + i]));
                    }
                    expectedScales[b] = max == 0.0f ? 1.0f : volts / max;
                }
                final Window w =
                        new Window(random.nextInt(128 - 2 * span + 1), random.nextInt(64 - cols + 1), 2 * span, cols);
                try (Chip a = Chip.fabricate(spec, 62, 0);
                        Chip b = Chip.fabricate(spec, 62, 0)) {
                    randomConductances(a, 63, 100);
                    randomConductances(b, 63, 100);
                    final float[] expected = new float[batch * cols];
                    Arrays.fill(expected, -1234.5f);
                    final float[] actual = expected.clone();
                    kernels()
                            .vmmDriven(
                                    a,
                                    w,
                                    layout.drive(),
                                    rows,
                                    inputs,
                                    expectedScales,
                                    expected,
                                    0,
                                    batch,
                                    a.nextEvent());
                    final float[] scales = new float[batch];
                    final long event = b.nextEvent();
                    // row ranges that cut samples, as a parallel split may
                    final List<int[]> ranges = new ArrayList<>();
                    for (int from = 0; from < batch; ) {
                        final int n = Math.min(batch - from, 1 + random.nextInt(Math.max(1, batch / 2)));
                        ranges.add(new int[] {from, n});
                        from += n;
                    }
                    // on a thread of its own, whose scratch buffers start empty: one that other calls had grown
                    // would hide a kernel sizing them too small for this shape
                    onFreshThread(() -> {
                        for (final int[] range : ranges) {
                            kernels()
                                    .vmmPatches(
                                            b,
                                            w,
                                            layout.drive(),
                                            patches,
                                            image,
                                            volts,
                                            scales,
                                            actual,
                                            range[0],
                                            range[1],
                                            event);
                        }
                    });
                    final String where = w + " " + patches + ", " + samples + " samples";
                    assertArrayEquals(expectedScales, scales, "scales, " + where);
                    assertArrayEquals(expected, actual, where);
                    assertEquals(a.stats(), b.stats());
                }
                cases++;
            }
        }
        assertEquals(54, cases);
    }

    /** Runs work on a new thread and waits for it, rethrowing what it threw. */
    private static void onFreshThread(final Runnable work) {
        final Throwable[] thrown = new Throwable[1];
        final Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (final Throwable t) {
                thrown[0] = t;
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (thrown[0] instanceof RuntimeException e) {
            throw e;
        }
        if (thrown[0] instanceof Error e) {
            throw e;
        }
    }

    @Test
    public void badPatchArgumentsAreRefusedAtEntry() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            final Window w = new Window(0, 0, 10, 3);
            final RowDrive drive = RowLayout.stackedPairs(0, 5, 1, 10).drive(); // inputs 0 to 4
            final Patches four = new Patches(2, 3, 1, 2, 2, 0, 0, 0, 0); // 4 inputs, 2 rows of 6 floats per sample
            final Patches five = new Patches(1, 6, 1, 1, 5, 0, 0, 0, 0); // 5 inputs, 2 rows of 6 floats per sample
            final float[] scales = new float[4];
            final float[] out = new float[12];
            final IllegalArgumentException inputs = assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().vmmPatches(chip, w, drive, four, new float[12], 0.2f, scales, out, 0, 4, 0));
            assertTrue(inputs.getMessage().contains("4 inputs"), inputs.getMessage());
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> kernels().vmmPatches(chip, w, drive, five, new float[11], 0.2f, scales, out, 0, 4, 0));
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> kernels().vmmPatches(chip, w, drive, five, new float[12], 0.2f, new float[3], out, 0, 4, 0));
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> kernels().vmmPatches(chip, w, drive, five, new float[12], 0.2f, scales, out, 1, 4, 0));
            assertThrows(IllegalArgumentException.class, () -> new Patches(1, 6, 1, 2, 5, 0, 0, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> new Patches(1, 6, 0, 1, 5, 0, 0, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> new Patches(1, 6, 1, 1, 5, -1, 0, 0, 0));
            assertEquals(0, chip.stats().vmms(), "nothing counted");
            kernels().vmmPatches(chip, w, drive, five, new float[12], 0.2f, scales, out, 0, 4, 0);
            assertEquals(4, chip.stats().vmms(), "the same call with valid arguments runs");
        }
    }

    @Test
    public void badDrivenArgumentsAreRefusedAtEntry() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            final Window w = new Window(0, 0, 10, 10);
            final RowDrive drive = RowLayout.stackedPairs(0, 5, 1, 10).drive(); // inputs 0 to 4
            final RowDrive nine = RowLayout.stackedPairs(0, 4, 1, 9).drive();
            final float[] x = new float[10];
            final float[] scales = new float[2];
            final float[] out = new float[20];
            final float[] shortOut = new float[19];
            Arrays.fill(out, 7.0f); // a refused call must write nothing: with x = 0 it would write zeros
            Arrays.fill(shortOut, 7.0f);
            final IllegalArgumentException rows = assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().vmmDriven(chip, w, nine, new float[8], 4, scales, out, 0, 2, 0));
            assertTrue(
                    rows.getMessage().contains(nine.toString())
                            && rows.getMessage().contains(w.toString()),
                    rows.getMessage());
            final IllegalArgumentException inputs = assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().vmmDriven(chip, w, drive, x, 4, scales, out, 0, 2, 0));
            assertTrue(inputs.getMessage().contains("inputs = 4"), inputs.getMessage());
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> kernels().vmmDriven(chip, w, drive, new float[9], 5, scales, out, 0, 2, 0));
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> kernels().vmmDriven(chip, w, drive, x, 5, new float[1], out, 0, 2, 0));
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> kernels().vmmDriven(chip, w, drive, x, 5, scales, shortOut, 0, 2, 0));
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> kernels().vmmDriven(chip, w, drive, x, 5, scales, out, 1, 2, 0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().vmmDriven(chip, w, drive, x, 5, scales, out, -1, 2, 0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().vmmDriven(chip, w, drive, x, 5, scales, out, 0, -1, 0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().vmmDriven(chip, new Window(120, 0, 10, 10), drive, x, 5, scales, out, 0, 2, 0));
            for (final float[] o : List.of(out, shortOut)) {
                for (final float value : o) {
                    assertEquals(7.0f, value, "no output written");
                }
            }
            assertEquals(0, chip.stats().vmms(), "nothing counted");
            assertEquals(0, chip.eventCounter(), "no event taken");
            kernels().vmmDriven(chip, w, drive, x, 5, scales, out, 0, 2, 0);
            assertEquals(2, chip.stats().vmms(), "the same call with valid arguments runs");
        }
    }

    @Test
    public void readNoiseOfADrivenVmmCountsEveryRowItDrives() {
        // per device: each driven row i adds V_i sa xi_ij to the column, so the variance is sa^2 sum_i V_i^2 over the
        // PHYSICAL rows: an input on n rows counts n times, one inside the span that drives no row not at all
        final double sa = 5.0;
        final ChipSpec spec = IDEAL.with("variability.readNoiseMicroSiemens", sa);
        // 21 inputs (more than a vector of them), on 0 to 4 rows each
        final RowLayout layout =
                RowLayout.interleaved(3, 1, 2, 3, 4, 0, 4, 2, 1, 3, 1, 2, 4, 3, 1, 0, 2, 4, 1, 3, 2, 1);
        final int inputs = 3 + 21 + 1;
        final int batch = 300;
        final float[] grid = dacGridVolts(spec, inputs, 47);
        final float fullScale =
                spec.peripherals().dacStepVolts() * spec.peripherals().dacMaxCode();
        grid[3 + 4] = fullScale; // the undriven inputs at full scale: counted, they would add the most
        grid[3 + 14] = fullScale;
        final float[] x = new float[batch * inputs];
        final float[] scales = new float[batch];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(grid, 0, x, b * inputs, inputs);
            scales[b] = 1.0f;
        }
        final float[] v = layout.volts(x, inputs, scales, 1);
        double sumV2 = 0;
        for (final float vi : v) {
            sumV2 += (double) vi * vi;
        }
        try (Chip chip = Chip.fabricate(spec, 45, 0)) {
            randomConductances(chip, 46, 20);
            for (final Window w : List.of(new Window(2, 1, layout.rows(), 8), new Window(2, 11, layout.rows(), 40))) {
                final float[] out = new float[batch * w.cols()];
                kernels().vmmDriven(chip, w, layout.drive(), x, inputs, scales, out, 0, batch, chip.nextEvent());
                final float[] noise = new float[out.length];
                for (int j = 0; j < w.cols(); j++) {
                    double exact = 0;
                    for (int i = 0; i < w.rows(); i++) {
                        exact += (double) v[i] * chip.get(Plane.CONDUCTANCE, w.row0() + i, w.col0() + j);
                    }
                    for (int b = 0; b < batch; b++) {
                        noise[b * w.cols() + j] = (float) (out[b * w.cols() + j] - exact);
                    }
                }
                // ADC rounding adds lsb^2 / 12 (lsb 15 nA), negligible next to sigma (3.8 uA here)
                assertGaussian(noise, 0, sa * Math.sqrt(sumV2));
            }
        }
    }

    @Test
    public void noiselessTransposedVmmEqualsTheExactProduct() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            randomConductances(chip, 4, 20);
            final Window w = new Window(10, 1, 90, 63);
            final int batch = 5;
            final float[] v = dacGridVolts(IDEAL, batch * w.cols(), 5);
            final float[] out = new float[batch * w.rows()];
            kernels().vmmTransposed(chip, w, v, out, batch);
            final double lsb = IDEAL.peripherals().adcStepMicroAmps();
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < w.rows(); i++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (int j = 0; j < w.cols(); j++) {
                        final double term =
                                (double) v[b * w.cols() + j] * chip.get(Plane.CONDUCTANCE, w.row0() + i, w.col0() + j);
                        exact += term;
                        magnitude += Math.abs(term);
                    }
                    assertEquals(exact, out[b * w.rows() + i], lsb / 2 + 1e-6 * magnitude, "b=" + b + " i=" + i);
                }
            }
        }
    }

    @Test
    public void adcQuantisesTo15NanoampStepsAndSaturatesAt500Microamps() {
        final float lsb = IDEAL.peripherals().adcStepMicroAmps();
        assertEquals(0.0152588, lsb, 1e-7, "10 V / 2^16 / 10 kOhm");
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            final Window w = new Window(0, 0, 128, 3);
            for (int r = 0; r < 128; r++) {
                chip.set(Plane.CONDUCTANCE, r, 0, 100); // 128 x 0.2 V x 100 uS = 2560 uA: saturates
                chip.set(Plane.CONDUCTANCE, r, 1, r == 0 ? 0.1f : 0); // 0.02 uA: 1.31 steps -> 1 step
                chip.set(Plane.CONDUCTANCE, r, 2, r == 0 ? 0.125f : 0); // 0.025 uA: 1.64 steps -> 2 steps
            }
            final float[] up = new float[128];
            Arrays.fill(up, 0.2f);
            final float[] out = new float[3];
            kernels().vmm(chip, w, up, out, 1);
            assertEquals(32767 * lsb, out[0], 1e-3, "positive saturation at +499.98 uA");
            assertEquals(lsb, out[1], 1e-9);
            assertEquals(2 * lsb, out[2], 1e-9);
            final float[] down = new float[128];
            Arrays.fill(down, -0.2f);
            kernels().vmm(chip, w, down, out, 1);
            assertEquals(-500.0, out[0], 1e-3, "negative saturation at -500 uA");
        }
    }

    @Test
    public void noiselessReadBackReturnsConductanceWithinTheAdcResolution() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            randomConductances(chip, 6, 500);
            final Window w = Window.of(chip);
            final float[] g = new float[w.size()];
            kernels().readConductances(chip, w, g);
            final double resolution = IDEAL.peripherals().adcStepMicroAmps() / 0.2; // 76 nS
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    assertEquals(chip.get(Plane.CONDUCTANCE, r, c), g[r * chip.cols() + c], resolution / 2 + 1e-4);
                }
            }
            assertEquals(w.size(), chip.stats().reads());
        }
    }

    @Test
    public void twoPulseSchemeFollowsTheGateVoltageWithoutNoise() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            final Window w = new Window(0, 0, 4, 4);
            kernels().resetAll(chip, w);
            kernels().setAll(chip, w, 1.6f);
            final double slope = 200.0 / 1.1;
            assertEquals(slope * 1.6, chip.get(Plane.CONDUCTANCE, 0, 0), 1e-3);
            final float[] delta = new float[16];
            delta[0] = -0.3f; // RESET then SET at 1.3 V
            delta[1] = 0.304f; // SET at 1.904 V, applied as 1.90 V (10 mV DAC)
            delta[2] = 2.0f; // clipped to 2.5 V
            delta[3] = -3.0f; // clipped to 0.5 V
            kernels().programGate(chip, w, delta);
            assertEquals(slope * 1.3, chip.get(Plane.CONDUCTANCE, 0, 0), 1e-3);
            assertEquals(slope * 1.9, chip.get(Plane.CONDUCTANCE, 0, 1), 1e-3);
            assertEquals(1.904f, chip.get(Plane.GATE_VOLTAGE, 0, 1), 1e-6, "software keeps the unquantised Vg");
            assertEquals(slope * 2.5, chip.get(Plane.CONDUCTANCE, 0, 2), 1e-3);
            assertEquals(slope * 0.5, chip.get(Plane.CONDUCTANCE, 0, 3), 1e-3);
            assertEquals(slope * 1.6, chip.get(Plane.CONDUCTANCE, 1, 0), 1e-3, "unchanged devices get no pulse");
            assertEquals(16 + 4, chip.stats().setPulses());
            assertEquals(16 + 2, chip.stats().resetPulses());
        }
    }

    @Test
    public void setNeverLowersTheConductanceOfANoiselessGateDevice() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            final Window w = Window.of(chip);
            kernels().resetAll(chip, w);
            kernels().setAll(chip, w, 1.0f);
            final SplittableRandom random = new SplittableRandom(7);
            final float[] delta = new float[w.size()];
            final float[] before = new float[w.size()];
            final float[] after = new float[w.size()];
            for (int round = 0; round < 20; round++) {
                read(chip, before);
                for (int k = 0; k < delta.length; k++) {
                    delta[k] = (float) (random.nextDouble() * 0.2); // SET only: never negative
                }
                kernels().programGate(chip, w, delta);
                read(chip, after);
                for (int k = 0; k < delta.length; k++) {
                    assertTrue(after[k] >= before[k], "device " + k + " went from " + before[k] + " to " + after[k]);
                }
            }
        }
    }

    private static void read(final Chip chip, final float[] g) {
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                g[r * chip.cols() + c] = chip.get(Plane.CONDUCTANCE, r, c);
            }
        }
    }

    @Test
    public void stuckAndDeadDevicesNeverChange() {
        final ChipSpec spec = ChipSpec.preset("nmi2019").with("faults.stuckLowFraction", 0.05);
        try (Chip chip = Chip.fabricate(spec, 11, 0)) {
            final Window w = Window.of(chip);
            final float[] before = new float[w.size()];
            read(chip, before);
            kernels().resetAll(chip, w);
            kernels().setAll(chip, w, 1.6f);
            final SplittableRandom random = new SplittableRandom(8);
            final float[] delta = new float[w.size()];
            for (int round = 0; round < 5; round++) {
                for (int k = 0; k < delta.length; k++) {
                    delta[k] = (float) (random.nextDouble() - 0.5);
                }
                kernels().programGate(chip, w, delta);
            }
            int stuck = 0;
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    if (chip.get(Plane.FAULT, r, c) != FaultCode.OK) {
                        stuck++;
                        assertEquals(before[r * chip.cols() + c], chip.get(Plane.CONDUCTANCE, r, c));
                    }
                }
            }
            assertTrue(stuck > 5 * 128 + 500, "expected dead columns and about 10% stuck devices, got " + stuck);
        }
    }

    @Test
    public void stuckStepDevicesIgnorePulses() {
        final ChipSpec spec = stepChip(new ConstantStep(StepParameters.defaults()))
                .with("faults.stuckRandomFraction", 0.1)
                .with("faults.deadRows", List.of(5));
        try (Chip chip = Chip.fabricate(spec, 23, 0)) {
            final Window w = Window.of(chip);
            final float[] before = new float[w.size()];
            read(chip, before);
            final int[] counts = new int[w.size()];
            Arrays.fill(counts, 7);
            kernels().applyPulses(chip, w, counts);
            final float[] x = dacGridVolts(spec, w.rows(), 24);
            final float[] d = dacGridVolts(spec, w.cols(), 25);
            kernels().pulseTrainUpdate(chip, w, x, d, 31, 1.0f);
            int stuck = 0;
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    if (!chip.isProgrammable(r, c)) {
                        stuck++;
                        assertEquals(before[r * chip.cols() + c], chip.get(Plane.CONDUCTANCE, r, c));
                    } else {
                        assertTrue(chip.get(Plane.CONDUCTANCE, r, c) > before[r * chip.cols() + c]);
                    }
                }
            }
            assertTrue(stuck > 64 + 500, "expected a dead row and about 10% stuck devices, got " + stuck);
        }
    }

    @Test
    public void resetAndSetNoiseFollowTheirGaussian() {
        // a reset level far from the bounds so clipping does not distort the distribution
        final ChipSpec spec = IDEAL.with("device.resetMicroSiemens", 100).with("device.writeNoiseMicroSiemens", 8);
        try (Chip chip = Chip.fabricate(spec, 12, 0)) {
            final Window w = Window.of(chip);
            kernels().resetAll(chip, w);
            final float[] g = new float[w.size()];
            read(chip, g);
            assertGaussian(g, 100, 8);
            kernels().setAll(chip, w, 2.2f); // f(2.2 V) = 400 uS, well above every reset value
            read(chip, g);
            assertGaussian(g, 200.0 / 1.1 * 2.2, 8);
        }
    }

    /** Mean within 4 standard errors, standard deviation within 5%, and a KS test at 0.001. */
    protected static void assertGaussian(final float[] x, final double mean, final double sigma) {
        final int n = x.length;
        assertEquals(mean, Stats.mean(x), 4 * sigma / Math.sqrt(n), "mean");
        assertEquals(sigma, Stats.std(x), 0.05 * sigma, "standard deviation");
        final double d = Stats.ksNormal(x, mean, sigma);
        assertTrue(d < Stats.ksCritical(n), "KS statistic " + d + " exceeds " + Stats.ksCritical(n));
    }

    @Test
    public void sameCallsOnSameChipGiveTheSameNoise() {
        final ChipSpec spec = ChipSpec.preset("nmi2019").with("peripherals.outputNoiseMicroAmps", 0.5);
        final float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Chip chip = Chip.fabricate(spec, 13, 4)) {
                final Window w = Window.of(chip);
                kernels().resetAll(chip, w);
                kernels().setAll(chip, w, 1.6f);
                final float[] delta = dacGridVolts(spec, w.size(), 14);
                kernels().programGate(chip, w, delta);
                final float[] v = dacGridVolts(spec, 3 * w.rows(), 15);
                final float[] out = new float[3 * w.cols() + w.size()];
                kernels().vmm(chip, w, v, out, 3);
                final float[] g = new float[w.size()];
                kernels().readConductances(chip, w, g);
                System.arraycopy(g, 0, out, 3 * w.cols(), g.length);
                results[run] = out;
            }
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    public void vmmSplitIntoRowRangesWithOneEventEqualsTheSingleCall() {
        // chunks of 1, 7, 64 and an odd remainder, run out of order; odd window so vector edges are masked
        final int[] chunks = {1, 7, 64, 5};
        final int batch = Arrays.stream(chunks).sum();
        for (final double relative : new double[] {0.0, 0.05}) {
            final ChipSpec spec = ChipSpec.preset("nmi2019")
                    .with("variability.readNoiseMicroSiemens", 2.0)
                    .with("variability.readNoiseRelative", relative)
                    .with("peripherals.outputNoiseMicroAmps", 0.5);
            final float[][] results = new float[2][];
            final long[][] counters = new long[2][];
            for (int run = 0; run < 2; run++) {
                try (Chip chip = Chip.fabricate(spec, 21, 2)) {
                    randomConductances(chip, 22, 100);
                    final Window w = new Window(3, 5, 100, 37);
                    final float[] v = dacGridVolts(spec, batch * w.rows(), 23);
                    final float[] out = new float[batch * w.cols()];
                    if (run == 0) {
                        kernels().vmm(chip, w, v, out, batch);
                    } else {
                        final long event = chip.nextEvent();
                        int end = batch;
                        for (int c = chunks.length - 1; c >= 0; c--) {
                            end -= chunks[c];
                            kernels().vmm(chip, w, v, out, end, chunks[c], event);
                        }
                    }
                    results[run] = out;
                    counters[run] =
                            new long[] {chip.eventCounter(), chip.stats().vmms()};
                }
            }
            assertArrayEquals(results[0], results[1], "readNoiseRelative = " + relative);
            assertArrayEquals(counters[0], counters[1], "events and VMMs counted");
            assertEquals(batch, counters[1][1]);
        }
    }

    @Test
    public void updatesOfDisjointWindowsWithEventsTakenUpFrontRunConcurrentlyAsInSequence() throws Exception {
        final Window a = new Window(0, 0, 40, 9);
        final Window b = new Window(40, 11, 30, 20);
        final ChipSpec gate = ChipSpec.preset("nmi2019").with("peripherals.outputNoiseMicroAmps", 0.5);
        final ChipSpec step = stepChip(new ConstantStep(StepParameters.defaults()));
        for (final ChipSpec spec : List.of(gate, step)) {
            final float[][] results = new float[2][];
            final long[][] counters = new long[2][];
            for (int run = 0; run < 2; run++) {
                try (Chip chip = Chip.fabricate(spec, 31, 1)) {
                    final float[] readA = new float[a.size()];
                    final float[] readB = new float[b.size()];
                    if (run == 0) {
                        update(chip, a, readA, chip.nextEvent(), chip.nextEvent());
                        update(chip, b, readB, chip.nextEvent(), chip.nextEvent());
                    } else {
                        final long first = chip.takeEvents(4);
                        final Thread other = new Thread(() -> update(chip, b, readB, first + 2, first + 3));
                        other.start();
                        update(chip, a, readA, first, first + 1);
                        other.join();
                    }
                    final float[] all =
                            new float[chip.spec().rows() * chip.spec().cols()];
                    read(chip, all);
                    results[run] = concat(all, readA, readB);
                    counters[run] = new long[] {
                        chip.eventCounter(),
                        chip.stats().setPulses(),
                        chip.stats().resetPulses(),
                        chip.stats().stepPulses(),
                        chip.stats().reads()
                    };
                }
            }
            assertArrayEquals(results[0], results[1], spec.device().getClass().getSimpleName());
            assertArrayEquals(counters[0], counters[1], "events and counts");
        }
    }

    /** Programs every device of w by a seeded random amount with the first event, reads w back with the second. */
    private void update(final Chip chip, final Window w, final float[] read, final long program, final long readBack) {
        final SplittableRandom random = new SplittableRandom(w.row0() + 7L * w.col0());
        if (chip.spec().device() instanceof StepDevice) {
            final int[] counts = new int[w.size()];
            for (int k = 0; k < counts.length; k++) {
                counts[k] = random.nextInt(-3, 4);
            }
            kernels().applyPulses(chip, w, counts, program);
        } else {
            final float[] delta = new float[w.size()];
            for (int k = 0; k < delta.length; k++) {
                delta[k] = (float) random.nextDouble(-0.5, 0.5);
            }
            kernels().programGate(chip, w, delta, program);
        }
        kernels().readConductances(chip, w, read, readBack);
    }

    private static float[] concat(final float[]... parts) {
        final float[] all =
                new float[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (final float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Test
    public void readNoiseOfAVmmMatchesPerDeviceReadNoise() {
        // per-device definition: every device read as G + sa xi + sr G xi'; the column current's variance is
        // sum_i V_i^2 (sa^2 + sr^2 G_ij^2)
        final ChipSpec spec =
                IDEAL.with("variability.readNoiseMicroSiemens", 2.0).with("variability.readNoiseRelative", 0.05);
        try (Chip chip = Chip.fabricate(spec, 16, 0)) {
            randomConductances(chip, 17, 100);
            final Window w = new Window(0, 0, 64, 2);
            final float[] v = dacGridVolts(spec, w.rows(), 18);
            final int repeats = 2000;
            final float[] samples = new float[repeats];
            final float[] out = new float[w.cols()];
            for (int j = 0; j < w.cols(); j++) {
                double mean = 0;
                double variance = 0;
                for (int i = 0; i < w.rows(); i++) {
                    final double gij = chip.get(Plane.CONDUCTANCE, i, j);
                    mean += v[i] * gij;
                    variance += (double) v[i] * v[i] * (4.0 + 0.0025 * gij * gij);
                }
                for (int n = 0; n < repeats; n++) {
                    kernels().vmm(chip, w, v, out, 1);
                    samples[n] = out[j];
                }
                assertGaussian(samples, mean, Math.sqrt(variance));
            }
        }
    }

    @Test
    public void readBackNoiseHasThePerDeviceStandardDeviation() {
        final ChipSpec spec = IDEAL.with("variability.readNoiseMicroSiemens", 1.0);
        try (Chip chip = Chip.fabricate(spec, 19, 0)) {
            for (int r = 0; r < chip.rows(); r++) {
                for (int c = 0; c < chip.cols(); c++) {
                    chip.set(Plane.CONDUCTANCE, r, c, 150);
                }
            }
            final Window w = Window.of(chip);
            final float[] g = new float[w.size()];
            kernels().readConductances(chip, w, g);
            // ADC resolution 76 nS adds a uniform quantisation variance of lsb^2 / 12, negligible next to 1 uS
            assertGaussian(g, 150, 1.0);
        }
    }

    @Test
    public void badArgumentsAreRefusedAtEntry() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            final Window w = new Window(0, 0, 10, 10);
            assertThrows(
                    IndexOutOfBoundsException.class, () -> kernels().vmm(chip, w, new float[19], new float[20], 2));
            assertThrows(
                    IndexOutOfBoundsException.class, () -> kernels().vmm(chip, w, new float[20], new float[19], 2));
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> kernels().vmm(chip, w, new float[30], new float[30], 2, 2, 0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().vmm(chip, w, new float[30], new float[30], -1, 2, 0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().readConductances(chip, new Window(120, 0, 10, 10), new float[100]));
            assertThrows(IllegalArgumentException.class, () -> kernels().applyPulses(chip, w, new int[100]));
        }
    }

    /** A 128 x 64 chip of the given step device: no spread, no faults. */
    protected static ChipSpec stepChip(final StepDevice device) {
        return new ChipSpec(128, 64, device, Variability.none(), FaultModel.none(), IDEAL.peripherals());
    }

    private static void fill(final Chip chip, final float g) {
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                chip.set(Plane.CONDUCTANCE, r, c, g);
            }
        }
    }

    @Test
    public void constantStepsAddUpUntilTheHardBound() {
        final StepParameters p = new StepParameters(2.0, 0.25, 0, 10, 110);
        try (Chip chip = Chip.fabricate(stepChip(new ConstantStep(p)), 1, 0)) {
            final Window w = new Window(0, 0, 1, 4);
            kernels().applyPulses(chip, w, new int[] {5, 100, -3, 0});
            assertEquals(10 + 5 * 2.0, chip.get(Plane.CONDUCTANCE, 0, 0), 1e-4, "the larger step is dw");
            assertEquals(110, chip.get(Plane.CONDUCTANCE, 0, 1), 1e-4, "clipped at gMax");
            assertEquals(10, chip.get(Plane.CONDUCTANCE, 0, 2), 1e-4, "clipped at gMin");
            kernels().applyPulses(chip, w, new int[] {0, -4, 0, 0});
            assertEquals(110 - 4 * 1.5, chip.get(Plane.CONDUCTANCE, 0, 1), 1e-4, "the smaller is dw (1 - |upDown|)");
            assertEquals(5 + 100 + 3 + 4, chip.stats().stepPulses());
        }
    }

    @Test
    public void softBoundsApproachTheirBoundGeometrically() {
        // center 50: the step is dw at w = 0 and shrinks to 0 at the bound, (gMax - g) / (gMax - center) going up
        final StepParameters p = new StepParameters(1.0, 0, 0, 0, 100);
        try (Chip chip = Chip.fabricate(stepChip(new SoftBounds(p)), 1, 0)) {
            final Window w = new Window(0, 0, 1, 3);
            kernels().applyPulses(chip, w, new int[] {10, 100, 400});
            for (int c = 0; c < 3; c++) {
                final int n = new int[] {10, 100, 400}[c];
                // gMax - g_n = (gMax - g_0) (1 - dw / (gMax - center))^n, from g_0 = gMin = 0
                assertEquals(100 - 100 * Math.pow(0.98, n), chip.get(Plane.CONDUCTANCE, 0, c), 1e-3, "n=" + n);
            }
            kernels().applyPulses(chip, w, new int[] {-50, 0, 0});
            final double start = 100 - 100 * Math.pow(0.98, 10);
            // down: g_n - gMin = (g_0 - gMin) (1 - dw / (center - gMin))^n
            assertEquals(start * Math.pow(0.98, 50), chip.get(Plane.CONDUCTANCE, 0, 0), 1e-3);
        }
    }

    /**
     * One device of aihwkit's pulsed family in the toolkit's own variables, double precision: w = g - center, the
     * device's bounds wMin &lt; 0 &lt; wMax and steps scaleUp, scaleDown as fabricated, one noiseless pulse.
     */
    private interface ToolkitPulse {
        double after(double w, boolean up, double scaleUp, double scaleDown, double wMin, double wMax);
    }

    /**
     * Drives device (0, 0) of a chip with device spreads (bounds 0.3, gain 0.3, asymmetry 0.1, no cycle noise) from w
     * = 0 through 150 up pulses, 300 down and 200 up, one kernel call a pulse, and compares each state with the
     * toolkit's rule evaluated in double precision on that device's fabricated bounds and steps.
     */
    private void followsTheToolkit(final StepDevice device, final ToolkitPulse rule) {
        final ChipSpec spec = new ChipSpec(
                128,
                64,
                device,
                new Variability(0, 0, 0.3, 0.3, 0.1, 0, 0, 0, 0, 1),
                FaultModel.none(),
                IDEAL.peripherals());
        for (int seed = 1; seed <= 3; seed++) {
            try (Chip chip = Chip.fabricate(spec, seed, 0)) {
                final double center = device.steps().centerMicroSiemens();
                final double wMin = chip.get(Plane.G_MIN, 0, 0) - center;
                final double wMax = chip.get(Plane.G_MAX, 0, 0) - center;
                assertTrue(wMin < 0 && wMax > 0, "w = 0 inside the range: " + wMin + ", " + wMax);
                final double scaleUp = chip.get(Plane.STEP_UP, 0, 0);
                final double scaleDown = chip.get(Plane.STEP_DOWN, 0, 0);
                chip.set(Plane.CONDUCTANCE, 0, 0, (float) center);
                final Window one = new Window(0, 0, 1, 1);
                double w = 0;
                for (int p = 0; p < 650; p++) {
                    final boolean up = p < 150 || p >= 450;
                    kernels().applyPulses(chip, one, new int[] {up ? 1 : -1});
                    w = Math.clamp(rule.after(w, up, scaleUp, scaleDown, wMin, wMax), wMin, wMax);
                    assertEquals(w, chip.get(Plane.CONDUCTANCE, 0, 0) - center, 2e-3, "seed " + seed + " pulse " + p);
                }
            }
        }
    }

    @Test
    public void constantStepFollowsTheToolkitsDefinition() {
        followsTheToolkit(
                new ConstantStep(new StepParameters(1.0, 0.2, 0, 20, 120)),
                (w, up, su, sd, lo, hi) -> up ? w + su : w - sd);
    }

    @Test
    public void linearStepFollowsTheToolkitsDefinition() {
        // aihwkit LinearStepDevice, mean_bound_reference: slope_up = -gamma_up scale_up / w_max (mean w_max), w +=
        // slope_up w + scale_up; slope_down = -gamma_down scale_down / w_min, w -= slope_down w + scale_down
        final StepParameters p = new StepParameters(0.5, -0.3, 0, 20, 120);
        followsTheToolkit(
                new LinearStep(p, 0.6, 0.3),
                (w, up, su, sd, lo, hi) -> up ? w + (-0.6 * su / 50 * w + su) : w - (-0.3 * sd / -50 * w + sd));
    }

    @Test
    public void softBoundsFollowTheToolkitsDefinition() {
        // aihwkit SoftBoundsDevice: a linear step with gamma 1 referred to the device's own bounds
        final StepParameters p = new StepParameters(0.5, 0.2, 0, 20, 120);
        followsTheToolkit(
                new SoftBounds(p), (w, up, su, sd, lo, hi) -> up ? w + (-su / hi * w + su) : w - (-sd / lo * w + sd));
    }

    @Test
    public void expStepFollowsTheToolkitsDefinition() {
        // aihwkit ExpStepDevice: z = 2 w / (b_max - b_min) a + b on the device's own bounds
        final StepParameters p = new StepParameters(0.5, 0.2, 0, 20, 120);
        followsTheToolkit(ExpStep.defaults(p), (w, up, su, sd, lo, hi) -> {
            final double z = 2 * w / (hi - lo) * 0.244 + 0.2425;
            return up
                    ? w + Math.max(1 - 0.00081 * Math.exp(12.44625 * z), 0) * su
                    : w - Math.max(1 - 0.36833 * Math.exp(-12.78785 * z), 0) * sd;
        });
    }

    @Test
    public void piecewiseStepsInterpolateTheTable() {
        final StepParameters p = new StepParameters(2.0, 0, 0, 0, 100);
        final PiecewiseStep device = new PiecewiseStep(p, new float[] {1, 0.5f, 0}, new float[] {0, 1, 2});
        try (Chip chip = Chip.fabricate(stepChip(device), 1, 0)) {
            final Window w = new Window(0, 0, 1, 3);
            chip.set(Plane.CONDUCTANCE, 0, 0, 25); // between nodes 0 and 1: up factor 0.75
            chip.set(Plane.CONDUCTANCE, 0, 1, 50); // node 1: up factor 0.5
            chip.set(Plane.CONDUCTANCE, 0, 2, 75); // between nodes 1 and 2: down factor 1.5
            kernels().applyPulses(chip, w, new int[] {1, 1, -1});
            assertEquals(25 + 2 * 0.75, chip.get(Plane.CONDUCTANCE, 0, 0), 1e-4);
            assertEquals(50 + 2 * 0.5, chip.get(Plane.CONDUCTANCE, 0, 1), 1e-4);
            assertEquals(75 - 2 * 1.5, chip.get(Plane.CONDUCTANCE, 0, 2), 1e-4);
        }
    }

    @Test
    public void stepNoiseIsMultiplicativeAndGaussian() {
        final StepParameters p = new StepParameters(1.0, 0, 0.3, 0, 1000);
        try (Chip chip = Chip.fabricate(stepChip(new ConstantStep(p)), 21, 0)) {
            fill(chip, 500);
            final Window w = Window.of(chip);
            final int[] ones = new int[w.size()];
            Arrays.fill(ones, 1);
            kernels().applyPulses(chip, w, ones);
            final float[] g = new float[w.size()];
            read(chip, g);
            for (int k = 0; k < g.length; k++) {
                g[k] -= 500;
            }
            assertGaussian(g, 1.0, 0.3);
        }
    }

    /**
     * The signed pulse count of every device of a window (at the origin) in each of {@code calls} pulse-train updates:
     * a noiseless constant-step chip of the window's size (dw 0.1 uS) set back to 5000 uS before each call, so a device's count is its change / dw.
     */
    private int[][] trainCounts(
            final Window w, final float[] x, final float[] d, final PulseTrain train, final float lr, final int calls) {
        final StepParameters p = new StepParameters(0.1, 0, 0, 0, 10_000);
        final int[][] counts = new int[calls][w.size()];
        final ChipSpec spec = new ChipSpec(
                w.rows(), w.cols(), new ConstantStep(p), Variability.none(), FaultModel.none(), IDEAL.peripherals());
        try (Chip chip = Chip.fabricate(spec, 23, 0)) {
            for (int call = 0; call < calls; call++) {
                fill(chip, 5000);
                kernels().pulseTrainUpdate(chip, w, x, d, train, lr);
                for (int k = 0; k < w.size(); k++) {
                    final float g = chip.get(Plane.CONDUCTANCE, w.row0() + k / w.cols(), w.col0() + k % w.cols());
                    counts[call][k] = Math.round((g - 5000) / 0.1f);
                }
            }
        }
        return counts;
    }

    /** Pearson's chi-square of observed counts 0..n against Binomial(n, p), tails merged to expected 5 or more. */
    private static void assertBinomial(final int[] sample, final int n, final double p) {
        final double[] expected = new double[n + 1];
        final double[] observed = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            double logChoose = 0;
            for (int i = 1; i <= k; i++) {
                logChoose += Math.log(n - k + i) - Math.log(i);
            }
            expected[k] = sample.length * Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
        }
        for (final int k : sample) {
            observed[Math.abs(k)]++;
        }
        double chi = 0;
        double e = 0;
        double o = 0;
        int bins = 0;
        for (int k = 0; k <= n; k++) {
            e += expected[k];
            o += observed[k];
            if (e >= 5 && tailAfter(expected, k) >= 5) {
                chi += (o - e) * (o - e) / e;
                bins++;
                e = 0;
                o = 0;
            }
        }
        chi += e > 0 ? (o - e) * (o - e) / e : 0;
        bins += e > 0 ? 1 : 0;
        final int df = bins - 1;
        // Wilson-Hilferty upper 0.1% point of chi-square with df degrees of freedom
        final double a = 2.0 / (9 * df);
        final double critical = df * Math.pow(1 - a + 3.09 * Math.sqrt(a), 3);
        assertTrue(chi < critical, "chi2 = " + chi + " >= " + critical + " (" + df + " df)");
    }

    private static double tailAfter(final double[] expected, final int k) {
        double sum = 0;
        for (int i = k + 1; i < expected.length; i++) {
            sum += expected[i];
        }
        return sum;
    }

    @Test
    public void pulseTrainCoincidencesAreBinomial() {
        // one device, BL 31, managed: px = pd = sqrt(lr x d / (BL dw)), so the count is Binomial(31, 0.3) for lr 3.1
        final int[][] counts = trainCounts(
                new Window(0, 0, 1, 1),
                new float[] {0.6f},
                new float[] {0.5f},
                new PulseTrain(31, true, false),
                3.1f,
                4000);
        final int[] n = new int[counts.length];
        for (int c = 0; c < n.length; c++) {
            n[c] = counts[c][0];
        }
        assertBinomial(n, 31, 0.3);
    }

    @Test
    public void blManagementShortensTheTrainAndKeepsTheMeanChange() {
        // BL = ceil(lr xMax dMax / dw) = ceil(0.5 0.6 0.5 / 0.1) = 2; device (i, j): Binomial(2, px_i pd_j), mean
        // lr x_i d_j / dw, signed by x_i d_j
        final float[] x = {0.6f, -0.3f};
        final float[] d = {0.5f, 0.25f};
        final int calls = 3000;
        final int[][] counts = trainCounts(new Window(0, 0, 2, 2), x, d, PulseTrain.defaults(), 0.5f, calls);
        for (int k = 0; k < 4; k++) {
            final double mean = 0.5 * x[k / 2] * d[k % 2] / 0.1;
            final double p = Math.abs(mean) / 2;
            final int[] n = new int[calls];
            double sum = 0;
            for (int c = 0; c < calls; c++) {
                n[c] = counts[c][k];
                assertTrue(Math.abs(n[c]) <= 2 && n[c] * mean >= 0, "count " + n[c] + " for mean " + mean);
                sum += n[c];
            }
            assertEquals(mean, sum / calls, 4 * Math.sqrt(2 * p * (1 - p) / calls), "device " + k);
            assertBinomial(n, 2, p);
        }
    }

    @Test
    public void withoutManagementTheLargerSideClips() {
        // BL 10, lr 2, dw 0.1: k = sqrt(lr / (BL dw)) = sqrt 2. Unmanaged: px = min(k 1.0, 1) = 1, pd = k 0.01, so
        // the mean is 10 k 0.01 = 0.141 pulses instead of lr x d / dw = 0.2; managed: px = k sqrt(d / x) x = 0.141
        // and pd = k sqrt(x / d) d = 0.141, nothing clips, and the mean stays 0.2
        final float[] x = {1.0f};
        final float[] d = {0.01f};
        final int calls = 20_000;
        final double[] expected = {10 * Math.sqrt(2) * 0.01, 0.2};
        final PulseTrain[] trains = {new PulseTrain(10, false, false), new PulseTrain(10, true, false)};
        for (int t = 0; t < 2; t++) {
            final int[][] counts = trainCounts(new Window(0, 0, 1, 1), x, d, trains[t], 2.0f, calls);
            double sum = 0;
            for (final int[] c : counts) {
                sum += c[0];
            }
            final double p = expected[t] / 10;
            assertEquals(expected[t], sum / calls, 4 * Math.sqrt(10 * p * (1 - p) / calls), trains[t].toString());
        }
    }

    @Test
    public void pulseTrainsChangeConductanceByLrTimesXTimesDOnAverage() {
        final StepParameters p = new StepParameters(0.1, 0, 0, 0, 1000);
        try (Chip chip = Chip.fabricate(stepChip(new ConstantStep(p)), 22, 0)) {
            fill(chip, 500);
            final Window w = Window.of(chip);
            final float[] x = new float[w.rows()];
            final float[] d = new float[w.cols()];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 2 == 0 ? 0.5f : -0.25f;
            }
            for (int j = 0; j < d.length; j++) {
                d[j] = j % 2 == 0 ? 0.8f : 0.4f;
            }
            final float lr = 0.3f;
            final int bl = 31;
            final int repeats = 10;
            for (int n = 0; n < repeats; n++) {
                kernels().pulseTrainUpdate(chip, w, x, d, bl, lr);
            }
            final double k = Math.sqrt(lr / (bl * 0.1));
            final double a = k * Math.sqrt(0.8 / 0.5);
            final double b = k * Math.sqrt(0.5 / 0.8);
            for (int xi = 0; xi < 2; xi++) {
                for (int dj = 0; dj < 2; dj++) {
                    double sum = 0;
                    for (int r = xi; r < w.rows(); r += 2) {
                        for (int c = dj; c < w.cols(); c += 2) {
                            sum += chip.get(Plane.CONDUCTANCE, r, c) - 500;
                        }
                    }
                    // the class mean of the pulse count is sum_t rbar_t cbar_t over the bl slots, with rbar_t the
                    // fraction of the I class rows firing in slot t (likewise cbar_t over J columns), so its
                    // variance per call is bl [(px^2 + px(1-px)/I)(pd^2 + pd(1-pd)/J) - px^2 pd^2]
                    final int rowsInClass = w.rows() / 2;
                    final int colsInClass = w.cols() / 2;
                    final double px = a * Math.abs(x[xi]);
                    final double pd = b * Math.abs(d[dj]);
                    final double variance = bl
                            * ((px * px + px * (1 - px) / rowsInClass) * (pd * pd + pd * (1 - pd) / colsInClass)
                                    - px * px * pd * pd);
                    final double se = 0.1 * Math.sqrt(variance / repeats);
                    final double mean = sum / (rowsInClass * colsInClass) / repeats;
                    assertEquals(lr * x[xi] * d[dj], mean, 4 * se, "x=" + x[xi] + " d=" + d[dj]);
                }
            }
            assertTrue(chip.stats().stepPulses() > 0);
        }
    }

    @Test
    public void gateProgrammingRefusesStepChipsAndPulsesRefuseGateChips() {
        try (Chip gate = Chip.fabricate(IDEAL, 1, 0);
                Chip step = Chip.fabricate(stepChip(new ConstantStep(StepParameters.defaults())), 1, 0)) {
            final Window w = new Window(0, 0, 2, 2);
            assertThrows(IllegalArgumentException.class, () -> kernels().programGate(step, w, new float[4]));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().pulseTrainUpdate(gate, w, new float[2], new float[2], 10, 0.1f));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> kernels().pulseTrainUpdate(step, w, new float[2], new float[2], 65, 0.1f));
        }
    }
}
