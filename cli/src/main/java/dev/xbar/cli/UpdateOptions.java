package dev.xbar.cli;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.kernel.PulseTrain;
import dev.xbar.models.mapping.UpdateScheme;
import dev.xbar.models.study.TrialMode;
import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.TrainConfig;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How step devices are updated in situ: {@code --update rounded|stochastic} and the pulse-train settings of the
 * stochastic scheme (aihwkit's {@code UpdateParameters}: desired_bl, update_management, update_bl_management).
 */
final class UpdateOptions {
    /** The option names, for the commands that refuse them (a resumed run keeps its checkpoint's scheme). */
    static final List<String> NAMES = List.of("--update", "--pulse-bl", "--update-management", "--bl-management");

    @Option(
            names = "--update",
            paramLabel = "rounded|stochastic",
            description = "Step devices, in situ: rounded (each device gets round(change / dw_min) pulses of the "
                    + "optimizer's change, the default) or stochastic (aihwkit's pulse trains: plain SGD at "
                    + "the run's learning rate, sample by sample, a pulse per coincidence of row and column trains). Gate devices "
                    + "(nmi2019) program by the paper's two-pulse scheme and take neither.")
    String update;

    @Option(
            names = "--pulse-bl",
            paramLabel = "N",
            description = "With --update stochastic: the pulse-train length BL (aihwkit desired_bl), 1 to 64; with "
                    + "--bl-management on, the most slots. Default: 31.")
    Integer bl;

    @Option(
            names = "--update-management",
            paramLabel = "on|off",
            description = "With --update stochastic: balance the row and column probabilities by the ratio of the "
                    + "largest |d| to the largest |x| (aihwkit update_management). Default: on.")
    String management;

    @Option(
            names = "--bl-management",
            paramLabel = "on|off",
            description = "With --update stochastic: shorten each train to ceil(lr xMax dMax / dw_min) slots, at "
                    + "most BL (aihwkit update_bl_management; it implies update management). Default: on.")
    String blManagement;

    /**
     * Checks the values without a spec (before any work).
     *
     * @throws IllegalArgumentException naming the option of a bad or conflicting value
     */
    void check() {
        if (update == null || update.equals("rounded")) {
            if (bl != null || management != null || blManagement != null) {
                throw new IllegalArgumentException(
                        "--pulse-bl, --update-management and --bl-management need --update stochastic");
            }
            return;
        }
        if (!update.equals("stochastic")) {
            throw new IllegalArgumentException("--update '" + update + "' (expected rounded or stochastic)");
        }
        if (bl != null && (bl < 1 || bl > Long.SIZE)) {
            throw new IllegalArgumentException("--pulse-bl = " + bl + " must be in [1, 64]");
        }
        onOff("--update-management", management);
        onOff("--bl-management", blManagement);
    }

    /**
     * The config with the update the options ask for: unchanged for none or {@code rounded} on a step device; for
     * {@code stochastic}, SGD at the config's learning rate and the pulse-train scheme.
     *
     * @param config the run, its spec and mode settled
     * @return the config to train
     * @throws IllegalArgumentException naming the option when the run cannot take it (software, gate devices)
     */
    TrainConfig applyTo(final TrainConfig config) {
        check();
        if (update == null) {
            return config;
        }
        if (config.software()) {
            throw new IllegalArgumentException("--update programs a chip: it is for --mode insitu, not software");
        }
        checkDevice(config.spec());
        return stochastic().map(config::withStochasticUpdate).orElse(config);
    }

    /**
     * The stochastic scheme of a yield study's in situ trials.
     *
     * @param model the study's model
     * @param mode the study's mode
     * @param base the study's base spec
     * @return the scheme, or empty for none or {@code rounded}
     * @throws IllegalArgumentException naming the option when the study cannot take it
     */
    Optional<UpdateScheme.Stochastic> forStudy(final String model, final TrialMode mode, final ChipSpec base) {
        check();
        if (update == null) {
            return Optional.empty();
        }
        if (mode != TrialMode.INSITU || !Architecture.ids().contains(model)) {
            throw new IllegalArgumentException("--update programs the in situ training of a network: it needs "
                    + "--mode insitu and --model " + String.join(", ", Architecture.ids()) + ", not --mode "
                    + mode.label() + " --model " + model);
        }
        checkDevice(base);
        return stochastic();
    }

    private static void checkDevice(final ChipSpec spec) {
        if (!(spec.device() instanceof StepDevice)) {
            throw new IllegalArgumentException("--update is for step devices (--device constant-step, linear-step, "
                    + "soft-bounds, exp-step or piecewise-step); the gate device of this spec programs by the "
                    + "paper's two-pulse scheme");
        }
    }

    /**
     * The stochastic scheme the options ask for.
     *
     * @return the scheme, or empty for none or {@code rounded}
     * @throws IllegalArgumentException naming the option of a bad or conflicting value
     */
    Optional<UpdateScheme.Stochastic> stochastic() {
        check();
        if (!"stochastic".equals(update)) {
            return Optional.empty();
        }
        return Optional.of(new UpdateScheme.Stochastic(new PulseTrain(
                bl == null ? 31 : bl,
                management == null || management.equals("on"),
                blManagement == null || blManagement.equals("on"))));
    }

    private static void onOff(final String option, final String value) {
        if (value != null && !value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException(option + " '" + value + "' (expected on or off)");
        }
    }
}
