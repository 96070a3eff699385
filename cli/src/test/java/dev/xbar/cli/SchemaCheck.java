package dev.xbar.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of JSON Schema (draft 2020-12) that the chip spec schema uses, enough to check files against it in the
 * tests: type, properties, required, additionalProperties false, items, enum, oneOf, $ref to #/$defs and if/then/else
 * with a required-only condition. Written here rather than taken from a validator library: it is 60 lines, and the
 * project ships no schema validation itself (the spec reader is the validator users run).
 */
final class SchemaCheck {
    private SchemaCheck() {}

    /** The problems of a JSON value against a schema, empty when it is valid. */
    static List<String> errors(final Map<String, Object> root, final Object value) {
        final List<String> out = new ArrayList<>();
        check(root, root, value, "$", out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void check(
            final Map<String, Object> root,
            final Map<String, Object> schema,
            final Object value,
            final String at,
            final List<String> out) {
        if (schema.get("$ref") instanceof String ref) {
            final Map<String, Object> defs = (Map<String, Object>) root.get("$defs");
            check(root, (Map<String, Object>) defs.get(ref.substring("#/$defs/".length())), value, at, out);
        }
        if (schema.get("if") instanceof Map<?, ?> cond) {
            final boolean holds =
                    value instanceof Map<?, ?> m && m.keySet().containsAll((List<?>) cond.get("required"));
            check(root, (Map<String, Object>) schema.get(holds ? "then" : "else"), value, at, out);
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            out.add(at + " = " + value + " is not one of " + allowed);
        }
        if (schema.get("oneOf") instanceof List<?> options) {
            int matches = 0;
            for (final Object option : options) {
                matches += errors(root, (Map<String, Object>) option, value).isEmpty() ? 1 : 0;
            }
            if (matches != 1) {
                out.add(at + " matches " + matches + " of the oneOf options, not 1");
            }
        }
        if (schema.get("type") instanceof String type && !hasType(value, type)) {
            out.add(at + " = " + value + " is not of type " + type);
            return;
        }
        if (value instanceof Map<?, ?> object && schema.get("properties") instanceof Map<?, ?> props) {
            for (final Object name : (List<?>) schema.getOrDefault("required", List.of())) {
                if (!object.containsKey(name)) {
                    out.add(at + "." + name + " is required");
                }
            }
            for (final Map.Entry<?, ?> e : object.entrySet()) {
                final Object sub = props.get(e.getKey());
                if (sub == null) {
                    if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                        out.add(at + "." + e.getKey() + " is not allowed");
                    }
                } else {
                    check(root, (Map<String, Object>) sub, e.getValue(), at + "." + e.getKey(), out);
                }
            }
        }
        if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                check(root, (Map<String, Object>) items, list.get(i), at + "[" + i + "]", out);
            }
        }
    }

    /** A oneOf option checked on its own (its $refs resolve against the root). */
    private static List<String> errors(
            final Map<String, Object> root, final Map<String, Object> schema, final Object value) {
        final List<String> out = new ArrayList<>();
        check(root, schema, value, "", out);
        return out;
    }

    private static boolean hasType(final Object value, final String type) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
            default -> throw new IllegalArgumentException("type " + type + " is not supported here");
        };
    }
}
