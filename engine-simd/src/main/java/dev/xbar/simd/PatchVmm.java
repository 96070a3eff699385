package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static jdk.incubator.vector.VectorOperators.ABS;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.DIV;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.MAX;
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
 * them out. Each sample is first copied into channel planes whose rows are as long as an output row, with zero rows
 * above and below ({@link Layout}); output pixel (oy, ox) is then flat position f = oy x outWidth + ox, which is its
 * row in the sample, and its patch element (dy, dx, c) lies at plane c, position f + dy x outWidth + dx - padLeft,
 * unless its column is in the horizontal padding: for N consecutive rows, one whole-vector load per element, its lanes
 * whose column is outside the image blended to zero, lanes over rows. What it saves is writing the patches out, scaling
 * them and transposing them for {@link NarrowVmm}, which took most of the time of the paper CNN's small convolutions
 * (im2col and the tile transposition: 45% of an ex situ test pass, perf). Four vectors of rows at a time fill the
 * {@link NarrowVmm} layout (block k, lane l: row f0 + k N + l), so its sums, current kernels and untransposition run
 * unchanged, and noise and ADC run over each sample's rows. The first layout padded the planes' rows too: a fifth of
 * the paper CNN's lanes were computed and dropped and the currents were scattered lane by lane, and conv2 read in place
 * took 410 us against 233 us for its written-out rows' product alone (JMH); with rows as lanes, the in situ test pass
 * reading both convolutions in place takes 0.86-0.94x the time of conv2's rows written out ({@code bench/ab --pass
 * test}, 4 runs of 15 rounds: 566 against 646 us on one thread in the quietest).
 *
 * <p>Each lane computes its row exactly as the rows' own path would: the scale is volts / max|x| over the row's
 * elements (an exact maximum), the DAC's operations are {@code VectorMath.quantize}'s in its order, and the sums of
 * V^2 and the currents sum one fused multiply-add per input in ascending order. Rows of a sample that the range cuts
 * are written out and go through {@link ForwardVmm}, so any split of a batch gives the same bits; so are the rows of a
 * geometry whose output rows are narrower than the input's, and of windows wider than a vector ({@link #inPlace}).
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
        if (!inPlace(patches, cols)) {
            rows(g, stride, input, span, cols, weights, patches, image, volts, scales, out, first, end, rc);
            return;
        }
        final int wholeFrom = Math.min(end, (first + per - 1) / per * per);
        final int wholeTo = Math.max(wholeFrom, end / per * per);
        rows(g, stride, input, span, cols, weights, patches, image, volts, scales, out, first, wholeFrom, rc);
        if (wholeFrom < wholeTo) {
            final Scratch s = Scratch.forward(
                    ReadChain.padded(span) * NarrowVmm.STRIDE, 0, Math.max(per * cols, NarrowVmm.TILES) + N, per);
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

    /**
     * Whether the geometry's rows are read in place: when a sample's output pixels, in row order, are its flat
     * positions one after the other (an output row at least as wide as the input's, as a 'same' convolution's is), so
     * every lane is a row and the currents go to the rows as {@link NarrowVmm}'s do, and when the window's columns fit
     * one vector (as on its narrow path). Other geometries would drop a lane per output column short of the input's
     * width and scatter their currents lane by lane: their rows are written out.
     */
    static boolean inPlace(final Patches patches, final int cols) {
        return patches.outWidth() >= patches.width() && cols <= N;
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
     * One sample's raw currents, scales and sums of V^2 (into s.sumV2 by the pixel's row in the sample): its planes,
     * then passes of up to BLOCKS vectors of flat positions, each a run of the sample's rows.
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
        layout.fill(image, sample);
        final int row0 = sample * per;
        for (int f = 0; f < per; f += BLOCKS * N) {
            final int width = Math.min(BLOCKS * N, layout.positions - f);
            final int n = Math.min(width, per - f);
            quantise(layout, input, span, f, width, volts, rc, s.laneScales, s.inputs);
            System.arraycopy(s.laneScales, 0, scales, row0 + f, n);
            NarrowVmm.sumsOfSquares(s.inputs, span, width, weights, s.laneSums);
            System.arraycopy(s.laneSums, 0, s.sumV2, f, n);
            NarrowVmm.currents(g, 0, stride, span, cols, s.inputs, width, false, s.currents, null);
            NarrowVmm.untranspose(s.currents, n, width, cols, out, (row0 + f) * cols);
        }
    }

    /**
     * For each lane of flat positions [f, f + width): its scale s = volts / max|x| over all the row's elements (1 for a
     * row of zeros) into laneScales, and q[u STRIDE + k] = DAC(s x) of element input + u. An element whose column falls
     * in the padding reads as zero ({@link #load}: its plane holds the neighbouring row's value there). The maximum of
     * a whole pass is {@link #maxima}'s; a shorter pass's is exact in any order too, and runs as two chains per vector
     * (a vector max goes through Math.max's NaN and signed-zero handling, several cycles a step; on the magnitudes'
     * bits as integers C2 left the integer operations calls under the launcher's flags, boxed: 100 KB per call of 640
     * conv1 rows); a lane that met a NaN takes the reference's loop, which keeps the first NaN as it is. The DAC is
     * written out, as in {@link NarrowVmm}'s transposition and for its reason (a vector helper not inlined boxes every
     * vector). One method, too large for C2 to inline into {@link #sample}: inlined there with the sums and current
     * kernels, it overflowed C2's node budget, the Vector API calls stayed calls and boxed (JMH: 0.7-0.9 MB per conv1
     * call in some forks).
     */
    private static void quantise(
            final Layout layout,
            final int input,
            final int span,
            final int f,
            final int width,
            final float volts,
            final ReadChain rc,
            final float[] laneScales,
            final float[] q) {
        final int[] offsets = layout.offsets;
        final int[] masks = layout.masks;
        final float[] inside = layout.inside;
        final float[] planes = layout.planes;
        final int inputs = offsets.length;
        final FloatVector v = FloatVector.broadcast(F, volts);
        final FloatVector one = FloatVector.broadcast(F, 1.0f);
        final FloatVector steps = FloatVector.broadcast(F, rc.dacStep());
        final FloatVector lowest = FloatVector.broadcast(F, -rc.dacMax());
        final FloatVector highest = FloatVector.broadcast(F, rc.dacMax());
        final FloatVector magic = FloatVector.broadcast(F, FloatMath.ROUNDING_MAGIC);
        if (width == BLOCKS * N) {
            maxima(layout, f, volts, laneScales);
        }
        for (int k = 0; k < width; k += N) {
            final int at = f + k;
            if (width < BLOCKS * N) {
                FloatVector max0 = FloatVector.zero(F);
                FloatVector max1 = FloatVector.zero(F);
                int i = 0;
                for (; i + 1 < inputs; i += 2) {
                    max0 = max0.lanewise(
                            MAX,
                            load(planes, offsets[i] + at, inside, masks[i] + at).lanewise(ABS));
                    max1 = max1.lanewise(
                            MAX,
                            load(planes, offsets[i + 1] + at, inside, masks[i + 1] + at)
                                    .lanewise(ABS));
                }
                if (i < inputs) {
                    max0 = max0.lanewise(
                            MAX,
                            load(planes, offsets[i] + at, inside, masks[i] + at).lanewise(ABS));
                }
                final FloatVector m = max0.lanewise(MAX, max1);
                v.lanewise(DIV, m)
                        .blend(one, m.compare(VectorOperators.EQ, 0.0f))
                        .intoArray(laneScales, k);
            }
            final FloatVector m = FloatVector.fromArray(F, laneScales, k);
            if (m.compare(VectorOperators.NE, m).anyTrue()) { // a NaN lane (a float compare: test(IS_NAN) was boxed)
                for (int l = k; l < k + N; l++) {
                    float first = 0.0f;
                    for (int e = 0; e < inputs; e++) {
                        first = Math.max(first, Math.abs(layout.element(e, f + l)));
                    }
                    laneScales[l] = first == 0.0f ? 1.0f : volts / first;
                }
            }
            final FloatVector scale = FloatVector.fromArray(F, laneScales, k);
            for (int u = 0; u < span; u++) {
                final int e = input + u;
                final FloatVector code = load(planes, offsets[e] + at, inside, masks[e] + at)
                        .lanewise(MUL, scale)
                        .lanewise(DIV, steps);
                final FloatVector low = code.blend(lowest, code.compare(LT, lowest));
                low.blend(highest, low.compare(GT, highest))
                        .lanewise(ADD, magic)
                        .lanewise(SUB, magic)
                        .lanewise(MUL, steps)
                        .intoArray(q, u * NarrowVmm.STRIDE + k);
            }
        }
    }

    /**
     * The scales of a whole pass's BLOCKS vectors of flat positions into laneScales: the maxima of the four vectors
     * side by side, four independent chains (a vector max with Math.max's NaN and signed-zero handling is several
     * dependent instructions, so one or two chains wait on it: with two per vector, one vector after the other, the
     * in situ test pass took 562 against 530 us, {@code bench/ab --pass test}, 15 rounds, one thread).
     */
    private static void maxima(final Layout layout, final int f, final float volts, final float[] laneScales) {
        final int[] offsets = layout.offsets;
        final int[] masks = layout.masks;
        final float[] inside = layout.inside;
        final float[] planes = layout.planes;
        FloatVector max0 = FloatVector.zero(F);
        FloatVector max1 = FloatVector.zero(F);
        FloatVector max2 = FloatVector.zero(F);
        FloatVector max3 = FloatVector.zero(F);
        for (int i = 0; i < offsets.length; i++) {
            final int o = offsets[i] + f;
            final int m = masks[i] + f;
            max0 = max0.lanewise(MAX, load(planes, o, inside, m).lanewise(ABS));
            max1 = max1.lanewise(MAX, load(planes, o + N, inside, m + N).lanewise(ABS));
            max2 = max2.lanewise(MAX, load(planes, o + 2 * N, inside, m + 2 * N).lanewise(ABS));
            max3 = max3.lanewise(MAX, load(planes, o + 3 * N, inside, m + 3 * N).lanewise(ABS));
        }
        final FloatVector v = FloatVector.broadcast(F, volts);
        final FloatVector one = FloatVector.broadcast(F, 1.0f);
        v.lanewise(DIV, max0).blend(one, max0.compare(VectorOperators.EQ, 0.0f)).intoArray(laneScales, 0);
        v.lanewise(DIV, max1).blend(one, max1.compare(VectorOperators.EQ, 0.0f)).intoArray(laneScales, N);
        v.lanewise(DIV, max2).blend(one, max2.compare(VectorOperators.EQ, 0.0f)).intoArray(laneScales, 2 * N);
        v.lanewise(DIV, max3).blend(one, max3.compare(VectorOperators.EQ, 0.0f)).intoArray(laneScales, 3 * N);
    }

    /**
     * The vector of planes at o, its lanes where inside[m ..] is zero taken as zero: a whole load and a blend (a
     * masked load was left to the Vector API's Java fallback, a float[] per load, when C2 compiled it before the JDK's
     * methods had a profile: the launcher's flags).
     */
    private static FloatVector load(final float[] planes, final int o, final float[] inside, final int m) {
        return FloatVector.fromArray(F, planes, o)
                .blend(FloatVector.zero(F), FloatVector.fromArray(F, inside, m).compare(VectorOperators.EQ, 0.0f));
    }

    /**
     * A geometry's planes and tables ({@link #inPlace} geometries only). Each channel is a plane of rows as long as an
     * output row (R = outWidth), the image's values at their columns and zero rows above and below for the vertical
     * padding: output pixel (oy, ox) is flat position f = oy R + ox, which is its row in the sample, and its element
     * (dy, dx, c) lies at f + dy R + dx - padLeft of plane c, unless that column is outside the image (the horizontal
     * padding), where the element is zero ({@link #inside}, {@link PatchVmm#load}). Built once per geometry and thread ({@link Layouts}), so that a
     * network's convolutions, which alternate, keep theirs; what is not image is zero from the start and never written.
     */
    static final class Layout {
        final Patches patches;

        /** Flat positions per sample (its rows), rounded up to whole vectors. */
        final int positions;

        /** Per patch element (dy, dx, c): where its value for flat position 0 lies in the planes. */
        final int[] offsets;

        /** Per patch element: where its column's table starts in {@link #inside}. */
        final int[] masks;

        /** Per kernel column dx and flat position: 1 where the element's column is in the image, else 0. */
        final float[] inside;

        /** Per value of a sample (HWC), its place in the planes. */
        private final int[] destinations;

        /** A lead of padLeft, the planes, and slack for the last positions' loads. */
        final float[] planes;

        Layout(final Patches patches) {
            this.patches = patches;
            final int rowLength = patches.outWidth();
            final int plane = (patches.height() + patches.padTop() + patches.padBottom()) * rowLength;
            final int lead = patches.padLeft();
            positions = ReadChain.padded(patches.perSample());
            planes = new float[lead + patches.channels() * plane + positions + patches.kernelWidth()];
            offsets = new int[patches.inputs()];
            masks = new int[patches.inputs()];
            int i = 0;
            for (int dy = 0; dy < patches.kernelHeight(); dy++) {
                for (int dx = 0; dx < patches.kernelWidth(); dx++) {
                    for (int c = 0; c < patches.channels(); c++) {
                        offsets[i] = lead + c * plane + dy * rowLength + dx - patches.padLeft();
                        masks[i++] = dx * positions;
                    }
                }
            }
            inside = new float[patches.kernelWidth() * positions];
            for (int dx = 0; dx < patches.kernelWidth(); dx++) {
                for (int f = 0; f < positions; f++) {
                    final int x = f % rowLength + dx - patches.padLeft();
                    inside[dx * positions + f] = x >= 0 && x < patches.width() ? 1.0f : 0.0f;
                }
            }
            destinations = new int[patches.sampleSize()];
            int k = 0;
            for (int y = 0; y < patches.height(); y++) {
                for (int x = 0; x < patches.width(); x++) {
                    for (int c = 0; c < patches.channels(); c++) {
                        destinations[k++] = lead + c * plane + (y + patches.padTop()) * rowLength + x;
                    }
                }
            }
        }

        /** Element e of the row at flat position f, as {@link PatchVmm#load} reads it. */
        float element(final int e, final int f) {
            return inside[masks[e] + f] != 0.0f ? planes[offsets[e] + f] : 0.0f;
        }

        /**
         * Copies sample b of image into the planes, every value to its place through {@link #destinations}: the
         * loads in order, one table load per store (with the place computed per value, a stride of a plane between a
         * pixel's channels, it took a quarter of conv2's time; a vector scatter was boxed in some compilations).
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
