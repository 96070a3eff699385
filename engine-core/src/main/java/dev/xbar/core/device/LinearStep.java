package dev.xbar.core.device;

import dev.xbar.core.Check;
import java.util.Map;
import java.util.Objects;

/**
 * The step changes linearly with the toolkit's weight w = g - center (aihwkit {@code LinearStepDevice} with its default
 * mean-bound reference and multiplicative noise): up = dwUp (1 - gammaUp w / (gMax - center)), down = dwDown (1 +
 * gammaDown w / (center - gMin)), with the mean bounds of {@link StepParameters}; so the step is dw at w = 0 and
 * dw (1 - gamma) at the mean bound it moves towards. Not clamped at 0, as in the toolkit. The toolkit's device-to-device
 * spread of gamma (gamma_up_dtod) is not modelled.
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
        return new LinearSlopes(
                (float) gammaUp,
                (float) gammaDown,
                (float) steps.centerMicroSiemens(),
                (float) steps.gMinMicroSiemens(),
                (float) steps.gMaxMicroSiemens(),
                false);
    }

    @Override
    public void writeShapeFields(final Map<String, Object> out) {
        out.put("gammaUp", gammaUp);
        out.put("gammaDown", gammaDown);
    }

    @Override
    public float meanStep(final float g, final boolean up, final float dw, final float gMin, final float gMax) {
        return linear(g, up, dw, (float) (up ? gammaUp : gammaDown), (float) steps.centerMicroSiemens(), (float)
                (up ? steps.gMaxMicroSiemens() : steps.gMinMicroSiemens()));
    }

    /**
     * The scalar form of the {@link LinearSlopes} rule, shared with {@link SoftBounds} (gamma 1, the device's own
     * bounds as reference); the lane kernels follow it operation for operation.
     *
     * @param g the conductance
     * @param up the pulse direction
     * @param dw the device's step in that direction
     * @param gamma the slope in that direction
     * @param center the conductance of w = 0
     * @param bound the reference bound in that direction
     * @return the step (positive: towards the pulse's bound)
     */
    static float linear(
            final float g, final boolean up, final float dw, final float gamma, final float center, final float bound) {
        final float travelled = up ? g - center : center - g;
        final float reach = up ? bound - center : center - bound;
        return dw * (1.0f - gamma * travelled / reach);
    }
}
