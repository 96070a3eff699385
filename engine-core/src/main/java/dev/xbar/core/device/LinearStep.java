package dev.xbar.core.device;

import dev.xbar.core.Check;
import java.util.Map;
import java.util.Objects;

/**
 * The step shrinks linearly with the distance travelled towards the bound (aihwkit {@code LinearStepDevice}, with
 * the slope referred to the device's own range): up = dw (1 - gammaUp (g - gMin) / (gMax - gMin)), down = dw (1 -
 * gammaDown (gMax - g) / (gMax - gMin)), never negative.
 *
 * @param steps the shared pulse parameters
 * @param gammaUp relative decrease of the up step across the range (0: constant, 1: soft bound)
 * @param gammaDown relative decrease of the down step across the range
 */
public record LinearStep(StepParameters steps, double gammaUp, double gammaDown) implements StepDevice {
    /** Validates every field. */
    public LinearStep {
        Objects.requireNonNull(steps, "steps");
        Check.range("gammaUp", gammaUp, 0, 10);
        Check.range("gammaDown", gammaDown, 0, 10);
    }

    /**
     * The family's default: aihwkit's pulse parameters ({@link StepParameters#defaults()}), slopes 0.1 both ways.
     *
     * @return the device
     */
    public static LinearStep defaults() {
        return new LinearStep(StepParameters.defaults(), 0.1, 0.1);
    }

    /**
     * Reads the device from a spec file ({@link DeviceFamily}).
     *
     * @param f the device object's fields
     * @return the device
     */
    public static LinearStep read(final DeviceFields f) {
        final StepParameters steps = StepDevice.readSteps(f);
        final double gammaUp = f.number("gammaUp");
        final double gammaDown = f.number("gammaDown");
        return f.build(() -> new LinearStep(steps, gammaUp, gammaDown));
    }

    @Override
    public String family() {
        return "linear-step";
    }

    @Override
    public LinearSlopes linearSlopes() {
        return new LinearSlopes((float) gammaUp, (float) gammaDown);
    }

    @Override
    public void writeShapeFields(final Map<String, Object> out) {
        out.put("gammaUp", gammaUp);
        out.put("gammaDown", gammaDown);
    }

    @Override
    public float meanStep(final float g, final boolean up, final float dw, final float gMin, final float gMax) {
        return linear(g, up, dw, gMin, gMax, (float) gammaUp, (float) gammaDown);
    }

    /**
     * The linear-step rule, shared with {@link SoftBounds} (gamma = 1).
     *
     * @param g the conductance
     * @param up the pulse direction
     * @param dw the step size
     * @param gMin the lower bound
     * @param gMax the upper bound
     * @param gammaUp up slope
     * @param gammaDown down slope
     * @return the step magnitude
     */
    static float linear(
            final float g,
            final boolean up,
            final float dw,
            final float gMin,
            final float gMax,
            final float gammaUp,
            final float gammaDown) {
        final float range = gMax - gMin;
        final float shape = up ? 1.0f - gammaUp * (g - gMin) / range : 1.0f - gammaDown * (gMax - g) / range;
        return dw * Math.max(shape, 0.0f);
    }
}
