package dev.xbar.cli;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.device.DeviceFamily;
import dev.xbar.core.device.DeviceModel;
import dev.xbar.core.device.PiecewiseStep;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.device.StepParameters;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A device family {@code --device} puts on a chip ({@link DeviceFamily}: the names spec files use too). A spec that
 * already holds a device of that family keeps it (so {@code --device gate} keeps a preset's gate device); otherwise
 * the family's defaults replace the spec's device. Families that need data no default can give (piecewise-step's
 * measured table) come from {@code --device-table FILE.csv} or a spec file.
 *
 * @param family the family
 */
record DeviceChoice(DeviceFamily family) {
    /** Lets picocli parse family names. */
    static final class Converter implements ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(final String value) {
            try {
                return parse(value);
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static DeviceChoice parse(final String text) {
        final DeviceFamily family;
        try {
            family = DeviceFamily.named(text);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("--device " + e.getMessage(), e);
        }
        return new DeviceChoice(family);
    }

    /**
     * The spec with the device that {@code --device} and {@code --device-table} ask for: a table makes a
     * piecewise-step device with the spec's pulse parameters (a step device's, else the step defaults); otherwise as
     * {@link #applyTo(ChipSpec)}.
     *
     * @param choice the --device choice, or null
     * @param table the --device-table file, or null
     * @param spec the spec
     * @return the spec to use
     * @throws IllegalStateException naming the options when they conflict (a usage error for the caller)
     * @throws IllegalArgumentException naming the file and line of a malformed table
     */
    static ChipSpec apply(final DeviceChoice choice, final Path table, final ChipSpec spec) {
        if (table == null) {
            return choice == null ? spec : choice.applyTo(spec);
        }
        if (choice != null && !choice.family.name().equals("piecewise-step")) {
            throw new IllegalStateException(
                    "--device-table gives a piecewise-step device; it cannot be used with --device " + choice);
        }
        final StepParameters steps = spec.device() instanceof StepDevice s ? s.steps() : StepParameters.defaults();
        return with(spec, PiecewiseStep.readTable(table, steps));
    }

    ChipSpec applyTo(final ChipSpec spec) {
        if (spec.device().family().equals(family.name())) {
            return spec;
        }
        if (family.defaults() == null) {
            throw new IllegalStateException("--device " + family.name()
                    + " needs a measured response table: --device-table FILE.csv, or the device in a spec file");
        }
        return with(spec, family.defaults());
    }

    private static ChipSpec with(final ChipSpec spec, final DeviceModel model) {
        return spec.withDevice(model);
    }

    @Override
    public String toString() {
        return family.name();
    }
}
