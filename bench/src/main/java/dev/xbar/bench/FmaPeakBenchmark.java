package dev.xbar.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's attainable single-thread FMA rate, measured in the same run as the kernels so that
 * "percent of peak" compares like with like (same JVM, same frequency, same noisy neighbours).
 * Twelve independent accumulators in registers hide the FMA latency on two FMA ports; nothing is
 * loaded from memory inside the loop. The secondary metric {@code flops} (flops per second; one
 * lane FMA = 2 flops) is what reports quote as the peak; it counts the lanes of whatever vector
 * width this machine prefers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class FmaPeakBenchmark {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int ITERATIONS = 4096;
    private static final int CHAINS = 12;

    private static final long FLOPS_PER_CALL = 2L * ITERATIONS * CHAINS * F.length();

    /** JMH reports {@code flops} as a rate next to the call rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    private final float[] seed = new float[F.length() * CHAINS];
    private float a = 0.999f;
    private float b = 1e-3f;

    @Benchmark
    public float peak(Flops counter) {
        counter.flops += FLOPS_PER_CALL;
        FloatVector va = FloatVector.broadcast(F, a);
        FloatVector vb = FloatVector.broadcast(F, b);
        int l = F.length();
        FloatVector c0 = FloatVector.fromArray(F, seed, 0);
        FloatVector c1 = FloatVector.fromArray(F, seed, l);
        FloatVector c2 = FloatVector.fromArray(F, seed, 2 * l);
        FloatVector c3 = FloatVector.fromArray(F, seed, 3 * l);
        FloatVector c4 = FloatVector.fromArray(F, seed, 4 * l);
        FloatVector c5 = FloatVector.fromArray(F, seed, 5 * l);
        FloatVector c6 = FloatVector.fromArray(F, seed, 6 * l);
        FloatVector c7 = FloatVector.fromArray(F, seed, 7 * l);
        FloatVector c8 = FloatVector.fromArray(F, seed, 8 * l);
        FloatVector c9 = FloatVector.fromArray(F, seed, 9 * l);
        FloatVector c10 = FloatVector.fromArray(F, seed, 10 * l);
        FloatVector c11 = FloatVector.fromArray(F, seed, 11 * l);
        for (int i = 0; i < ITERATIONS; i++) {
            c0 = c0.fma(va, vb);
            c1 = c1.fma(va, vb);
            c2 = c2.fma(va, vb);
            c3 = c3.fma(va, vb);
            c4 = c4.fma(va, vb);
            c5 = c5.fma(va, vb);
            c6 = c6.fma(va, vb);
            c7 = c7.fma(va, vb);
            c8 = c8.fma(va, vb);
            c9 = c9.fma(va, vb);
            c10 = c10.fma(va, vb);
            c11 = c11.fma(va, vb);
        }
        return c0.add(c1)
                .add(c2.add(c3))
                .add(c4.add(c5).add(c6.add(c7)))
                .add(c8.add(c9).add(c10.add(c11)))
                .reduceLanes(VectorOperators.ADD);
    }
}
