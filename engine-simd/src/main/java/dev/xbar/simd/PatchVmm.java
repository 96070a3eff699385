package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static jdk.incubator.vector.VectorOperators.ABS;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.DIV;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.MIN;
import static jdk.incubator.vector.VectorOperators.MUL;
import static jdk.incubator.vector.VectorOperators.SUB;

import dev.xbar.core.kernel.InputScaling;
import dev.xbar.core.kernel.Patches;
import dev.xbar.core.random.FloatMath;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The driven VMM of im2col rows read where they lie in the image ({@link PanamaKernels#vmmPatches}), without writing
 * them out. Each sample is first copied into zero-padded channel planes (padded height x padded width each); output
 * pixel (oy, ox) then sits at flat position f = oy x paddedWidth + ox, and its patch element (dy, dx, c) at plane c,
 * position f + dy x paddedWidth + dx: for N consecutive flat positions, one whole-vector load per element, lanes over
 * output pixels. The positions ox from outWidth to paddedWidth - 1 are computed and dropped (a fifth of the lanes for
 * the paper CNN's 8 x 8 images). What it saves is writing the patches out and transposing them, which took {@link
 * ForwardVmm}'s narrow path most of its time on the paper CNN's small convolutions (im2col and the tile
 * transposition: 45% of an ex situ test pass, perf); it wins where im2col copies value by value (one channel: conv1
 * 229 against 196 us before im2col and scaling, JMH) and loses where it copies runs of channels (conv2: 410 against
 * 233 us), which is the models' choice to make. Four vectors of positions at a time fill the {@link
 * NarrowVmm} layout (block k, lane l: flat position f0 + k N + l), so its sums and current kernels run unchanged; the
 * results are scattered to the pixels' rows, and noise and ADC run over each sample's rows, consecutive.
 *
 * <p>Each lane computes its row exactly as the rows' own path would: the scale is volts / max|x| over the row's
 * elements (an exact maximum), the DAC's operations are {@code VectorMath.quantize}'s in its order, and the sums of
 * V^2 and the currents sum one fused multiply-add per input in ascending order. Rows of a sample that the range cuts
 * are written out and go through {@link ForwardVmm}, so any split of a batch gives the same bits.
 */
final class PatchVmm {
    /** Vectors of positions per pass: the {@link NarrowVmm} chunk's blocks. */
    private static final int BLOCKS = NarrowVmm.ROWS / N;

    private PatchVmm() {}

    /**
     * Runs batch rows [first, first + count): writes scales[b] and the outputs of each row b.
     *
     * @param g the effective conductances, {@code span} rows
     * @param stride bytes per row of g
     * @param input the first input the window reads (the drive's)
     * @param span inputs the window reads
     * @param cols window columns (outputs)
     * @param weights per input of the span, its weight in the sums of V^2, padded to whole vectors
     * @param patches the rows
     * @param image the samples
     * @param volts the voltage each row's largest input is scaled to
     * @param scales per batch row, written
     * @param out outputs [batch x cols]
     * @param first the first batch row
     * @param count batch rows
     * @param rc the call's read chain
     */
    static void run(
            final MemorySegment g,
            final long stride,
            final int input,
            final int span,
            final int cols,
            final float[] weights,
            final Patches patches,
            final float[] image,
            final float volts,
            final float[] scales,
            final float[] out,
            final int first,
            final int count,
            final ReadChain rc) {
        final int per = patches.perSample();
        final int end = first + count;
        final int wholeFrom = Math.min(end, (first + per - 1) / per * per);
        final int wholeTo = Math.max(wholeFrom, end / per * per);
        rows(g, stride, input, span, cols, weights, patches, image, volts, scales, out, first, wholeFrom, rc);
        if (wholeFrom < wholeTo) {
            final Scratch s = Scratch.forward(
                    ReadChain.padded(span) * NarrowVmm.STRIDE,
                    0,
                    Math.max(per * cols, cols * NarrowVmm.STRIDE) + N,
                    per);
            final Layout layout = s.patchLayouts.of(patches);
            for (int sample = wholeFrom / per; sample < wholeTo / per; sample++) {
                sample(
                        g, stride, input, span, cols, weights, patches, layout, image, volts, scales, out, sample, rc,
                        s);
                // noise and ADC here, not in sample: inlined into its large loop they overflowed C2's node budget,
                // and the vector calls left there boxed every vector (JMH, default flags: 1.1 MB per conv1 call)
                rc.draw((long) sample * per * cols, s.noise1, s.noise2, per * cols);
                rc.epilogue(out, sample * per * cols, per, cols, s.sumV2, null, s.noise1, s.noise2, s.rowSums);
            }
        }
        rows(g, stride, input, span, cols, weights, patches, image, volts, scales, out, wholeTo, end, rc);
    }

    /** Rows [from, to) written out and scaled, then through {@link ForwardVmm} as a driven VMM's rows. */
    private static void rows(
            final MemorySegment g,
            final long stride,
            final int input,
            final int span,
            final int cols,
            final float[] weights,
            final Patches patches,
            final float[] image,
            final float volts,
            final float[] scales,
            final float[] out,
            final int from,
            final int to,
            final ReadChain rc) {
        if (from >= to) {
            return;
        }
        final int inputs = patches.inputs();
        final Scratch s = Scratch.get(0, 0, 0, 0);
        final float[] x = s.patchRows((to - from) * inputs);
        for (int r = from; r < to; r++) {
            patches.row(image, r, x, (r - from) * inputs);
            scales[r] = InputScaling.scale(x, (r - from) * inputs, inputs, volts);
        }
        ForwardVmm.run(
                g,
                0,
                stride,
                span,
                cols,
                s.rows.wrap(x, inputs, input - from * inputs, scales, weights),
                out,
                from,
                to - from,
                rc);
    }

    /**
     * One sample's raw currents, scales and sums of V^2 (into s.sumV2 by the pixel's row in the sample): its padded
     * planes, then passes of up to BLOCKS vectors of flat positions.
     */
    private static void sample(
            final MemorySegment g,
            final long stride,
            final int input,
            final int span,
            final int cols,
            final float[] weights,
            final Patches patches,
            final Layout layout,
            final float[] image,
            final float volts,
            final float[] scales,
            final float[] out,
            final int sample,
            final ReadChain rc,
            final Scratch s) {
        final int per = patches.perSample();
        final float[] planes = layout.planes;
        layout.fill(image, sample);
        final int row0 = sample * per;
        for (int f = 0; f < layout.positions; f += BLOCKS * N) {
            final int width = Math.min(BLOCKS * N, layout.positions - f);
            quantise(
                    layout.offsets, patches.inputs(), input, span, planes, f, width, volts, rc, s.laneScales, s.inputs);
            NarrowVmm.sumsOfSquares(s.inputs, span, width, weights, s.laneSums);
            NarrowVmm.currents(g, 0, stride, span, cols, s.inputs, width, false, s.currents, null);
            final int[] pixel = layout.pixels;
            for (int l = 0; l < width; l++) {
                final int local = pixel[f + l];
                if (local >= 0) {
                    scales[row0 + local] = s.laneScales[l];
                    s.sumV2[local] = s.laneSums[l];
                    for (int j = 0; j < cols; j++) {
                        out[(row0 + local) * cols + j] = s.currents[j * NarrowVmm.STRIDE + l];
                    }
                }
            }
        }
    }

    /**
     * For each lane of flat positions [f, f + width): its scale s = volts / max|x| over all the row's elements (1 for
     * a row of zeros) into laneScales, and q[u STRIDE + k] = DAC(s x) of element input + u. The maximum is exact in
     * any order, so it runs as two chains (a vector max goes through Math.max's NaN and signed-zero handling, several
     * cycles a step; on the magnitudes' bits as integers C2 left the integer operations calls under the launcher's
     * flags, boxed: 100 KB per call of 640 conv1 rows); a lane that met a NaN takes the reference's loop, which keeps
     * the first NaN as it is. The DAC is written out, as in {@link NarrowVmm}'s
     * transposition and for its reason (a vector helper not inlined boxes every vector). One method, too large for
     * C2 to inline into {@link #sample}: inlined there with the sums and current kernels, it overflowed C2's node
     * budget, the Vector API calls stayed calls and boxed (JMH: 0.7-0.9 MB per conv1 call in some forks).
     */
    private static void quantise(
            final int[] offsets,
            final int inputs,
            final int input,
            final int span,
            final float[] planes,
            final int f,
            final int width,
            final float volts,
            final ReadChain rc,
            final float[] laneScales,
            final float[] q) {
        final FloatVector v = FloatVector.broadcast(F, volts);
        final FloatVector one = FloatVector.broadcast(F, 1.0f);
        final FloatVector steps = FloatVector.broadcast(F, rc.dacStep());
        final FloatVector lowest = FloatVector.broadcast(F, -rc.dacMax());
        final FloatVector highest = FloatVector.broadcast(F, rc.dacMax());
        final FloatVector magic = FloatVector.broadcast(F, FloatMath.ROUNDING_MAGIC);
        for (int k = 0; k < width; k += N) {
            FloatVector max0 = FloatVector.zero(F);
            FloatVector max1 = FloatVector.zero(F);
            int i = 0;
            for (; i + 1 < inputs; i += 2) {
                max0 = max0.lanewise(
                        MAX,
                        FloatVector.fromArray(F, planes, offsets[i] + f + k).lanewise(ABS));
                max1 = max1.lanewise(
                        MAX,
                        FloatVector.fromArray(F, planes, offsets[i + 1] + f + k).lanewise(ABS));
            }
            if (i < inputs) {
                max0 = max0.lanewise(
                        MAX,
                        FloatVector.fromArray(F, planes, offsets[i] + f + k).lanewise(ABS));
            }
            final FloatVector m = max0.lanewise(MAX, max1);
            v.lanewise(DIV, m).blend(one, m.compare(VectorOperators.EQ, 0.0f)).intoArray(laneScales, k);
            if (m.compare(VectorOperators.NE, m).anyTrue()) { // a NaN lane (a float compare: test(IS_NAN) was boxed)
                for (int l = k; l < k + N; l++) {
                    float first = 0.0f;
                    for (int e = 0; e < inputs; e++) {
                        first = Math.max(first, Math.abs(planes[offsets[e] + f + l]));
                    }
                    laneScales[l] = first == 0.0f ? 1.0f : volts / first;
                }
            }
            final FloatVector scale = FloatVector.fromArray(F, laneScales, k);
            for (int u = 0; u < span; u++) {
                FloatVector.fromArray(F, planes, offsets[input + u] + f + k)
                        .lanewise(MUL, scale)
                        .lanewise(DIV, steps)
                        .lanewise(MAX, lowest)
                        .lanewise(MIN, highest)
                        .lanewise(ADD, magic)
                        .lanewise(SUB, magic)
                        .lanewise(MUL, steps)
                        .intoArray(q, u * NarrowVmm.STRIDE + k);
            }
        }
    }

    /**
     * A geometry's padded planes and tables: where each patch element lies relative to its flat position, where each
     * image value goes in the planes, and which row each flat position is. Built once per geometry and thread
     * ({@link Layouts}), so that a network's convolutions, which alternate, keep theirs; the planes' padding is zero
     * from the start and never written.
     */
    static final class Layout {
        final Patches patches;

        /** Flat positions per sample, rounded up to whole vectors. */
        final int positions;

        /** Per patch element (dy, dx, c): c plane + dy paddedWidth + dx. */
        final int[] offsets;

        /** Per value of a sample (HWC), its place in the padded planes. */
        private final int[] destinations;

        /** Per flat position: its pixel's row within the sample, or -1 for a dropped lane. */
        final int[] pixels;

        /** Every padded plane, and slack for the dropped lanes' loads past the last. */
        final float[] planes;

        Layout(final Patches patches) {
            this.patches = patches;
            final int paddedWidth = patches.width() + patches.padLeft() + patches.padRight();
            final int plane = (patches.height() + patches.padTop() + patches.padBottom()) * paddedWidth;
            positions = ReadChain.padded(patches.outHeight() * paddedWidth);
            planes = new float[patches.channels() * plane + positions + patches.kernelWidth()];
            offsets = new int[patches.inputs()];
            int i = 0;
            for (int dy = 0; dy < patches.kernelHeight(); dy++) {
                for (int dx = 0; dx < patches.kernelWidth(); dx++) {
                    for (int c = 0; c < patches.channels(); c++) {
                        offsets[i++] = c * plane + dy * paddedWidth + dx;
                    }
                }
            }
            destinations = new int[patches.sampleSize()];
            int k = 0;
            for (int y = 0; y < patches.height(); y++) {
                for (int x = 0; x < patches.width(); x++) {
                    for (int c = 0; c < patches.channels(); c++) {
                        destinations[k++] = c * plane + (y + patches.padTop()) * paddedWidth + x + patches.padLeft();
                    }
                }
            }
            pixels = new int[positions];
            for (int f = 0; f < positions; f++) {
                final int oy = f / paddedWidth;
                final int ox = f % paddedWidth;
                pixels[f] = oy < patches.outHeight() && ox < patches.outWidth() ? oy * patches.outWidth() + ox : -1;
            }
        }

        /**
         * Copies sample b of image into the padded planes, every value to its padded place through {@link
         * #destinations}: the loads in order, one table load per store (with the place computed per value, a stride of
         * a plane between a pixel's channels, it took a quarter of conv2's time; a vector scatter was boxed in some
         * compilations).
         */
        void fill(final float[] image, final int b) {
            final int size = patches.sampleSize();
            final int base = b * size;
            for (int k = 0; k < size; k++) {
                planes[destinations[k]] = image[base + k];
            }
        }
    }

    /** A thread's layouts, the last few geometries it met (a network has a handful of convolutions). */
    static final class Layouts {
        private final Layout[] recent = new Layout[8];
        private int next;

        /** The layout of patches, built on first sight (then replacing the oldest). */
        Layout of(final Patches patches) {
            for (final Layout layout : recent) {
                if (layout != null && layout.patches.equals(patches)) {
                    return layout;
                }
            }
            final Layout layout = new Layout(patches);
            recent[next] = layout;
            next = (next + 1) % recent.length;
            return layout;
        }
    }
}
