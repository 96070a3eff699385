package dev.xbar.core.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The device families by name: the one spelling a chip spec file ({@code "type"}) and the command line ({@code
 * --device}) use, each family's defaults and how it reads itself from a spec file. What a family is (its fields, its
 * defaults, its step rule) lives on its own record; this is only the index of names.
 *
 * @param name the family's name, kebab-case
 * @param defaults the family's default device (the gate family: the 2019 paper's device), or null where a device
 *     needs data no default can give (piecewise-step: a measured response table)
 * @param reader reads the family's fields from a spec file's device object
 */
public record DeviceFamily(String name, DeviceModel defaults, Function<DeviceFields, DeviceModel> reader) {
    private static final Map<String, DeviceFamily> FAMILIES = index(
            new DeviceFamily("gate", GateControlledDevice.nmi2019(), GateControlledDevice::read),
            new DeviceFamily("constant-step", ConstantStep.defaults(), ConstantStep::read),
            new DeviceFamily("linear-step", LinearStep.defaults(), LinearStep::read),
            new DeviceFamily("soft-bounds", SoftBounds.defaults(), SoftBounds::read),
            new DeviceFamily("exp-step", ExpStep.defaults(StepParameters.defaults()), ExpStep::read),
            new DeviceFamily("piecewise-step", null, PiecewiseStep::read));

    private static Map<String, DeviceFamily> index(final DeviceFamily... families) {
        final Map<String, DeviceFamily> map = new LinkedHashMap<>();
        for (final DeviceFamily f : families) {
            map.put(f.name(), f);
        }
        return map;
    }

    /**
     * The family of a name: the kebab-case name, or the camel-case one spec files used before version 0.2
     * ({@code softBounds}).
     *
     * @param name the name
     * @return the family
     * @throws IllegalArgumentException listing the names if there is no such family
     */
    public static DeviceFamily named(final String name) {
        final DeviceFamily family =
                FAMILIES.get(name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
        if (family == null) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a device family (expected one of " + String.join(", ", names()) + ")");
        }
        return family;
    }

    /**
     * Every family's name, in a fixed order.
     *
     * @return the names
     */
    public static List<String> names() {
        return new ArrayList<>(FAMILIES.keySet());
    }

    /**
     * Reads a device of this family.
     *
     * @param fields the device object's fields (without "type")
     * @return the device
     */
    public DeviceModel read(final DeviceFields fields) {
        return reader.apply(fields);
    }
}
