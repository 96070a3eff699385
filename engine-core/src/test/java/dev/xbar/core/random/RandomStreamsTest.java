package dev.xbar.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.testing.Stats;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {
    private static final int N = 200_000;

    @Test
    void bitsAreTheSplitMix64Sequence() {
        // SplittableRandom(seed).nextLong() is mix64(seed + gamma * (i + 1)) with the same finalizer constants
        final long seed = 12345;
        final SplittableRandom reference = new SplittableRandom(seed);
        for (int i = 1; i <= 100; i++) {
            assertEquals(reference.nextLong(), RandomStreams.bits(seed, i));
        }
    }

    @Test
    void keysDifferInEveryInput() {
        final Set<Long> keys = new HashSet<>();
        for (long seed = 0; seed < 4; seed++) {
            for (long chip = 0; chip < 4; chip++) {
                for (final Purpose purpose : Purpose.values()) {
                    for (long event = 0; event < 4; event++) {
                        keys.add(RandomStreams.key(seed, chip, purpose, event));
                    }
                }
            }
        }
        assertEquals(4 * 4 * Purpose.values().length * 4, keys.size());
        assertNotEquals(RandomStreams.key(1, 2, Purpose.READ_NOISE, 3), RandomStreams.key(1, 3, Purpose.READ_NOISE, 2));
    }

    @Test
    void uniformsAreUniformOnTheUnitInterval() {
        final long key = RandomStreams.key(1, 0, Purpose.FAULTS, 0);
        final int[] bins = new int[10];
        for (int i = 0; i < N; i++) {
            final float u = RandomStreams.uniform(key, i);
            assertTrue(u >= 0 && u < 1);
            bins[(int) (u * 10)]++;
        }
        // chi-square with 9 degrees of freedom; 27.9 is the 0.001 critical value
        double chi2 = 0;
        for (final int b : bins) {
            chi2 += Math.pow(b - N / 10.0, 2) / (N / 10.0);
        }
        assertTrue(chi2 < 27.9, "chi2 = " + chi2);
    }

    @Test
    void gaussiansHaveStandardNormalMomentsAndPassKolmogorovSmirnov() {
        final long key = RandomStreams.key(7, 3, Purpose.WRITE_NOISE, 5);
        final float[] x = new float[N];
        double m3 = 0;
        double m4 = 0;
        for (int i = 0; i < N; i++) {
            x[i] = RandomStreams.gaussian(key, i);
            m3 += Math.pow(x[i], 3);
            m4 += Math.pow(x[i], 4);
        }
        final double se = 1 / Math.sqrt(N);
        assertEquals(0, Stats.mean(x), 4 * se, "mean");
        assertEquals(1, Stats.std(x), 4 * se, "standard deviation"); // se of s is about 1/sqrt(2N)
        assertEquals(0, m3 / N, 4 * Math.sqrt(15.0 / N), "skewness");
        assertEquals(3, m4 / N, 4 * Math.sqrt(96.0 / N), "kurtosis");
        final double d = Stats.ksNormal(x, 0, 1);
        assertTrue(d < Stats.ksCritical(N), "KS " + d);
    }

    @Test
    void neighbouringIndicesAreUncorrelated() {
        final long key = RandomStreams.key(7, 3, Purpose.READ_NOISE, 5);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += RandomStreams.gaussian(key, i) * RandomStreams.gaussian(key, i + 1);
        }
        assertEquals(0, sum / N, 4 / Math.sqrt(N));
    }
}
