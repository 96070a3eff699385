package dev.xbar.models.train;

import dev.xbar.models.layer.WeightLayer;
import java.util.List;

/**
 * Optimizer state for the weight layers of one network (RMSprop's running mean square per weight; SGD has none).
 * Gradients are dLoss/dW summed over the mini-batch, so the change is minus the learning rate times the (normalised)
 * gradient.
 */
final class Optimizer {
    private final OptimizerConfig config;
    private final float[][] meanSquare;

    /**
     * Fresh state.
     *
     * @param config the optimizer
     * @param layers the weight layers
     */
    Optimizer(final OptimizerConfig config, final List<WeightLayer> layers) {
        this.config = config;
        this.meanSquare = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            meanSquare[l] = new float[layers.get(l).gradient().length];
        }
    }

    /**
     * The state arrays (RMSprop's r per layer), live, for checkpoints.
     *
     * @return one array per weight layer
     */
    float[][] state() {
        return meanSquare;
    }

    /**
     * The change of one layer's weights for its gradient.
     *
     * @param layer the weight layer's index
     * @param gradient dLoss/dW
     * @param delta output: the weight change
     */
    void step(final int layer, final float[] gradient, final float[] delta) {
        final float lr = (float) config.learningRate();
        switch (config) {
            case OptimizerConfig.RmsProp p -> {
                final float decay = (float) p.decay();
                final float eps = (float) p.epsilon();
                final float[] r = meanSquare[layer];
                for (int k = 0; k < gradient.length; k++) {
                    final float g = gradient[k];
                    r[k] = decay * r[k] + (1.0f - decay) * g * g;
                    delta[k] = -lr * g / ((float) Math.sqrt(r[k]) + eps);
                }
            }
            case OptimizerConfig.Sgd s -> {
                for (int k = 0; k < gradient.length; k++) {
                    delta[k] = -lr * gradient[k];
                }
            }
        }
    }
}
