package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.DIV;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.MUL;
import static jdk.incubator.vector.VectorOperators.SQRT;
import static jdk.incubator.vector.VectorOperators.SUB;

import dev.xbar.core.kernel.ReadPath;
import dev.xbar.core.random.FloatMath;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The Vector API side of a call's {@link ReadPath} (which the front derives: keys, noise and converter constants):
 * bulk noise draws, the DAC lane-wise with a weighted sum of V^2, and the noise-plus-ADC epilogue over whole vectors of
 * currents. Terms whose standard deviation is zero are skipped with their draws, as the read path defines.
 *
 * <p>A mutable flyweight: each thread owns one (in its {@link Scratch}) and {@link #wrap}s it at the start of a
 * call, so a kernel call allocates nothing.
 */
final class ReadChain {
    private ReadPath path;
    // the path's constants copied into this flyweight: the kernels' loops read them as fields of the object they
    // already hold (measured: reading them through the path cost the noiseless driven VMM 40-55%)
    private float absolute2;
    private float relative2;
    private float outputSigma;
    private float dacStep;
    private float dacMax;
    private float adcStep;
    private float adcMin;
    private float adcMax;

    /** Points this chain at one call's read path. */
    ReadChain wrap(final ReadPath path) {
        this.path = path;
        absolute2 = path.absolute2();
        relative2 = path.relative2();
        outputSigma = path.outputSigma();
        dacStep = path.dacStep();
        dacMax = path.dacMax();
        adcStep = path.adcStep();
        adcMin = path.adcMin();
        adcMax = path.adcMax();
        return this;
    }

    /** Whether the read-noise term is drawn. */
    boolean readNoise() {
        return absolute2 != 0.0f || relative2 != 0.0f;
    }

    /** Whether the read noise depends on each device's conductance (then sum V^2 G^2 is accumulated per output). */
    boolean relative() {
        return relative2 != 0.0f;
    }

    /** Whether the output-noise term is drawn. */
    boolean outputNoise() {
        return outputSigma != 0.0f;
    }

    /** Draws the read and output noise of outputs [first, first + n) into g1 and g2 (those that are drawn). */
    void draw(final long first, final float[] g1, final float[] g2, final int n) {
        if (readNoise()) {
            VectorRandom.gaussians(path.readKey(), first, 1, g1, 0, n);
        }
        if (outputNoise()) {
            VectorRandom.gaussians(path.outputKey(), first, 1, g2, 0, n);
        }
    }

    /**
     * DAC-quantises n inputs from {@code volts[from..]}, each times scale, into {@code q[to..]} and zeroes q up to the
     * next multiple of the vector length, so that kernels may read whole vectors of q.
     *
     * @return their sum of squares, input i counted weights[i] times: fma(weight v, v, .) lane-wise, then the lanes
     *     added in a fixed pairwise order ({@link VectorMath#sumOfLanes}); equal to the scalar sum up to reassociation,
     *     so only the transposed VMM takes it: the forward VMM sums q in the reference's order itself ({@link
     *     ForwardVmm})
     */
    float dac(
            final float[] volts,
            final int from,
            final float scale,
            final float[] weights,
            final float[] q,
            final int to,
            final int n) {
        final FloatVector s = FloatVector.broadcast(F, scale);
        FloatVector sum = FloatVector.zero(F);
        // one loop, the last vector masked: a single call site of dac(FloatVector), as hot as this method. With a
        // separate tail loop, C2 (PrintInlining) judged one call site cold, would not inline the already compiled
        // dac(FloatVector) there ("already compiled into a medium method") and boxed every vector passing through it:
        // 154 KB allocated per training step of the paper CNN (-prof gc)
        for (int i = 0; i < n; i += N) {
            final VectorMask<Float> m = F.indexInRange(i, n);
            final FloatVector v =
                    dac(FloatVector.fromArray(F, volts, from + i, m).lanewise(MUL, s));
            v.intoArray(q, to + i);
            sum = v.lanewise(MUL, FloatVector.fromArray(F, weights, i)).lanewise(FMA, v, sum);
        }
        return VectorMath.sumOfLanes(sum);
    }

    /** The DAC's step, for kernels that write its operations out ({@link NarrowVmm}). */
    float dacStep() {
        return dacStep;
    }

    /** The DAC's largest code: inputs are clipped to +- this many steps. */
    float dacMax() {
        return dacMax;
    }

    /** The DAC lane-wise: the input voltage each lane's quantised code applies. */
    FloatVector dac(final FloatVector volts) {
        return VectorMath.quantize(volts, dacStep, -dacMax, dacMax);
    }

    /**
     * The length of a row of n quantised inputs in the scratch buffer: n rounded up to whole vectors.
     *
     * @param n inputs
     * @return the padded length
     */
    static int padded(final int n) {
        return (n + N - 1) / N * N;
    }

    /**
     * Read-back of rows x cols staged conductances G (from {@code s.inputs}, padded to whole vectors): {@code out[at +
     * k]} = ADC(G V + sigma g1 + so g2) / V, sigma = sqrt(fma(sa^2, V^2, sr^2 (G V)^2)), g1 and g2 the draws at k in
     * {@code s.noise1} and {@code s.noise2}. The currents G V are made in place, go through {@link #epilogue} (every
     * row's sum of V^2 is V^2, and the sums of (V G)^2 are the currents' squares), and are divided back into out: one
     * noise-and-ADC pass for forward products and read-back alike, and no vector crosses a call (C2 may leave such a
     * call uninlined and box every vector passing it: JMH, 121 KB per training step once, through helpers).
     */
    void readBack(final int rows, final int cols, final float vRead, final Scratch s, final float[] out, final int at) {
        final int n = rows * cols;
        final boolean relative = relative();
        final FloatVector volts = FloatVector.broadcast(F, vRead);
        final float[] currents = s.inputs;
        for (int k = 0; k < n; k += N) {
            final FloatVector current = FloatVector.fromArray(F, currents, k).lanewise(MUL, volts);
            current.intoArray(currents, k);
            if (relative) {
                current.lanewise(MUL, current).intoArray(s.squares, k);
            }
        }
        Arrays.fill(s.sumV2, 0, rows, vRead * vRead);
        epilogue(currents, 0, rows, cols, s.sumV2, relative ? s.squares : null, s.noise1, s.noise2, s.rowSums);
        for (int k = 0; k < n; k += N) {
            final FloatVector read = FloatVector.fromArray(F, currents, k).lanewise(DIV, volts);
            if (k <= n - N) {
                read.intoArray(out, at + k);
            } else {
                read.intoArray(out, at + k, F.indexInRange(k, n));
            }
        }
    }

    /**
     * Noise and ADC over nb rows of n raw currents {@code out[at + k]}, k = r * n + j, in place, flat over the k so
     * that narrow rows do not leave lanes idle. The noise draws and, when the read noise is relative, the sums of (V
     * G)^2 are laid out as k; each row's sum of V^2 is first spread over its outputs (into rowSums).
     *
     * @param out the outputs
     * @param at the first output
     * @param nb rows
     * @param n outputs per row
     * @param sumV2 sum of V^2 per row
     * @param squares sum of (V G)^2 per output, or null when the read noise is not relative; at least nb n rounded up
     *     to whole vectors
     * @param g1 read-noise draws, at least nb n rounded up to whole vectors
     * @param g2 output-noise draws, as long
     * @param rowSums scratch of at least nb n + N floats
     */
    void epilogue(
            final float[] out,
            final int at,
            final int nb,
            final int n,
            final float[] sumV2,
            final float[] squares,
            final float[] g1,
            final float[] g2,
            final float[] rowSums) {
        final boolean read = readNoise();
        if (read) {
            for (int r = 0; r < nb; r++) {
                // whole vectors from each row's start; the next row overwrites the overhang
                final FloatVector v = FloatVector.broadcast(F, sumV2[r]);
                for (int j = 0; j < n; j += N) {
                    v.intoArray(rowSums, r * n + j);
                }
            }
        }
        final boolean output = outputNoise();
        final FloatVector a2 = FloatVector.broadcast(F, absolute2);
        final FloatVector r2 = FloatVector.broadcast(F, relative2);
        final FloatVector so = FloatVector.broadcast(F, outputSigma);
        final FloatVector steps = FloatVector.broadcast(F, adcStep);
        final FloatVector lowest = FloatVector.broadcast(F, adcMin);
        final FloatVector highest = FloatVector.broadcast(F, adcMax);
        final FloatVector magic = FloatVector.broadcast(F, FloatMath.ROUNDING_MAGIC);
        final int total = nb * n;
        // the read noise's sigma, the noise and the ADC (VectorMath.quantize) written out in the reference's order:
        // through vector helpers, C2 now and then left a call where one was already compiled on its own, and boxed
        // every vector passing it (JMH: 0.9 MB per call of conv1's im2col VMM; once 317 KB per conv1 VMM in a shared
        // test JVM)
        for (int k = 0; k < total; k += N) {
            // only out is read and written with a mask, at its end: the scratch arrays are padded to whole vectors
            // (lanes past the total compute on whatever is there and are not stored), and each masked site is code
            // C2 compiles twice over (this loop's code was 18 KB with a masked twin for every load)
            final boolean whole = k <= total - N;
            FloatVector noisy = whole
                    ? FloatVector.fromArray(F, out, at + k)
                    : FloatVector.fromArray(F, out, at + k, F.indexInRange(k, total));
            if (read) {
                final FloatVector v2 = FloatVector.fromArray(F, rowSums, k);
                final FloatVector v2g2 = squares == null ? FloatVector.zero(F) : FloatVector.fromArray(F, squares, k);
                noisy = noisy.lanewise(
                        ADD,
                        a2.lanewise(FMA, v2, v2g2.lanewise(MUL, r2))
                                .lanewise(SQRT)
                                .lanewise(MUL, FloatVector.fromArray(F, g1, k)));
            }
            if (output) {
                noisy = noisy.lanewise(ADD, FloatVector.fromArray(F, g2, k).lanewise(MUL, so));
            }
            final FloatVector code = noisy.lanewise(DIV, steps);
            final FloatVector low = code.blend(lowest, code.compare(LT, lowest));
            final FloatVector result = low.blend(highest, low.compare(GT, highest))
                    .lanewise(ADD, magic)
                    .lanewise(SUB, magic)
                    .lanewise(MUL, steps);
            if (whole) {
                result.intoArray(out, at + k);
            } else {
                result.intoArray(out, at + k, F.indexInRange(k, total));
            }
        }
    }

    /** Noise and ADC on one current, for outputs produced one at a time (the transposed VMM). */
    float finish(final float current, final float sumV2, final float sumV2G2, final float g1, final float g2) {
        return path.finish(current, sumV2, sumV2G2, g1, g2);
    }
}
