package dev.xbar.cli;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.device.DeviceFamily;
import dev.xbar.core.device.DeviceModel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A device family {@code --device} puts on a chip ({@link DeviceFamily}: the names spec files use too). A spec that
 * already holds a device of that family keeps it (so {@code --device gate} keeps a preset's gate device); otherwise
 * the family's defaults replace the spec's device. Families that need data no default can give (a measured table)
 * come only from a spec file.
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
        if (family.defaults() == null) {
            throw new IllegalArgumentException("--device " + family.name()
                    + " needs a measured response table: give the device in a spec file (--spec FILE)");
        }
        return new DeviceChoice(family);
    }

    ChipSpec applyTo(final ChipSpec spec) {
        final DeviceModel model = spec.device().family().equals(family.name()) ? spec.device() : family.defaults();
        return new ChipSpec(spec.rows(), spec.cols(), model, spec.variability(), spec.faults(), spec.peripherals());
    }

    @Override
    public String toString() {
        return family.name();
    }
}
