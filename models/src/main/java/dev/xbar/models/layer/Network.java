package dev.xbar.models.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A feed-forward chain of layers ending in logits; the loss is {@link SoftmaxCrossEntropy}. Keeps one activation and
 * one gradient buffer per layer boundary, grown to the largest mini-batch seen.
 *
 * <p>Threads: a mini-batch is cut into ranges of {@link #samplesPerRange} samples, and one parallel region runs the whole
 * chain over each range (forward, and in training the loss and the input gradients too), so the threads meet once per
 * pass instead of once per layer. Each range also sums the weight-gradient slices its rows fill
 * ({@link GradientSlices}); a second region sums the slices left. Slices depend only on the batch, a slice's sum is the
 * same whichever region takes it, and every layer takes its chip events before the samples run ({@link
 * Layer#beginBatch}), so results are bit for bit the same for any thread count and any range size.
 */
public final class Network {
    /**
     * Ranges per thread a batch is cut into: enough that a thread slowed down by another process hands ranges to the
     * others, few enough that the per-range costs of every layer call stay small. A 100-sample batch gives ranges of 10
     * samples on two threads (5 each) and of 20 on one. Measured on the paper CNN against the 4-sample ranges before
     * (2 vCPU Zen 5, {@code bench/ab}, medians of 15 rounds of 300 steps): in situ step 806 against 859 us on one thread,
     * 501 against 536 us on two; software step 484 against 537 us and 275 against 319 us. The 4-sample ranges cut the
     * batch into 25, 13 for one thread and 12 for the other.
     */
    static final int RANGES_PER_THREAD = 5;

    /**
     * Samples per range of a batch on a number of threads: the batch over {@code threads x} {@link #RANGES_PER_THREAD}
     * ranges, rounded up to a multiple of 2, so that an 8x8 image's 64 patch rows per sample fill whole 128-row gradient
     * slices and every convolution slice is summed in its range while its rows are in cache (measured: 5 samples per
     * range left most slices for a second pass).
     *
     * @param batch samples, at least 1
     * @param threads the runner's threads, at least 1
     * @return an even number of samples, at least 2
     */
    public static int samplesPerRange(final int batch, final int threads) {
        final int ranges = threads * RANGES_PER_THREAD;
        return 2 * ((batch + 2 * ranges - 1) / (2 * ranges));
    }

    /** Whether forward passes let chip layers read their inputs in place ({@link #readInPlace}). */
    private boolean inPlace;

    /** The loss of a sample range, for {@link #train}. */
    @FunctionalInterface
    public interface RangeLoss {
        /**
         * Writes dLoss/dlogits of samples [from, to); called once per range, ranges at the same time.
         *
         * @param logits batch x outputSize
         * @param dLogits batch x outputSize, written for the range
         * @param from first sample
         * @param to one past the last sample
         */
        void lossAndDelta(float[] logits, float[] dLogits, int from, int to);
    }

    private final String name;
    private final List<Layer> layers;
    private final Parallel parallel;
    private final List<WeightLayer> weightLayers;
    private final float[][] activations;
    private final float[][] gradients;
    private final int[] firstSlice;

    /**
     * Chains layers, checking that each one's input shape is the previous one's output shape.
     *
     * @param name the network's name
     * @param layers the layers, first to last
     * @param parallel the runner for the passes
     */
    public Network(final String name, final List<Layer> layers, final Parallel parallel) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("network '" + name + "' has no layers");
        }
        for (int i = 1; i < layers.size(); i++) {
            final Shape before = layers.get(i - 1).outputShape();
            if (!before.equals(layers.get(i).inputShape())) {
                throw new IllegalArgumentException("network '" + name + "': layer " + i + " ("
                        + layers.get(i).getClass().getSimpleName() + ") takes "
                        + layers.get(i).inputShape()
                        + " but layer " + (i - 1) + " gives " + before);
            }
        }
        this.name = name;
        this.layers = List.copyOf(layers);
        this.parallel = Objects.requireNonNull(parallel, "parallel");
        final List<WeightLayer> weighted = new ArrayList<>();
        for (final Layer layer : layers) {
            if (layer instanceof WeightLayer w) {
                weighted.add(w);
            } else if (layer instanceof TimeDistributed(WeightLayer w, var _)) {
                weighted.add(w);
            }
        }
        this.weightLayers = List.copyOf(weighted);
        this.firstSlice = new int[weighted.size() + 1];
        this.activations = new float[layers.size() + 1][0];
        this.gradients = new float[layers.size() + 1][0];
    }

    /**
     * The name.
     *
     * @return e.g. "cnn"
     */
    public String name() {
        return name;
    }

    /**
     * The layers.
     *
     * @return first to last
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The layers with weights, first to last.
     *
     * @return the weight layers
     */
    public List<WeightLayer> weightLayers() {
        return weightLayers;
    }

    /**
     * Total number of trainable weights.
     *
     * @return the sum of inputs * outputs over the weight layers
     */
    public int weightCount() {
        int n = 0;
        for (final WeightLayer w : weightLayers) {
            n += w.matrix().inputs() * w.matrix().outputs();
        }
        return n;
    }

    /**
     * Input values per sample.
     *
     * @return the first layer's input size
     */
    public int inputSize() {
        return layers.getFirst().inputShape().size();
    }

    /**
     * Output values (classes) per sample.
     *
     * @return the last layer's output size
     */
    public int outputSize() {
        return layers.getLast().outputShape().size();
    }

    /**
     * Lets the forward passes ({@link #forward}, not {@link #train}) of chip layers read their inputs where they lie
     * (a convolution's patches: {@link WeightMatrix#multiplyPatches}) instead of writing them out: the same bits,
     * faster once the JIT has compiled the in-place kernel, which a short run does not repay. Measured on the paper
     * CNN (2 vCPU Zen 5, 3 interleaved pairs): ex situ trials of a yield study on one thread 77.9 against 86.4 ms by
     * the median (no gain showed at two threads); a default training run, whose 20,000 test images met the kernel
     * cold, 5-10% slower (8 pairs). Off until set.
     *
     * @param on whether forward passes read in place
     */
    public void readInPlace(final boolean on) {
        inPlace = on;
    }

    /**
     * Runs a mini-batch forward.
     *
     * @param input batch x inputSize values (copied in)
     * @param batch samples
     * @return the logits, batch x outputSize (a buffer reused by the next call)
     */
    public float[] forward(final float[] input, final int batch) {
        begin(input, batch, !inPlace);
        parallel.run(batch, samplesPerRange(batch, parallel.threads()), (range, from, to) -> forward(from, to));
        return activations[layers.size()];
    }

    /**
     * Back-propagates the loss gradient w.r.t. the logits of the last {@link #forward}, leaving every weight layer's
     * {@link WeightLayer#gradient()} set.
     *
     * @param dLogits batch x outputSize
     * @param batch samples
     */
    public void backward(final float[] dLogits, final int batch) {
        ensure(gradients, batch);
        System.arraycopy(dLogits, 0, gradients[layers.size()], 0, batch * outputSize());
        parallel.run(batch, samplesPerRange(batch, parallel.threads()), (range, from, to) -> backward(from, to));
        weightGradients();
    }

    /**
     * A training pass: forward, the loss's gradient and backward for each sample range in one parallel region, then
     * the weight gradients, leaving every weight layer's {@link WeightLayer#gradient()} set.
     *
     * @param input batch x inputSize values (copied in)
     * @param batch samples
     * @param loss writes dLoss/dlogits of a range
     * @return the logits, batch x outputSize (a buffer reused by the next call)
     */
    public float[] train(final float[] input, final int batch, final RangeLoss loss) {
        begin(input, batch, true);
        ensure(gradients, batch);
        final float[] logits = activations[layers.size()];
        final float[] dLogits = gradients[layers.size()];
        parallel.run(batch, samplesPerRange(batch, parallel.threads()), (range, from, to) -> {
            forward(from, to);
            loss.lossAndDelta(logits, dLogits, from, to);
            backward(from, to);
        });
        weightGradients();
        return logits;
    }

    /** Grows the activations, copies the input in, and makes every layer ready for the batch, in layer order. */
    private void begin(final float[] input, final int batch, final boolean keep) {
        ensure(activations, batch);
        System.arraycopy(input, 0, activations[0], 0, batch * inputSize());
        for (final Layer layer : layers) {
            layer.beginBatch(batch, keep);
        }
    }

    private void forward(final int from, final int to) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(activations[i], activations[i + 1], from, to);
        }
    }

    private void backward(final int from, final int to) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            layers.get(i)
                    .backward(
                            activations[i],
                            activations[i + 1],
                            gradients[i + 1],
                            i == 0 ? null : gradients[i],
                            from,
                            to);
        }
    }

    /**
     * One region over the gradient slices the backward ranges left in every weight layer (none of a convolution's when
     * its samples' rows fill whole slices), then each layer's sum in slice order.
     */
    private void weightGradients() {
        int total = 0;
        for (int l = 0; l < weightLayers.size(); l++) {
            firstSlice[l] = total;
            total += weightLayers.get(l).pendingSlices();
        }
        firstSlice[weightLayers.size()] = total;
        parallel.each(total, task -> {
            int l = 0;
            while (task >= firstSlice[l + 1]) {
                l++;
            }
            weightLayers.get(l).sumPendingSlice(task - firstSlice[l]);
        });
        for (final WeightLayer layer : weightLayers) {
            layer.reduceGradient();
        }
    }

    private void ensure(final float[][] buffers, final int batch) {
        for (int i = 0; i <= layers.size(); i++) {
            final int size = batch
                    * (i == 0 ? inputSize() : layers.get(i - 1).outputShape().size());
            buffers[i] = Gemm.ensure(buffers[i], size);
        }
    }
}
