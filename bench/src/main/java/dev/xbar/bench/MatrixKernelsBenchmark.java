package dev.xbar.bench;

import dev.xbar.core.kernel.MatrixKernels;
import dev.xbar.core.kernel.Patches;
import dev.xbar.core.kernel.RunTable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The software products of one CNN mini-batch (batch 100) per layer, scalar reference against Vector API kernels, run
 * over the same 128-row slices as models' Gemm on one thread. Shapes (rows x inputs x outputs): conv1 6400 x 9 x 15,
 * conv2 6400 x 60 x 4, dense 100 x 64 x 10. A quarter of the activations are zero, as after a ReLU. Also the
 * im2col and col2im between the layer's input images (8 x 8 x 1, 8 x 8 x 15, 1 x 1 x 64) and its patch rows, and the host
 * side of an analog layer's forward pass over the same inputs: scaling each input vector to the read voltage, and its
 * outputs back to weights, and the sum of its copies' currents; and the
 * software layers around it, over the layer's outputs: the ReLU's gradient, and 2 x 2 max-pooling of each sample's
 * 8 x 8 output image (the CNN pools conv2's; dense's 100 x 10 outputs pool as one 8 x 8 x 10 image).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class MatrixKernelsBenchmark {
    private static final int SLICE = 128;

    @Param({"scalar", "simd"})
    public String impl;

    @Param({"conv1", "conv2", "dense"})
    public String layer;

    private MatrixKernels k;
    private int rows;
    private int inputs;
    private int outputs;
    private float[] x;
    private float[] w;
    private float[] y;
    private float[] dx;
    private float[] partials;
    private float[] scales;
    private float[] ones;
    private float[] copies;
    private float[] dy;
    private float[] dOutputs;
    private float[] pooled;
    private int[] winners;
    private RunTable windows;
    private int images;
    private RunTable coveringRows;
    private RunTable coveringElements;
    private RunTable sources;
    private RunTable coveringOffsets;
    private Patches geometry;
    private float[] image;
    private float[] dIn;

    @Setup
    public void setUp() {
        k = MatrixKernels.named(impl);
        switch (layer) {
            case "conv1" -> {
                shape(6400, 9, 15);
                image(8, 1, 3, 1);
            }
            case "conv2" -> {
                shape(6400, 60, 4);
                image(8, 15, 2, 0);
            }
            case "dense" -> {
                shape(100, 64, 10);
                image(1, 64, 1, 0);
            }
            default -> throw new IllegalArgumentException("layer " + layer + " is not conv1, conv2 or dense");
        }
        final SplittableRandom rng = new SplittableRandom(1);
        x = random(rng, rows * inputs);
        w = random(rng, inputs * outputs);
        y = random(rng, rows * outputs);
        dx = new float[rows * inputs];
        partials = new float[(rows + SLICE - 1) / SLICE * inputs * outputs];
        scales = new float[rows];
        ones = new float[rows];
        copies = new float[rows * 2 * outputs];
        Arrays.fill(ones, 1.0f);
        dy = random(rng, rows * outputs);
        dOutputs = new float[rows * outputs];
        images = Math.max(1, rows / 64);
        pooled = new float[images * 16 * outputs];
        winners = new int[pooled.length];
        final int[] at = new int[16 * 4];
        for (int p = 0; p < 16; p++) {
            for (int d = 0; d < 4; d++) {
                at[p * 4 + d] = ((p / 4 * 2 + d / 2) * 8 + p % 4 * 2 + d % 2) * outputs;
            }
        }
        windows = RunTable.of(at);
        dIn = new float[rows * geometry.channels()];
        image = random(rng, rows * geometry.channels());
    }

    private void shape(final int r, final int in, final int out) {
        rows = r;
        inputs = in;
        outputs = out;
    }

    /**
     * The layer's input image (side x side x c) and its stride-1 'same' kernel (k x k, pad before, the rest after), as
     * the col2im tables of {@link MatrixKernels#sumProductRuns}.
     */
    private void image(final int side, final int c, final int k, final int pad) {
        geometry = new Patches(side, side, c, k, k, pad, k - 1 - pad, pad, k - 1 - pad);
        coveringRows = geometry.coveringRows();
        coveringElements = geometry.coveringElements();
        sources = geometry.sources();
        coveringOffsets = geometry.coveringOffsets();
    }

    /** Kernel positions per patch. */
    private int kernel() {
        return geometry.kernelHeight() * geometry.kernelWidth();
    }

    private static float[] random(final SplittableRandom rng, final int n) {
        final float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(4) == 0 ? 0.0f : (float) rng.nextGaussian();
        }
        return a;
    }

    /** Forward y = x W (the software network's; on a chip the forward pass is analog). */
    @Benchmark
    public float[] multiply() {
        for (int from = 0; from < rows; from += SLICE) {
            k.multiply(x, inputs, w, outputs, y, from, Math.min(rows, from + SLICE));
        }
        return y;
    }

    /** Backward dx = dy W^T (dy is y here). */
    @Benchmark
    public float[] multiplyTransposed() {
        for (int from = 0; from < rows; from += SLICE) {
            k.multiplyTransposed(y, outputs, w, inputs, dx, from, Math.min(rows, from + SLICE));
        }
        return dx;
    }

    /**
     * Backward into the layer's input image: the col2im of dx = dy W^T without dx written out (y as dy), ten samples
     * per call as a network's ranges take them. The paper CNN runs it for conv2 only (conv1's input needs no gradient).
     */
    @Benchmark
    public float[] sumProductRuns() {
        final int pixels = geometry.height() * geometry.width();
        final int samples = rows / pixels;
        for (int from = 0; from < samples; from += 10) {
            k.sumProductRuns(
                    y,
                    outputs,
                    w,
                    inputs,
                    coveringRows,
                    coveringElements,
                    kernel(),
                    pixels,
                    pixels,
                    dIn,
                    geometry.channels(),
                    from,
                    Math.min(samples, from + 10));
        }
        return dIn;
    }

    /**
     * The im2col of the layer's input images into its patch rows (dx as the patch matrix), one call per sample as a
     * layer's gather makes them: each patch's pixels copied as runs of their channels, zeros in the padding.
     */
    @Benchmark
    public float[] copyRuns() {
        final int per = geometry.perSample();
        final int runs = per * kernel();
        for (int b = 0; b < rows / per; b++) {
            k.copyRuns(image, b * geometry.sampleSize(), sources, 0, runs, dx, b * per * inputs, geometry.channels());
        }
        return dx;
    }

    /**
     * The col2im of patch gradients (x as dx) into the layer's input images, one call per image row as a layer's
     * scatter makes them: each pixel the sum of the patch elements that cover it. The paper CNN's conv2 fuses it with
     * the product before it ({@link #sumProductRuns}); the ConvLSTM's convolutions run it.
     */
    @Benchmark
    public float[] sumRuns() {
        final int per = geometry.perSample();
        final int height = geometry.height();
        final int width = geometry.width();
        final int kernel = kernel();
        for (int row = 0; row < rows / per * height; row++) {
            k.sumRuns(
                    x,
                    row / height * per * inputs,
                    coveringOffsets,
                    row % height * width * kernel,
                    kernel,
                    dIn,
                    row * width * geometry.channels(),
                    geometry.channels(),
                    width);
        }
        return dIn;
    }

    /** Backward grad = x^T dy, one partial per slice. */
    @Benchmark
    public float[] weightGradient() {
        for (int from = 0, s = 0; from < rows; from += SLICE, s++) {
            k.weightGradient(x, inputs, y, outputs, from, Math.min(rows, from + SLICE), partials, s * inputs * outputs);
        }
        return partials;
    }

    /** Per-row scale to the read voltage (an analog layer's input vectors). */
    @Benchmark
    public float[] scaleRows() {
        for (int from = 0; from < rows; from += SLICE) {
            k.scaleRows(x, inputs, 0.2f, scales, from, Math.min(rows, from + SLICE));
        }
        return scales;
    }

    /**
     * The outputs of an analog product turned back into weights: each row times gain / (scale x unit). The factors
     * here are 1 (so that repeated calls keep y as it is), which the kernels cannot know.
     */
    @Benchmark
    public float[] unscaleRows() {
        for (int from = 0; from < rows; from += SLICE) {
            k.unscaleRows(y, outputs, ones, 1.0f, 1.0f, from, Math.min(rows, from + SLICE));
        }
        return y;
    }

    /**
     * Two copies' column currents summed onto the layer's outputs, as an analog layer's horizontal copies are (the
     * paper CNN's conv2: 8 currents onto 4 outputs); the copies here are y's own width each.
     */
    @Benchmark
    public float[] addColumns() {
        for (int from = 0; from < rows; from += SLICE) {
            final int to = Math.min(rows, from + SLICE);
            k.addColumns(copies, 2 * outputs, 0, y, outputs, 0, outputs, from, to);
            k.addColumns(copies, 2 * outputs, outputs, y, outputs, 0, outputs, from, to);
        }
        return y;
    }

    /** The gradient through a ReLU of the layer's outputs (y as its inputs). */
    @Benchmark
    public float[] reluGradient() {
        for (int from = 0; from < rows; from += SLICE) {
            k.reluGradient(y, dy, dOutputs, from * outputs, Math.min(rows, from + SLICE) * outputs);
        }
        return dOutputs;
    }

    /** 2 x 2 max-pooling of each sample's 8 x 8 image of the layer's outputs, with the winners. */
    @Benchmark
    public float[] maxRuns() {
        for (int b = 0; b < images; b++) {
            k.maxRuns(y, b * 64 * outputs, windows, 0, 4, pooled, winners, b * 16 * outputs, outputs, 16);
        }
        return pooled;
    }
}
