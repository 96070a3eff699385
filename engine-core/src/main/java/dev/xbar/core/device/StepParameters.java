package dev.xbar.core.device;

import dev.xbar.core.Check;

/**
 * What every pulse-step device shares (aihwkit {@code PulsedDevice} semantics, in conductance units): a pulse moves G
 * by a state-dependent fraction of the step size, up steps are {@code dwMin * (1 + upDown)} and down steps {@code
 * dwMin * (1 - upDown)}, each step carries multiplicative cycle-to-cycle noise {@code (1 + dwMinStd * xi)}, and G is
 * clipped to the device's own [gMin, gMax]. Device-to-device spreads of the step, asymmetry and bounds live in {@code
 * Variability}.
 *
 * @param dwMinMicroSiemens mean step size of one pulse (aihwkit dw_min)
 * @param upDown systematic up/down asymmetry beta (aihwkit up_down)
 * @param dwMinStd cycle-to-cycle standard deviation of a step, relative to the step (aihwkit dw_min_std)
 * @param gMinMicroSiemens mean lower bound
 * @param gMaxMicroSiemens mean upper bound
 */
public record StepParameters(
        double dwMinMicroSiemens, double upDown, double dwMinStd, double gMinMicroSiemens, double gMaxMicroSiemens) {

    /** Validates every field. */
    public StepParameters {
        Check.range("dwMinMicroSiemens", dwMinMicroSiemens, 1e-6, 1000);
        Check.range("upDown", upDown, -1, 1);
        Check.range("dwMinStd", dwMinStd, 0, 10);
        Check.range("gMinMicroSiemens", gMinMicroSiemens, 0, 10_000);
        Check.range("gMaxMicroSiemens", gMaxMicroSiemens, gMinMicroSiemens + 1e-6, 10_000);
    }

    /**
     * aihwkit's defaults mapped onto conductance: its weight range [-0.6, 0.6] with dw_min 0.001 becomes [0, 120] uS
     * with 0.1 uS steps (the same 1200 states), dw_min_std 0.3, no asymmetry.
     *
     * @return the defaults
     */
    public static StepParameters defaults() {
        return new StepParameters(0.1, 0, 0.3, 0, 120);
    }
}
