package dev.xbar.models.train;

import dev.xbar.models.layer.SoftmaxCrossEntropy;
import java.util.Arrays;

/**
 * {@link SoftmaxCrossEntropy} for networks that give logits at every time step: a sample's logits are {@code steps}
 * rows of {@code classes}, step after step, and every step is judged against the sample's one label. With one step it
 * is exactly SoftmaxCrossEntropy on the samples. Scratch grows with the batch; nothing is allocated once warm.
 */
final class StepLoss {
    private final int steps;
    private final int classes;
    private final LossSteps which;
    private float[] stepLogits = new float[0];
    private float[] stepDelta = new float[0];
    private int[] rowLabels = new int[0];

    /**
     * A loss.
     *
     * @param steps time steps per sample
     * @param classes classes
     * @param which the steps that carry loss
     */
    StepLoss(final int steps, final int classes, final LossSteps which) {
        this.steps = steps;
        this.classes = classes;
        this.which = which;
    }

    /**
     * Loss and gradient of a mini-batch, summed over its samples and the loss-carrying steps; the other steps get a
     * zero gradient.
     *
     * @param logits batch x steps x classes
     * @param labels one per sample, from index 0
     * @param batch samples
     * @param delta output: dLoss/dlogits, batch x steps x classes
     * @return the summed loss
     */
    double lossAndDelta(final float[] logits, final int[] labels, final int batch, final float[] delta) {
        if (steps == 1) {
            return SoftmaxCrossEntropy.lossAndDelta(logits, labels, 0, batch, classes, delta);
        }
        if (which == LossSteps.ALL) {
            if (rowLabels.length < batch * steps) {
                rowLabels = new int[batch * steps];
            }
            for (int b = 0; b < batch; b++) {
                Arrays.fill(rowLabels, b * steps, (b + 1) * steps, labels[b]);
            }
            return SoftmaxCrossEntropy.lossAndDelta(logits, rowLabels, 0, batch * steps, classes, delta);
        }
        gather(logits, batch, steps - 1);
        if (stepDelta.length < batch * classes) {
            stepDelta = new float[batch * classes];
        }
        final double loss = SoftmaxCrossEntropy.lossAndDelta(stepLogits, labels, 0, batch, classes, stepDelta);
        Arrays.fill(delta, 0, batch * steps * classes, 0.0f);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(stepDelta, b * classes, delta, ((b + 1) * steps - 1) * classes, classes);
        }
        return loss;
    }

    /**
     * How many samples one step's logits classify correctly.
     *
     * @param logits batch x steps x classes
     * @param labels the classes, from {@code labels[labelOffset]}
     * @param labelOffset index of the first label
     * @param batch samples
     * @param step the step, from 0
     * @return the number of correct samples
     */
    int correct(final float[] logits, final int[] labels, final int labelOffset, final int batch, final int step) {
        if (steps == 1) {
            return SoftmaxCrossEntropy.correct(logits, labels, labelOffset, batch, classes);
        }
        gather(logits, batch, step);
        return SoftmaxCrossEntropy.correct(stepLogits, labels, labelOffset, batch, classes);
    }

    /** stepLogits = the logits of one step, batch x classes. */
    private void gather(final float[] logits, final int batch, final int step) {
        if (stepLogits.length < batch * classes) {
            stepLogits = new float[batch * classes];
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(logits, (b * steps + step) * classes, stepLogits, b * classes, classes);
        }
    }
}
