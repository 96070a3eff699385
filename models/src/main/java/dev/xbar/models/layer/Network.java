package dev.xbar.models.layer;

import java.util.ArrayList;
import java.util.List;

/**
 * A feed-forward chain of layers ending in logits; the loss is {@link SoftmaxCrossEntropy}. Keeps one activation and
 * one gradient buffer per layer boundary, grown to the largest mini-batch seen.
 */
public final class Network {
    private final String name;
    private final List<Layer> layers;
    private final List<WeightLayer> weightLayers;
    private final float[][] activations;
    private final float[][] gradients;

    /**
     * Chains layers, checking that each one's input shape is the previous one's output shape.
     *
     * @param name the network's name
     * @param layers the layers, first to last
     */
    public Network(final String name, final List<Layer> layers) {
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
        final List<WeightLayer> weighted = new ArrayList<>();
        for (final Layer layer : layers) {
            if (layer instanceof WeightLayer w) {
                weighted.add(w);
            } else if (layer instanceof TimeDistributed(WeightLayer w, var _)) {
                weighted.add(w);
            }
        }
        this.weightLayers = List.copyOf(weighted);
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
     * Runs a mini-batch forward.
     *
     * @param input batch x inputSize values (copied in)
     * @param batch samples
     * @return the logits, batch x outputSize (a buffer reused by the next call)
     */
    public float[] forward(final float[] input, final int batch) {
        ensure(activations, batch);
        System.arraycopy(input, 0, activations[0], 0, batch * inputSize());
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(activations[i], activations[i + 1], batch);
        }
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
        for (int i = layers.size() - 1; i >= 0; i--) {
            layers.get(i)
                    .backward(
                            activations[i], activations[i + 1], gradients[i + 1], i == 0 ? null : gradients[i], batch);
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
