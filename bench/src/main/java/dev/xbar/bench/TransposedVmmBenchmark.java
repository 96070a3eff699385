package dev.xbar.bench;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.CrossbarKernels;
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

/** The transposed VMM (inputs on the columns, as in backpropagation) on the paper chip; shape is rows x cols x batch. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class TransposedVmmBenchmark {
    @Param({"scalar", "simd"})
    public String impl;

    @Param({"128x64x1", "128x64x64"})
    public String shape;

    private CrossbarKernels kernels;
    private Chip device;
    private Window window;
    private int batch;
    private float[] in;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        final String[] dims = shape.split("x");
        window = new Window(0, 0, Integer.parseInt(dims[0]), Integer.parseInt(dims[1]));
        batch = Integer.parseInt(dims[2]);
        kernels = KernelState.kernels(impl);
        device = KernelState.chip(ChipSpec.preset("nmi2019"), 20, 1);
        in = KernelState.uniform(batch * window.cols(), 0.2, 3);
        out = new float[batch * window.rows()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public float[] vmmTransposed() {
        kernels.vmmTransposed(device, window, in, out, batch);
        return out;
    }
}
