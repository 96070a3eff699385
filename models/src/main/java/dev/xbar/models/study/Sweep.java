package dev.xbar.models.study;

import dev.xbar.core.Check;
import dev.xbar.core.kernel.Programming;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One swept parameter of a study: a {@code ChipSpec} field, named by its JSON path or a short alias, and the values it
 * takes. Written on the command line as {@code NAME=V1,V2,...}, e.g. {@code stuck=0,0.05,0.1}.
 *
 * <p>Aliases (any other name is taken as a JSON path into {@code ChipSpec}, e.g. {@code variability.boundsSpread}):
 *
 * <ul>
 *   <li>{@code stuck}: faults.stuckRandomFraction; {@code stuck_low}: faults.stuckLowFraction; {@code stuck_high}:
 *       faults.stuckHighFraction
 *   <li>{@code write_noise}: device.writeNoiseMicroSiemens (gate devices); {@code step_noise}: device.dwMinStd (step
 *       devices)
 *   <li>{@code read_noise}: variability.readNoiseMicroSiemens; {@code read_noise_rel}: variability.readNoiseRelative
 *   <li>{@code d2d}: variability.slopeSpread (device-to-device spread of a gate device's slope); {@code d2d_step}:
 *       variability.stepSpread
 *   <li>{@code adc_bits}: peripherals.adcBits; {@code dac_bits}: peripherals.dacBits; {@code output_noise}:
 *       peripherals.outputNoiseMicroAmps
 *   <li>{@code vg_min}, {@code vg_max}: device.vgMinVolts, device.vgMaxVolts
 *   <li>{@code rows}, {@code cols}: the array size
 *   <li>{@code verify_iterations}, {@code verify_tolerance}: not spec fields but the write-verify parameters of an ex
 *       situ study with write-verify ({@link #PROGRAM} paths, {@link Programming.WriteVerify#with})
 * </ul>
 *
 * @param name the name as given (an alias or a path), used in summaries and plots
 * @param path the JSON path into {@code ChipSpec}
 * @param values the values, in the order given, distinct
 */
public record Sweep(String name, String path, List<Double> values) {

    /** The prefix of the paths that set a write-verify parameter instead of a spec field. */
    public static final String PROGRAM = "program.";

    /** The aliases, alias to JSON path, in documentation order. */
    public static final Map<String, String> ALIASES = aliases();

    private static final String SYNTAX = "expected NAME=V1,V2,... with NAME a chip spec field path or one of "
            + String.join(", ", ALIASES.keySet()) + ", and numbers as values";

    /** Checks the name, path and values. */
    public Sweep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("sweep " + name + " has no values");
        }
        final Set<Double> seen = new HashSet<>();
        for (final Double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("sweep " + name + ": value " + v + " is not a finite number");
            }
            if (!seen.add(v)) {
                throw new IllegalArgumentException(
                        "sweep " + name + ": value " + Check.format(v) + " is given twice (values must be distinct)");
            }
        }
    }

    /**
     * Parses {@code NAME=V1,V2,...}. The path is not checked against a spec here; {@link Study} does that.
     *
     * @param text the sweep as typed
     * @return the sweep
     * @throws IllegalArgumentException naming the offending token and the expected syntax
     */
    public static Sweep parse(final String text) {
        final int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--sweep '" + text + "': no '=' (" + SYNTAX + ")");
        }
        final String name = text.substring(0, eq).trim();
        if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException(
                    "--sweep '" + text + "': '" + name + "' is not a field name (" + SYNTAX + ")");
        }
        final String list = text.substring(eq + 1);
        if (list.isBlank()) {
            throw new IllegalArgumentException("--sweep '" + text + "': no values after '=' (" + SYNTAX + ")");
        }
        final List<Double> values = new ArrayList<>();
        for (final String token : list.split(",", -1)) {
            values.add(number(text, token.trim()));
        }
        try {
            return new Sweep(name, ALIASES.getOrDefault(name, name), values);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("--sweep '" + text + "': " + e.getMessage(), e);
        }
    }

    private static double number(final String text, final String token) {
        try {
            final double v = Double.parseDouble(token);
            if (Double.isFinite(v) && !token.isEmpty() && !token.endsWith("d") && !token.endsWith("f")) {
                return v;
            }
        } catch (final NumberFormatException e) {
            // reported below with the token and the syntax
        }
        throw new IllegalArgumentException("--sweep '" + text + "': '" + token + "' is not a number (" + SYNTAX + ")");
    }

    /**
     * The sweep as it is written on the command line, e.g. {@code stuck=0,0.05}.
     *
     * @return the text
     */
    public String text() {
        final StringBuilder b = new StringBuilder(name).append('=');
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Check.format(values.get(i)));
        }
        return b.toString();
    }

    /**
     * The unit of the swept values, for help texts, legends and axes: the alias's unit, else one read off the path's
     * suffix ({@code ...MicroSiemens}, {@code ...Volts}, {@code ...Fraction}, ...), else empty.
     *
     * @return the unit, e.g. {@code µS} or {@code fraction of devices}
     */
    public String unit() {
        return unitOf(name, path);
    }

    /**
     * The unit of a sweep name and path, as {@link #unit()} explains.
     *
     * @param name the alias or path
     * @param path the JSON path
     * @return the unit, possibly empty
     */
    public static String unitOf(final String name, final String path) {
        final String alias = ALIAS_UNITS.get(name);
        if (alias != null) {
            return alias;
        }
        for (final Map.Entry<String, String> e : SUFFIX_UNITS.entrySet()) {
            if (path.endsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return "";
    }

    private static final Map<String, String> ALIAS_UNITS = Map.ofEntries(
            Map.entry("stuck", "fraction of devices"),
            Map.entry("stuck_low", "fraction of devices"),
            Map.entry("stuck_high", "fraction of devices"),
            Map.entry("write_noise", "\u00b5S"),
            Map.entry("step_noise", "fraction of a step"),
            Map.entry("read_noise", "\u00b5S"),
            Map.entry("read_noise_rel", "fraction of G"),
            Map.entry("d2d", "fraction of the slope"),
            Map.entry("d2d_step", "fraction of a step"),
            Map.entry("adc_bits", "bits"),
            Map.entry("dac_bits", "bits"),
            Map.entry("output_noise", "\u00b5A"),
            Map.entry("vg_min", "V"),
            Map.entry("vg_max", "V"),
            Map.entry("rows", "devices"),
            Map.entry("cols", "devices"),
            Map.entry("verify_iterations", "rounds"),
            Map.entry("verify_tolerance", "\u00b5S"));

    private static final Map<String, String> SUFFIX_UNITS = Map.of(
            "MicroSiemens", "\u00b5S",
            "MicroAmps", "\u00b5A",
            "Volts", "V",
            "Fraction", "fraction",
            "Bits", "bits",
            "Seconds", "s");

    private static Map<String, String> aliases() {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("stuck", "faults.stuckRandomFraction");
        m.put("stuck_low", "faults.stuckLowFraction");
        m.put("stuck_high", "faults.stuckHighFraction");
        m.put("write_noise", "device.writeNoiseMicroSiemens");
        m.put("step_noise", "device.dwMinStd");
        m.put("read_noise", "variability.readNoiseMicroSiemens");
        m.put("read_noise_rel", "variability.readNoiseRelative");
        m.put("d2d", "variability.slopeSpread");
        m.put("d2d_step", "variability.stepSpread");
        m.put("adc_bits", "peripherals.adcBits");
        m.put("dac_bits", "peripherals.dacBits");
        m.put("output_noise", "peripherals.outputNoiseMicroAmps");
        m.put("vg_min", "device.vgMinVolts");
        m.put("vg_max", "device.vgMaxVolts");
        m.put("rows", "rows");
        m.put("cols", "cols");
        m.put("verify_iterations", PROGRAM + "iterations");
        m.put("verify_tolerance", PROGRAM + "tolerance_micro_siemens");
        return Collections.unmodifiableMap(m);
    }
}
