package dev.xbar.cli;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.DeviceModel;
import dev.xbar.core.device.ExpStep;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.LinearStep;
import dev.xbar.core.device.SoftBounds;
import dev.xbar.core.device.StepParameters;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The device families {@code --device} can put on a chip. {@code gate} keeps a spec's gate device
 * (or takes the 2019 one); the pulse-step families use aihwkit-like defaults
 * ({@link StepParameters#defaults()}); a JSON spec gives full control.
 */
enum DeviceChoice {
    gate,
    constant_step,
    linear_step,
    soft_bounds,
    exp_step;

    @Override
    public String toString() {
        return name().replace('_', '-');
    }

    /** Lets picocli accept the hyphenated names. */
    static final class Converter implements ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static DeviceChoice parse(String text) {
        for (DeviceChoice d : values()) {
            if (d.toString().equals(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("--device '" + text
                + "' is not a device family (expected gate, constant-step, linear-step, soft-bounds or exp-step)");
    }

    ChipSpec applyTo(ChipSpec spec) {
        DeviceModel model = switch (this) {
            case gate -> spec.device() instanceof GateControlledDevice g ? g : GateControlledDevice.nmi2019();
            case constant_step -> new ConstantStep(StepParameters.defaults());
            case linear_step -> new LinearStep(StepParameters.defaults(), 0.1, 0.1);
            case soft_bounds -> new SoftBounds(StepParameters.defaults());
            case exp_step -> ExpStep.defaults(StepParameters.defaults());
        };
        return new ChipSpec(spec.rows(), spec.cols(), model, spec.variability(), spec.faults(), spec.peripherals());
    }
}
