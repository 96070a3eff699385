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

/**
 * Batched forward and transposed VMMs on the shapes users meet: the full 128 x 64 array at batch 1, 64 and 1024, and
 * the paper CNN's blocks (36 x 15 and 120 x 8 with 6,400 patches per mini-batch of 100, 120 x 8 with one image's 64
 * patches, 86 x 30 at 100). The shape parameter is rows x cols x batch; {@code ideal} has no read noise (DAC and ADC
 * only), {@code nmi2019} is the paper chip (1 uS absolute read noise: one Gaussian per output). One op = one call = 2
 * rows cols batch flops. The 8-column conv2 block takes the SIMD kernels' lanes-over-batch path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class VmmBenchmark {
    @Param({"scalar", "simd"})
    public String impl;

    @Param({"128x64x1", "128x64x64", "128x64x1024", "36x15x6400", "120x8x6400", "120x8x64", "86x30x100"})
    public String shape;

    @Param({"ideal", "nmi2019"})
    public String chip;

    private CrossbarKernels kernels;
    private Chip device;
    private Window window;
    private int batch;
    private float[] forwardIn;
    private float[] forwardOut;

    @Setup(Level.Trial)
    public void setUp() {
        final String[] dims = shape.split("x");
        window = new Window(0, 0, Integer.parseInt(dims[0]), Integer.parseInt(dims[1]));
        batch = Integer.parseInt(dims[2]);
        kernels = KernelState.kernels(impl);
        device = KernelState.chip(ChipSpec.preset(chip), 20, 1);
        forwardIn = KernelState.uniform(batch * window.rows(), 0.2, 2);
        forwardOut = new float[batch * window.cols()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public float[] vmm() {
        kernels.vmm(device, window, forwardIn, forwardOut, batch);
        return forwardOut;
    }
}
