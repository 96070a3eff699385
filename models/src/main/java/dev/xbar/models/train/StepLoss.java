package dev.xbar.models.train;

import dev.xbar.models.layer.SoftmaxCrossEntropy;
import java.util.Arrays;

/**
 * {@link SoftmaxCrossEntropy} for networks that give logits at every time step: a sample's logits are {@code steps}
 * rows of {@code classes}, step after step, and every step is judged against the sample's one label. With one step it
 * is exactly SoftmaxCrossEntropy on the samples. A mini-batch's gradient is written by sample ranges, which may run at
 * the same time ({@link dev.xbar.models.layer.Network#train}). Scratch grows with the batch; nothing is allocated once
 * warm.
 */
final class StepLoss {
    private final int steps;
    private final int classes;
    private final LossSteps which;
    private float[] stepLogits = new float[0];
    private float[] stepDelta = new float[0];
    private int[] rowLabels = new int[0];
    private double[] losses = new double[0];

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
     * Grows the scratch to a mini-batch, before its ranges run.
     *
     * @param batch samples
     */
    void begin(final int batch) {
        final int rows = which == LossSteps.ALL ? batch * steps : batch;
        if (losses.length < rows) {
            losses = new double[rows];
            rowLabels = new int[batch * steps];
            stepLogits = new float[batch * classes];
            stepDelta = new float[batch * classes];
        }
    }

    /**
     * Loss gradient of samples [from, to) of the mini-batch of the last {@link #begin}: the loss-carrying steps get
     * the softmax cross-entropy gradient, the other steps zero. Ranges may run at the same time.
     *
     * @param logits batch x steps x classes
     * @param labels one per sample, from index 0
     * @param delta output: dLoss/dlogits, batch x steps x classes, written for the range
     * @param from first sample
     * @param to one past the last sample
     */
    void lossAndDelta(final float[] logits, final int[] labels, final float[] delta, final int from, final int to) {
        if (steps == 1) {
            SoftmaxCrossEntropy.lossAndDelta(logits, labels, from, to, classes, delta, losses);
        } else if (which == LossSteps.ALL) {
            for (int b = from; b < to; b++) {
                Arrays.fill(rowLabels, b * steps, (b + 1) * steps, labels[b]);
            }
            SoftmaxCrossEntropy.lossAndDelta(logits, rowLabels, from * steps, to * steps, classes, delta, losses);
        } else {
            gather(logits, from, to, steps - 1);
            SoftmaxCrossEntropy.lossAndDelta(stepLogits, labels, from, to, classes, stepDelta, losses);
            Arrays.fill(delta, from * steps * classes, to * steps * classes, 0.0f);
            for (int b = from; b < to; b++) {
                System.arraycopy(stepDelta, b * classes, delta, ((b + 1) * steps - 1) * classes, classes);
            }
        }
    }

    /**
     * The loss of the mini-batch, summed over its samples and the loss-carrying steps in order, once every range has
     * run.
     *
     * @param batch samples
     * @return the summed loss
     */
    double loss(final int batch) {
        final int rows = which == LossSteps.ALL ? batch * steps : batch;
        double loss = 0.0;
        for (int r = 0; r < rows; r++) {
            loss += losses[r];
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
        if (stepLogits.length < batch * classes) {
            stepLogits = new float[batch * classes];
        }
        gather(logits, 0, batch, step);
        return SoftmaxCrossEntropy.correct(stepLogits, labels, labelOffset, batch, classes);
    }

    /** stepLogits = the logits of one step, for samples [from, to). */
    private void gather(final float[] logits, final int from, final int to, final int step) {
        for (int b = from; b < to; b++) {
            System.arraycopy(logits, (b * steps + step) * classes, stepLogits, b * classes, classes);
        }
    }
}
