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
            loss += sample(logits, labels[labelOffset + b], b * classes, classes, delta);
        }
        return loss;
    }

    /**
     * Loss and gradient of samples [from, to) of a mini-batch, each sample's loss kept on its own, so that ranges can
     * run at the same time and the batch's loss be summed afterwards in sample order (the same sum as {@link
     * #lossAndDelta(float[], int[], int, int, int, float[])}).
     *
     * @param logits batch x classes
     * @param labels the classes, one per sample from index 0
     * @param from first sample
     * @param to one past the last sample
     * @param classes classes
     * @param delta output, batch x classes: p - onehot, for the range
     * @param losses output, one per sample: -ln p(label), for the range
     */
    public static void lossAndDelta(
            final float[] logits,
            final int[] labels,
            final int from,
            final int to,
            final int classes,
            final float[] delta,
            final double[] losses) {
        for (int b = from; b < to; b++) {
            losses[b] = sample(logits, labels[b], b * classes, classes, delta);
        }
    }

    /** The loss of the sample whose logits start at {@code at}, writing its delta there. */
    private static double sample(
            final float[] logits, final int label, final int at, final int classes, final float[] delta) {
        float max = logits[at];
        for (int k = 1; k < classes; k++) {
            max = Math.max(max, logits[at + k]);
        }
        double sum = 0.0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(logits[at + k] - max);
        }
        for (int k = 0; k < classes; k++) {
            delta[at + k] = (float) (Math.exp(logits[at + k] - max) / sum) - (k == label ? 1.0f : 0.0f);
        }
        return Math.log(sum) - (logits[at + label] - max);
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
