package dev.xbar.bench;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.MatrixKernels;
import dev.xbar.core.kernel.RowDrive;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The forward VMM as the layers run it ({@link CrossbarKernels#vmmDriven}): the window's rows driven from a layer's
 * activations, each input on n rows (a differential pair; twice for conv1's vertical copy), the product taken per
 * input. The shape is rows x cols x batch x n, its window as in {@link VmmBenchmark}, so a row here compares with the
 * same window there. One op = one call; it executes 2 rows cols batch / n flops, which the report credits it with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class DrivenVmmBenchmark {
    @Param({"scalar", "simd"})
    public String impl;

    @Param({"128x64x64x2", "128x64x1024x2", "36x15x6400x4", "120x8x6400x2", "86x30x100x2"})
    public String shape;

    @Param({"ideal", "nmi2019"})
    public String chip;

    private CrossbarKernels kernels;
    private Chip device;
    private Window window;
    private RowDrive drive;
    private int batch;
    private int inputs;
    private float[] x;
    private float[] scales;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        final String[] dims = shape.split("x");
        window = new Window(0, 0, Integer.parseInt(dims[0]), Integer.parseInt(dims[1]));
        batch = Integer.parseInt(dims[2]);
        inputs = window.rows() / Integer.parseInt(dims[3]);
        final int[] rowInput = new int[window.rows()];
        final int[] rowSign = new int[window.rows()];
        for (int i = 0; i < window.rows(); i++) {
            rowInput[i] = (i / 2) % inputs; // pair p on rows 2p (G+) and 2p + 1 (G-); copies repeat the inputs
            rowSign[i] = i % 2 == 0 ? 1 : -1;
        }
        drive = new RowDrive(rowInput, rowSign);
        kernels = KernelState.kernels(impl);
        device = KernelState.chip(ChipSpec.preset(chip), 20, 1);
        x = KernelState.uniform(batch * inputs, 1.0, 2);
        scales = new float[batch];
        MatrixKernels.named(impl).scaleRows(x, inputs, 0.2f, scales, 0, batch);
        out = new float[batch * window.cols()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public float[] vmmDriven() {
        kernels.vmmDriven(device, window, drive, x, inputs, scales, out, 0, batch, device.nextEvent());
        return out;
    }
}
