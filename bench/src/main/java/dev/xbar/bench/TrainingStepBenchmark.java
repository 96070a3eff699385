package dev.xbar.bench;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.models.train.SyntheticStep;
import dev.xbar.models.train.TrainConfig;
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
 * The whole training step of the paper CNN, steady state: one mini-batch of 100 8x8 images, forward, loss, backward
 * and weight update ({@code trainStep}: in situ on an {@code nmi2019} chip that includes the VMMs with noise and ADC,
 * the programming pulses and the read-back), and the test pass alone ({@code testPass}: the forward products of 100
 * images), each with the scalar reference and the SIMD kernels, on 1 and 2 threads (the trainer's own threads: the
 * whole step's parallelism as {@code ./xbar train --threads} uses it).
 *
 * <p>Flops per sample, counting a multiply-add as 2 (the 1015 weights: conv1 64 positions x 9 inputs x 15 outputs,
 * conv2 64 x 60 x 4, dense 64 x 10): forward 24,640 multiply-adds, weight gradients 24,640, input gradients 16,000
 * (conv2 and dense; conv1 sends none back), so {@value #TRAIN_FLOPS_PER_SAMPLE} per training sample and {@value
 * #TEST_FLOPS_PER_SAMPLE} per test sample. Noise draws, the ADC and device programming add work that no flop count
 * shows. The images are random ({@link SyntheticStep}, a fixed seed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class TrainingStepBenchmark {
    /** Samples per step: the paper CNN's mini-batch. */
    public static final int BATCH = 100;

    /** Flops of one training sample (see the class comment). */
    public static final long TRAIN_FLOPS_PER_SAMPLE = 2L * (24_640 + 24_640 + 16_000);

    /** Flops of one test sample (the forward products). */
    public static final long TEST_FLOPS_PER_SAMPLE = 2L * 24_640;

    /** Kernels: forced with {@code -Dxbar.kernels} before anything selects them (each parameter set has its fork). */
    @Param({"scalar", "simd"})
    public String impl;

    /** In situ on a chip, or software. */
    @Param({"insitu", "software"})
    public String mode;

    /** The trainer's threads. */
    @Param({"1", "2"})
    public int threads;

    private SyntheticStep step;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("xbar.kernels", impl);
        final TrainConfig config =
                TrainConfig.paper("cnn", ChipSpec.preset("nmi2019"), 1).withSoftware("software".equals(mode));
        // the test pass as a yield study runs it, its convolutions' patches read in place (the steady state)
        step = SyntheticStep.of(config, threads, 12).readInPlace();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
    }

    /**
     * One training step on 100 samples; the weights keep moving from step to step as in a real run.
     *
     * @return the batch's loss
     */
    @Benchmark
    public double trainStep() {
        return step.train();
    }

    /**
     * The forward pass of 100 test samples.
     *
     * @return the logits
     */
    @Benchmark
    public float[] testPass() {
        return step.test();
    }

    /**
     * The flops of one call of a method of this benchmark, for the report.
     *
     * @param method "trainStep" or "testPass"
     * @return flops per call
     */
    public static double flopsPerCall(final String method) {
        return BATCH * (double) ("trainStep".equals(method) ? TRAIN_FLOPS_PER_SAMPLE : TEST_FLOPS_PER_SAMPLE);
    }
}
