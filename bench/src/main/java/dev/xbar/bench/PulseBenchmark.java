package dev.xbar.bench;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.FaultModel;
import dev.xbar.core.chip.Peripherals;
import dev.xbar.core.chip.Variability;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.SoftBounds;
import dev.xbar.core.device.StepParameters;
import dev.xbar.core.kernel.CrossbarKernels;
import java.util.SplittableRandom;
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
 * Pulse updates of a window (the whole chip by default) of a 128 x 64 array of aihwkit soft-bounds devices (defaults: 0.1 uS steps, 30% cycle-to-cycle
 * noise, 10% device-to-device step spread): signed pulse counts in [-2, 2], and one stochastic pulse-train update
 * (bl = 31, Gaussian x and d, lr = 0.5 uS per unit of x d). Five warmup iterations: the first calls run the
 * Vector API interpreted, hundreds of times slower, and C2 needs about three seconds to take over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class PulseBenchmark {
    @Param({"scalar", "simd"})
    public String impl;

    /**
     * The window, rows x columns from the chip's corner: the whole chip, or one of the paper CNN's blocks ({@code -p
     * window=36x15,120x8,86x30}), whose narrow rows are what training updates.
     */
    @Param({"128x64"})
    public String window;

    private CrossbarKernels kernels;
    private Chip device;
    private Window block;
    private int[] counts;
    private float[] x;
    private float[] d;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = KernelState.kernels(impl);
        final ChipSpec spec = new ChipSpec(
                128,
                64,
                new SoftBounds(StepParameters.defaults()),
                new Variability(0, 0, 0, 0.1, 0, 0, 0, 0, 0, 1),
                FaultModel.none(),
                Peripherals.dpe2018());
        device = KernelState.chip(spec, 120, 6);
        final String[] shape = window.split("x");
        this.block = new Window(0, 0, Integer.parseInt(shape[0]), Integer.parseInt(shape[1]));
        final SplittableRandom random = new SplittableRandom(7);
        counts = new int[block.size()];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = random.nextInt(-2, 3);
        }
        x = new float[block.rows()];
        d = new float[block.cols()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int j = 0; j < d.length; j++) {
            d[j] = (float) random.nextGaussian();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public Chip applyPulses() {
        kernels.applyPulses(device, block, counts);
        return device;
    }

    @Benchmark
    public Chip pulseTrainUpdate() {
        kernels.pulseTrainUpdate(device, block, x, d, 31, 0.5f);
        return device;
    }
}
