package dev.xbar.models.train;

/**
 * What one training mini-batch did.
 *
 * @param epoch the epoch, from 0
 * @param batch the batch within the epoch, from 0
 * @param batchesPerEpoch batches in an epoch
 * @param samples samples in this batch
 * @param loss cross-entropy summed over the batch (as the paper logs it)
 * @param accuracy fraction of the batch classified correctly before the update
 * @param pulses programming pulses this batch's update sent (SET + RESET + step pulses; 0 in software)
 */
public record BatchMetrics(
        int epoch, int batch, int batchesPerEpoch, int samples, double loss, double accuracy, long pulses) {
    /**
     * The loss per sample.
     *
     * @return loss / samples
     */
    public double meanLoss() {
        return loss / samples;
    }
}
