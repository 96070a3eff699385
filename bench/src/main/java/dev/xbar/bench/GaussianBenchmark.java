package dev.xbar.bench;

import dev.xbar.core.random.RandomStreams;
import dev.xbar.simd.VectorRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Counter-based Gaussian draws, 4096 per call (one op = one draw): the scalar {@code RandomStreams.gaussian} loop
 * against {@code VectorRandom.gaussians}, which gives the same numbers bit for bit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class GaussianBenchmark {
    private static final int DRAWS = 4096;

    @Param({"scalar", "simd"})
    public String impl;

    private final float[] out = new float[DRAWS];
    private long first;

    @Benchmark
    @OperationsPerInvocation(DRAWS)
    public float[] gaussians() {
        final long key = 0x5DEECE66DL;
        if (impl.equals("simd")) {
            VectorRandom.gaussians(key, first, 1, out, 0, DRAWS);
        } else {
            for (int t = 0; t < DRAWS; t++) {
                out[t] = RandomStreams.gaussian(key, first + t);
            }
        }
        first += DRAWS;
        return out;
    }
}
