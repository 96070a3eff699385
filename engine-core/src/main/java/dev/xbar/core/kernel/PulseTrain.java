package dev.xbar.core.kernel;

/**
 * How a stochastic pulse-train update turns x, d and the learning rate into trains (aihwkit {@code UpdateParameters}
 * with {@code STOCHASTIC_COMPRESSED} pulses and {@code fixed_bl}): without management both sides fire with
 * probability k |value|, k = sqrt(lr / (dwMin BL)), so that a device's mean change lr x d needs no knowledge of the
 * values' ranges; update management scales the row side by sqrt(dMax / xMax) and the column side by sqrt(xMax /
 * dMax), so both sides use their probability range alike; BL management shortens the train to ceil(lr xMax dMax /
 * dwMin) slots (at most bl), the fewest that can carry the largest change, and (as in the toolkit) turns update
 * management on. xMax and dMax are floored at dwMin^2 as the toolkit does.
 *
 * @param bl the train length (aihwkit desired_bl), 1 to 64; with BL management, the most slots
 * @param management balance the two sides' probabilities (aihwkit update_management)
 * @param blManagement shorten the train to the largest change (aihwkit update_bl_management)
 */
public record PulseTrain(int bl, boolean management, boolean blManagement) {
    /** Validates the train length. */
    public PulseTrain {
        if (bl < 1 || bl > Long.SIZE) {
            throw new IllegalArgumentException("bl = " + bl + " is out of range [1, 64]");
        }
    }

    /**
     * aihwkit's defaults: BL 31, update management and BL management on.
     *
     * @return the settings
     */
    public static PulseTrain defaults() {
        return new PulseTrain(31, true, true);
    }

    /**
     * The number of slots of one update.
     *
     * @param lr learning rate, microsiemens per unit of x * d
     * @param xMax max |x| over the rows
     * @param dMax max |d| over the columns
     * @param dwMin the device's mean step
     * @return the train length, 1 to bl
     */
    public int length(final float lr, final float xMax, final float dMax, final double dwMin) {
        if (!blManagement) {
            return bl;
        }
        final double floor = dwMin * dwMin;
        final double slots = Math.ceil(lr * Math.max(xMax, floor) * Math.max(dMax, floor) / dwMin);
        return (int) Math.clamp(slots, 1, bl);
    }

    /**
     * The factor from a row value's magnitude to its firing probability (clipped at 1 by the kernel).
     *
     * @param length the train length of this update ({@link #length})
     * @param lr learning rate
     * @param xMax max |x|
     * @param dMax max |d|
     * @param dwMin the device's mean step
     * @return the row scale
     */
    public float rowScale(final int length, final float lr, final float xMax, final float dMax, final double dwMin) {
        return scale(length, lr, dMax, xMax, dwMin);
    }

    /**
     * The factor from a column value's magnitude to its firing probability.
     *
     * @param length the train length of this update
     * @param lr learning rate
     * @param xMax max |x|
     * @param dMax max |d|
     * @param dwMin the device's mean step
     * @return the column scale
     */
    public float columnScale(final int length, final float lr, final float xMax, final float dMax, final double dwMin) {
        return scale(length, lr, xMax, dMax, dwMin);
    }

    /** k sqrt(otherMax / ownMax) when managed, else k; k = sqrt(lr / (dwMin length)). */
    private float scale(
            final int length, final float lr, final float otherMax, final float ownMax, final double dwMin) {
        final float k = (float) Math.sqrt(lr / (length * dwMin));
        if (!(management || blManagement)) {
            return k;
        }
        final double floor = dwMin * dwMin;
        return k * (float) Math.sqrt(Math.max(otherMax, floor) / Math.max(ownMax, floor));
    }
}
