package dev.xbar.models.train;

/** Which optimizer turns gradients (summed over the mini-batch) into weight changes. */
public sealed interface OptimizerConfig permits OptimizerConfig.RmsProp, OptimizerConfig.Sgd {
    /**
     * The learning rate.
     *
     * @return lr
     */
    double learningRate();

    /**
     * RMSprop as the paper runs it (paper-spec.md 2.8): r = decay r + (1 - decay) g^2, dW = -lr g / (sqrt(r) + eps),
     * no momentum.
     *
     * @param learningRate lr (0.01)
     * @param decay the decay of r (0.9)
     * @param epsilon added to sqrt(r) (1e-8)
     */
    record RmsProp(double learningRate, double decay, double epsilon) implements OptimizerConfig {
        /** Validates every field. */
        public RmsProp {
            check(learningRate);
            if (!(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("RMSprop decay = " + decay + " must be in [0, 1)");
            }
            if (!(epsilon > 0 && epsilon < 1)) {
                throw new IllegalArgumentException("RMSprop epsilon = " + epsilon + " must be in (0, 1)");
            }
        }

        /**
         * The paper's settings with a given learning rate: decay 0.9, eps 1e-8.
         *
         * @param learningRate lr
         * @return the config
         */
        public static RmsProp paper(final double learningRate) {
            return new RmsProp(learningRate, 0.9, 1e-8);
        }
    }

    /**
     * Plain SGD: dW = -lr g.
     *
     * @param learningRate lr
     */
    record Sgd(double learningRate) implements OptimizerConfig {
        /** Validates the learning rate. */
        public Sgd {
            check(learningRate);
        }
    }

    private static void check(final double learningRate) {
        if (!(learningRate > 0 && learningRate <= 100)) {
            throw new IllegalArgumentException("learning rate = " + learningRate + " must be in (0, 100]");
        }
    }
}
