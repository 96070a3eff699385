package dev.xbar.core.device;

import java.util.function.Supplier;

/**
 * The fields of one device object of a chip spec file, as each device family reads itself from it ({@link
 * DeviceFamily#read}); the spec reader implements it with field paths in every error message.
 */
public interface DeviceFields {
    /**
     * A required number.
     *
     * @param name the field
     * @return its value
     * @throws IllegalArgumentException naming the field if it is missing or not a number
     */
    double number(String name);

    /**
     * A required list of numbers.
     *
     * @param name the field
     * @return its values
     * @throws IllegalArgumentException naming the field if it is missing or not a list of numbers
     */
    float[] floats(String name);

    /**
     * Builds the device after checking that every field of the object was read; a validation error gets the
     * object's path in front of the field it names.
     *
     * @param constructor makes the device
     * @param <T> the device type
     * @return the device
     */
    <T> T build(Supplier<T> constructor);

    /**
     * Runs a constructor of a part of the device (e.g. its {@link StepParameters}), prefixing its errors with the
     * object's path.
     *
     * @param constructor makes the part
     * @param <T> its type
     * @return the part
     */
    <T> T validate(Supplier<T> constructor);
}
