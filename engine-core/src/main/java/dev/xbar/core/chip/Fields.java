package dev.xbar.core.chip;

import dev.xbar.core.device.DeviceFields;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Typed reads from one parsed JSON object, with errors that name the field's full path ({@code device.vgMinVolts is
 * missing}) and a final check that no unknown field was given.
 */
final class Fields implements DeviceFields {
    private final Map<String, Object> map;
    private final String path;
    private final Set<String> known = new LinkedHashSet<>();

    Fields(final Map<String, Object> map, final String path) {
        this.map = map;
        this.path = path;
    }

    String path(final String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private Object take(final String name) {
        known.add(name);
        final Object value = map.get(name);
        if (value == null) {
            throw new IllegalArgumentException(path(name) + " is missing");
        }
        return value;
    }

    @Override
    public double number(final String name) {
        if (take(name) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(path(name) + " = " + map.get(name) + " must be a number");
    }

    int integer(final String name) {
        final double value = number(name);
        if (value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(path(name) + " = " + map.get(name) + " must be an integer");
        }
        return (int) value;
    }

    String string(final String name) {
        if (take(name) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(path(name) + " = " + map.get(name) + " must be a string");
    }

    List<?> list(final String name) {
        if (take(name) instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(path(name) + " = " + map.get(name) + " must be a list");
    }

    int[] integers(final String name) {
        final List<?> list = list(name);
        final int[] values = new int[list.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(list.get(i) instanceof Number n)
                    || n.doubleValue() != Math.rint(n.doubleValue())
                    || n.doubleValue() < Integer.MIN_VALUE
                    || n.doubleValue() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(path(name) + "[" + i + "] = " + list.get(i) + " must be an integer");
            }
            values[i] = n.intValue();
        }
        return values;
    }

    @Override
    public float[] floats(final String name) {
        final List<?> list = list(name);
        final float[] values = new float[list.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException(path(name) + "[" + i + "] = " + list.get(i) + " must be a number");
            }
            values[i] = n.floatValue();
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    Fields object(final String name) {
        if (take(name) instanceof Map<?, ?> m) {
            return new Fields((Map<String, Object>) m, path(name));
        }
        throw new IllegalArgumentException(path(name) + " must be an object");
    }

    /**
     * Builds the object after checking that every given field was read; a validation error from the constructor gets
     * this object's path in front of the field it names.
     */
    @Override
    public <T> T build(final Supplier<T> constructor) {
        for (final String name : map.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(
                        path(name) + " is not a known field (known: " + String.join(", ", known) + ")");
            }
        }
        return validate(constructor);
    }

    /** Runs a constructor, putting this object's path in front of the field a validation error names. */
    @Override
    public <T> T validate(final Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(path.isEmpty() ? e.getMessage() : path + "." + e.getMessage(), e);
        }
    }
}
