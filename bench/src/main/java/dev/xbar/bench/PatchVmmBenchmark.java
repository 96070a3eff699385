package dev.xbar.bench;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.Patches;
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
 * The forward VMM of a convolution's im2col rows read in place ({@link CrossbarKernels#vmmPatches}): scaling, DAC,
 * product, noise and ADC of a batch of 100 images, the rows never written out. The layers are the paper CNN's: conv1
 * (8 x 8 x 1 images, 3 x 3 kernel, 'same' padding; its 36 x 15 window drives each input on 4 rows, a pair and its
 * vertical copy) and conv2 (8 x 8 x 15, 2 x 2, padding after; 120 x 8, a pair per input). The same windows' {@link
 * DrivenVmmBenchmark} rows (36x15x6400x4, 120x8x6400x2) take written-out rows and scales, which a layer had to make
 * first (im2col and the row scaling). One op = one call; it executes 2 rows cols batch / n flops, which the report
 * credits it with (the shape parameter names the window as there).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class PatchVmmBenchmark {
    @Param({"scalar", "simd"})
    public String impl;

    /** The layer's window as {@link DrivenVmmBenchmark} writes it (rows x cols x batch rows x rows per input). */
    @Param({"36x15x6400x4", "120x8x6400x2"})
    public String shape;

    @Param({"nmi2019"})
    public String chip;

    private static final int SAMPLES = 100;

    private CrossbarKernels kernels;
    private Chip device;
    private Window window;
    private RowDrive drive;
    private Patches patches;
    private float[] image;
    private float[] scales;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        final int copies;
        switch (shape) {
            case "36x15x6400x4" -> {
                patches = new Patches(8, 8, 1, 3, 3, 1, 1, 1, 1);
                window = new Window(0, 0, 36, 15);
                copies = 2;
            }
            case "120x8x6400x2" -> {
                patches = new Patches(8, 8, 15, 2, 2, 0, 1, 0, 1);
                window = new Window(0, 0, 120, 8);
                copies = 1;
            }
            default -> throw new IllegalArgumentException("shape " + shape + ": expected 36x15x6400x4 or 120x8x6400x2");
        }
        final int inputs = patches.inputs();
        final int[] rowInput = new int[window.rows()];
        final int[] rowSign = new int[window.rows()];
        for (int i = 0; i < window.rows(); i++) {
            rowInput[i] = (i / 2) % inputs; // pair p on rows 2p (G+) and 2p + 1 (G-); copies repeat the inputs
            rowSign[i] = i % 2 == 0 ? 1 : -1;
        }
        assert window.rows() == 2 * copies * inputs;
        drive = new RowDrive(rowInput, rowSign);
        kernels = KernelState.kernels(impl);
        device = KernelState.chip(ChipSpec.preset(chip), 20, 1);
        image = KernelState.uniform(SAMPLES * patches.sampleSize(), 1.0, 2);
        scales = new float[SAMPLES * patches.perSample()];
        out = new float[scales.length * window.cols()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public float[] vmmPatches() {
        kernels.vmmPatches(
                device, window, drive, patches, image, 0.2f, scales, out, 0, scales.length, device.nextEvent());
        return out;
    }
}
