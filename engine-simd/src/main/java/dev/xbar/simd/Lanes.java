package dev.xbar.simd;

import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, as {@code static final} constants (a species read from anything else stops
 * C2 from intrinsifying and costs 13x, STYLE B4). Kept apart from {@link SimdKernelProvider} so that no Vector API
 * class is touched unless the module is present (Lucene's {@code PanamaVectorConstants}).
 */
final class Lanes {
    /** Floats at the preferred width: 16 lanes on AVX-512. Conductance rows, activations, outputs. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Ints with the shape of {@link #F}: the bits of a float vector. */
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    /** Longs at the preferred width: 8 lanes on AVX-512. Random-stream counters. */
    static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;

    /** Floats with as many lanes as {@link #L}: one float per 64-bit random draw (256 bits on AVX-512). */
    static final VectorSpecies<Float> FL = VectorSpecies.of(float.class, VectorShape.forBitSize(L.vectorBitSize() / 2));

    /** Ints with as many lanes as {@link #L}: pulse counts next to their random draws. */
    static final VectorSpecies<Integer> IL = VectorSpecies.of(int.class, VectorShape.forBitSize(L.vectorBitSize() / 2));

    /** Lanes of {@link #F}. */
    static final int N = F.length();

    /** Bytes of one {@link #F} vector. */
    static final long N_BYTES = (long) N * Float.BYTES;

    /** Chip planes are native-order float32. */
    static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private Lanes() {}

    /**
     * Name of the vector width, for logs and benchmark labels.
     *
     * @return e.g. "panama-512"
     */
    static String describe() {
        return "panama-" + F.vectorBitSize();
    }
}
