package dev.xbar.core.device;

import dev.xbar.core.random.RandomStreams;
import java.util.Map;

/**
 * A pulse-step device (aihwkit family): each pulse moves G up or down by {@link #meanStep} times {@code (1 +
 * dwMinStd * xi)}, then G is clipped to the device's bounds. Implementations give only the noiseless step shape.
 */
public sealed interface StepDevice extends DeviceModel
        permits ConstantStep, LinearStep, SoftBounds, ExpStep, PiecewiseStep {
    /**
     * The shared pulse parameters.
     *
     * @return the parameters
     */
    StepParameters steps();

    /**
     * The linear step rule of this device when it has one (constant steps: both slopes 0; linear step; soft bounds),
     * so that kernels can run it in float lanes; null for shapes without that closed form.
     *
     * @return the rule, or null
     */
    default LinearSlopes linearSlopes() {
        return null;
    }

    /**
     * The linear step rule of aihwkit's {@code LinearStepDevice} (mean-bound reference, multiplicative noise) and
     * {@code SoftBoundsDevice}: a pulse's step is {@code dw (1 - gamma travelled / reach)}, where travelled is the
     * toolkit's weight w = g - center signed towards the bound the pulse moves to (g - center going up, center - g
     * going down) and reach is the distance from the center to the reference bound in that direction: the mean bound
     * (high or low) for linear steps, the device's own bound for soft bounds. Not clamped at 0, as in the toolkit.
     * The scalar form, which kernels follow operation for operation, is {@code LinearStep.linear}.
     *
     * @param up gamma of potentiating pulses
     * @param down gamma of depressing pulses
     * @param center the conductance of w = 0 ({@link StepParameters#centerMicroSiemens()})
     * @param low the mean lower bound, the reference of down steps unless ownBounds
     * @param high the mean upper bound, the reference of up steps unless ownBounds
     * @param ownBounds whether the reference bounds are each device's own (soft bounds)
     */
    record LinearSlopes(float up, float down, float center, float low, float high, boolean ownBounds) {
        /**
         * Whether the step is constant (both slopes 0).
         *
         * @return true for a constant step
         */
        public boolean constant() {
            return up == 0.0f && down == 0.0f;
        }
    }

    @Override
    default void writeFields(final Map<String, Object> out) {
        final StepParameters p = steps();
        out.put("dwMinMicroSiemens", p.dwMinMicroSiemens());
        out.put("upDown", p.upDown());
        out.put("dwMinStd", p.dwMinStd());
        out.put("gMinMicroSiemens", p.gMinMicroSiemens());
        out.put("gMaxMicroSiemens", p.gMaxMicroSiemens());
        writeShapeFields(out);
    }

    /**
     * Writes the fields of the step shape, after the shared pulse parameters.
     *
     * @param out the device object's fields
     */
    default void writeShapeFields(final Map<String, Object> out) {}

    /**
     * Reads the shared pulse parameters of a step device from a spec file.
     *
     * @param f the device object's fields
     * @return the parameters
     */
    static StepParameters readSteps(final DeviceFields f) {
        final double dwMin = f.number("dwMinMicroSiemens");
        final double upDown = f.number("upDown");
        final double dwMinStd = f.number("dwMinStd");
        final double gMin = f.number("gMinMicroSiemens");
        final double gMax = f.number("gMaxMicroSiemens");
        return f.validate(() -> new StepParameters(dwMin, upDown, dwMinStd, gMin, gMax));
    }

    @Override
    default double gMinMicroSiemens() {
        return steps().gMinMicroSiemens();
    }

    @Override
    default double gMaxMicroSiemens() {
        return steps().gMaxMicroSiemens();
    }

    /**
     * The noiseless size of one pulse's step at conductance g, for one device (positive: towards the pulse's bound).
     *
     * @param g the present conductance, in [gMin, gMax]
     * @param up true for a potentiating pulse, false for a depressing one
     * @param dw this device's step size in that direction (after device-to-device spread and asymmetry)
     * @param gMin this device's lower bound
     * @param gMax this device's upper bound (greater than gMin)
     * @return the step magnitude in microsiemens
     */
    float meanStep(float g, boolean up, float dw, float gMin, float gMax);

    /**
     * One device's conductance after {@code n} signed pulses, one after another (each step depends on the conductance
     * the previous one left): pulse p moves g by {@link #meanStep} times {@code (1 + std * xi_p)}, xi_p = {@code
     * RandomStreams.gaussian(deviceKey, p)}, and clips to [gMin, gMax]. The pulse rule of every kernel
     * implementation; a faulty device takes no pulses at all (the caller skips it).
     *
     * @param g the present conductance
     * @param n signed pulse count: n &gt; 0 potentiating, n &lt; 0 depressing
     * @param dw this device's step size in the pulses' direction
     * @param gMin this device's lower bound
     * @param gMax this device's upper bound
     * @param deviceKey the device's noise stream, {@code RandomStreams.bits(callKey, k)}
     * @param std relative cycle-to-cycle step noise
     * @return the conductance after the pulses
     */
    default float afterPulses(
            final float g,
            final int n,
            final float dw,
            final float gMin,
            final float gMax,
            final long deviceKey,
            final float std) {
        final boolean up = n > 0;
        float value = g;
        final int count = Math.abs(n);
        for (int p = 0; p < count; p++) {
            final float step = meanStep(value, up, dw, gMin, gMax);
            final float noisy = std == 0.0f ? step : step * (1.0f + std * RandomStreams.gaussian(deviceKey, p));
            value = Math.clamp(up ? value + noisy : value - noisy, gMin, gMax);
        }
        return value;
    }
}
