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
 * Programming a full 128 x 64 paper chip (write noise, stuck devices): one two-pulse update with every device
 * changing (a third of them RESET first), the paper's initialisation (resetAll then setAll at 1.6 V), and reading
 * every conductance back through the ADC.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class ProgrammingBenchmark {
    @Param({"scalar", "simd"})
    public String impl;

    private CrossbarKernels kernels;
    private Chip device;
    private Window window;
    private float[] delta;
    private float[] read;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = KernelState.kernels(impl);
        device = KernelState.chip(ChipSpec.preset("nmi2019"), 100, 4);
        window = Window.of(device);
        delta = KernelState.uniform(window.size(), 0.3, 5);
        for (int k = 0; k < delta.length; k++) {
            delta[k] += 0.1f; // about a third negative
        }
        read = new float[window.size()];
        kernels.resetAll(device, window);
        kernels.setAll(device, window, 1.6f);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public Chip programGate() {
        kernels.programGate(device, window, delta);
        return device;
    }

    @Benchmark
    public Chip resetAllSetAll() {
        kernels.resetAll(device, window);
        kernels.setAll(device, window, 1.6f);
        return device;
    }

    @Benchmark
    public float[] readConductances() {
        kernels.readConductances(device, window, read);
        return read;
    }
}
