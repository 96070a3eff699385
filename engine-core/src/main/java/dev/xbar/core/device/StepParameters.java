package dev.xbar.core.device;

import dev.xbar.core.Check;

/**
 * What every pulse-step device shares (aihwkit {@code PulsedDevice} definitions, in conductance units): the toolkit's
 * weight w is {@code g - center}, with {@link #centerMicroSiemens} the middle of the mean bounds, so its w_min and w_max
 * are gMin - center and gMax - center and its w = 0 is the center. A pulse moves G by a state-dependent fraction of the
 * device's step in that direction; with asymmetry beta = upDown, the larger of the two steps is dwMin and the smaller
 * dwMin (1 - |beta|) (beta &gt; 0: down steps are the smaller); each step carries multiplicative cycle-to-cycle noise
 * {@code (1 + dwMinStd * xi)}, and G is clipped to the device's own [gMin, gMax]. Device-to-device spreads of the step,
 * asymmetry and bounds live in {@code Variability}.
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
     * The conductance that stands for the toolkit's w = 0: the middle of the mean bounds. Every step device's range
     * contains it.
     *
     * @return (gMin + gMax) / 2
     */
    public double centerMicroSiemens() {
        return (gMinMicroSiemens + gMaxMicroSiemens) / 2;
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
