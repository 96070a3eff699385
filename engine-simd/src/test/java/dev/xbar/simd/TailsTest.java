package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The partial last vector of a row, at every offset from the array's end: exactly its lanes, nothing else. */
class TailsTest {
    @BeforeAll
    static void needsTheVectorModule() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "needs the vector module");
    }

    @Test
    void storeWritesExactlyThePrefixAtEveryDistanceFromTheEnd() {
        // only FloatVector-typed calls: without the module the verifier must not need the Vector interface
        final float[] spill = new float[N];
        final float[] values = new float[N];
        for (int l = 0; l < N; l++) {
            values[l] = 100.0f + l;
        }
        for (int length = 1; length <= 3 * N; length++) {
            for (int at = 0; at < length; at++) {
                for (int n = 1; n <= Math.min(N, length - at); n++) {
                    final float[] a = new float[length];
                    java.util.Arrays.fill(a, -1.0f);
                    Tails.store(FloatVector.fromArray(F, values, 0), a, at, F.indexInRange(0, n), spill);
                    for (int k = 0; k < length; k++) {
                        final float expected = k >= at && k < at + n ? 100.0f + (k - at) : -1.0f;
                        assertEquals(expected, a[k], "length " + length + ", at " + at + ", n " + n + ", index " + k);
                    }
                }
            }
        }
    }

    @Test
    void loadReadsThePrefixAndZeroesTheRest() {
        final float[] spill = new float[N];
        for (int length = 1; length <= 3 * N; length++) {
            final float[] a = new float[length];
            for (int k = 0; k < length; k++) {
                a[k] = k + 1.0f;
            }
            for (int at = 0; at < length; at++) {
                for (int n = 1; n <= Math.min(N, length - at); n++) {
                    java.util.Arrays.fill(spill, 7.0f);
                    final float[] lanes = new float[N];
                    Tails.load(a, at, F.indexInRange(0, n), spill).intoArray(lanes, 0);
                    for (int l = 0; l < N; l++) {
                        assertEquals(
                                l < n ? a[at + l] : 0.0f, lanes[l], "length " + length + ", at " + at + ", lane " + l);
                    }
                }
            }
        }
    }
}
