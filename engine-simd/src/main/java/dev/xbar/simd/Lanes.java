package dev.xbar.simd;

import java.nio.ByteOrder;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, as {@code static final} constants (a species read from anything else stops
 * C2 from intrinsifying and costs 13x, STYLE B4). Kept apart from {@link SimdKernelProvider} so that no Vector API
 * class is touched unless the module is present (Lucene's {@code PanamaVectorConstants}).
 *
 * <p>The width is the preferred one, or a narrower one that {@code -Dxbar.vectorBits} asks for, read once when this
 * class initialises: the build runs the engine-simd tests again at 256 and 128 bits, so lane-count-dependent code
 * (tails, lane sums, batch-row lanes) is exercised at the widths other machines have.
 */
final class Lanes {
    /** The shape of {@link #F}, {@link #I} and {@link #L}: the preferred one, narrowed by -Dxbar.vectorBits. */
    private static final VectorShape SHAPE = VectorShape.forBitSize(
            Math.min(VectorShape.preferredShape().vectorBitSize(), SimdKernelProvider.requestedVectorBits()));

    /** Floats at the shape in use: 16 lanes on AVX-512. Conductance rows, activations, outputs. */
    static final VectorSpecies<Float> F = VectorSpecies.of(float.class, SHAPE);

    /** Ints with the shape of {@link #F}: the bits of a float vector. */
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, SHAPE);

    /** Longs at the shape in use: 8 lanes on AVX-512. Random-stream counters. */
    static final VectorSpecies<Long> L = VectorSpecies.of(long.class, SHAPE);

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
     * Name of the vector width in use (after -Dxbar.vectorBits), for logs and benchmark labels.
     *
     * @return e.g. "panama-512"
     */
    static String describe() {
        return "panama-" + F.vectorBitSize();
    }
}
