package dev.xbar.core.device;

import dev.xbar.core.Check;
import java.util.Map;
import java.util.Objects;

/**
 * Exponentially state-dependent steps (aihwkit {@code ExpStepDevice}): with the toolkit's weight w = g - center
 * ({@link StepParameters#centerMicroSiemens()}) and this device's bounds, z = 2 a w / (gMax - gMin) + b, up = dw max(1 -
 * aUp exp(gammaUp z), 0) and down = dw max(1 - aDown exp(-gammaDown z), 0). Defaults are aihwkit's.
 *
 * @param steps the shared pulse parameters
 * @param aUp up amplitude A_up
 * @param aDown down amplitude A_down
 * @param gammaUp up exponent gamma_up
 * @param gammaDown down exponent gamma_down
 * @param a scale of the normalised conductance
 * @param b offset of the normalised conductance
 */
public record ExpStep(
        StepParameters steps, double aUp, double aDown, double gammaUp, double gammaDown, double a, double b)
        implements StepDevice {
    /** Validates every field. */
    public ExpStep {
        Objects.requireNonNull(steps, "steps");
        Check.range("aUp", aUp, -100, 100);
        Check.range("aDown", aDown, -100, 100);
        Check.range("gammaUp", gammaUp, 0, 100);
        Check.range("gammaDown", gammaDown, 0, 100);
        Check.range("a", a, -10, 10);
        Check.range("b", b, -10, 10);
    }

    /**
     * aihwkit's ExpStep defaults on the given pulse parameters.
     *
     * @param steps the shared pulse parameters
     * @return the device
     */
    public static ExpStep defaults(final StepParameters steps) {
        return new ExpStep(steps, 0.00081, 0.36833, 12.44625, 12.78785, 0.244, 0.2425);
    }

    /**
     * Reads the device from a spec file ({@link DeviceFamily}).
     *
     * @param f the device object's fields
     * @return the device
     */
    public static ExpStep read(final DeviceFields f) {
        final StepParameters steps = StepDevice.readSteps(f);
        final double aUp = f.number("aUp");
        final double aDown = f.number("aDown");
        final double gammaUp = f.number("gammaUp");
        final double gammaDown = f.number("gammaDown");
        final double a = f.number("a");
        final double b = f.number("b");
        return f.build(() -> new ExpStep(steps, aUp, aDown, gammaUp, gammaDown, a, b));
    }

    @Override
    public String family() {
        return "exp-step";
    }

    @Override
    public void writeShapeFields(final Map<String, Object> out) {
        out.put("aUp", aUp);
        out.put("aDown", aDown);
        out.put("gammaUp", gammaUp);
        out.put("gammaDown", gammaDown);
        out.put("a", a);
        out.put("b", b);
    }

    @Override
    public float meanStep(final float g, final boolean up, final float dw, final float gMin, final float gMax) {
        final double z = 2.0 * (g - steps.centerMicroSiemens()) / (gMax - gMin) * a + b;
        final double shape = up ? 1.0 - aUp * Math.exp(gammaUp * z) : 1.0 - aDown * Math.exp(-gammaDown * z);
        return (float) (dw * Math.max(shape, 0.0));
    }
}
