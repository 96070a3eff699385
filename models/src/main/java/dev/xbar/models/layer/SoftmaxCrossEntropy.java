package dev.xbar.models.layer;

/**
 * Numerically stable softmax with cross-entropy, as the paper's software computes it: loss and deltas are summed over
 * the mini-batch, not averaged (paper-spec.md 2.5). The delta returned is dLoss/dlogits = p - onehot (the paper's
 * delta y_true - y_pred with the sign of a loss gradient).
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /**
     * Loss and its gradient for a mini-batch.
     *
     * @param logits batch x classes
     * @param labels the classes, from {@code labels[labelOffset]}
     * @param labelOffset index of the first label
     * @param batch samples
     * @param classes classes
     * @param delta output, batch x classes: p - onehot
     * @return the summed loss, sum over samples of -ln p(label)
     */
    public static double lossAndDelta(
            final float[] logits,
            final int[] labels,
            final int labelOffset,
            final int batch,
            final int classes,
            final float[] delta) {
        double loss = 0.0;
        for (int b = 0; b < batch; b++) {
            final int at = b * classes;
            float max = logits[at];
            for (int k = 1; k < classes; k++) {
                max = Math.max(max, logits[at + k]);
            }
            double sum = 0.0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[at + k] - max);
            }
            final int label = labels[labelOffset + b];
            for (int k = 0; k < classes; k++) {
                delta[at + k] = (float) (Math.exp(logits[at + k] - max) / sum) - (k == label ? 1.0f : 0.0f);
            }
            loss += Math.log(sum) - (logits[at + label] - max);
        }
        return loss;
    }

    /**
     * How many samples the logits classify correctly (the first maximum wins a tie).
     *
     * @param logits batch x classes
     * @param labels the classes, from {@code labels[labelOffset]}
     * @param labelOffset index of the first label
     * @param batch samples
     * @param classes classes
     * @return the number of correct samples
     */
    public static int correct(
            final float[] logits, final int[] labels, final int labelOffset, final int batch, final int classes) {
        int correct = 0;
        for (int b = 0; b < batch; b++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (logits[b * classes + k] > logits[b * classes + best]) {
                    best = k;
                }
            }
            if (best == labels[labelOffset + b]) {
                correct++;
            }
        }
        return correct;
    }
}
