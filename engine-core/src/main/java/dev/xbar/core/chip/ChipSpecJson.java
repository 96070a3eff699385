package dev.xbar.core.chip;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.core.device.DeviceFamily;
import dev.xbar.core.device.DeviceModel;
import dev.xbar.core.io.AtomicFiles;
import dev.xbar.core.io.BoundedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON form of a {@link ChipSpec}: jackson-jr parses the text into maps; this class validates. Field names are the
 * record components; the device object carries a {@code type}, its family's name ({@link DeviceFamily}: {@code
 * gate}, {@code constant-step}, ...; the camel-case names of older files are read too), and the fields the family
 * writes ({@link DeviceModel#writeFields}; step devices: their {@code StepParameters} flattened in). A top-level {@code "preset": "nmi2019"} starts from that preset, so a file
 * need only name what it changes; otherwise every field is required, except that a file without the {@code energy}
 * object (one written before it existed) gets {@link EnergyModel#dpe2018()}. Unknown, missing and out-of-range fields are
 * errors that name the field path.
 */
public final class ChipSpecJson {
    private static final JSON WRITER = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    /** The largest spec file read (a piecewise device table makes the longest specs, far below this). */
    public static final long MAX_FILE_BYTES = 16L << 20;

    private ChipSpecJson() {}

    /**
     * The spec as nested maps, in record field order.
     *
     * @param spec the spec
     * @return a mutable map tree
     */
    public static Map<String, Object> toMap(final ChipSpec spec) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", spec.rows());
        m.put("cols", spec.cols());
        m.put("device", deviceMap(spec.device()));
        final Variability v = spec.variability();
        final Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("slopeSpread", v.slopeSpread());
        vm.put("offsetSpreadMicroSiemens", v.offsetSpreadMicroSiemens());
        vm.put("boundsSpread", v.boundsSpread());
        vm.put("stepSpread", v.stepSpread());
        vm.put("upDownSpread", v.upDownSpread());
        vm.put("readNoiseMicroSiemens", v.readNoiseMicroSiemens());
        vm.put("readNoiseRelative", v.readNoiseRelative());
        vm.put("driftNu", v.driftNu());
        vm.put("driftNuSpread", v.driftNuSpread());
        vm.put("driftT0Seconds", v.driftT0Seconds());
        m.put("variability", vm);
        final FaultModel f = spec.faults();
        final Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("stuckLowFraction", f.stuckLowFraction());
        fm.put("stuckHighFraction", f.stuckHighFraction());
        fm.put("stuckRandomFraction", f.stuckRandomFraction());
        fm.put("deadRows", new ArrayList<Object>(f.deadRows()));
        fm.put("deadColumns", new ArrayList<Object>(f.deadColumns()));
        fm.put("clusterRadius", f.clusterRadius());
        fm.put("mapFile", f.mapFile());
        m.put("faults", fm);
        final Peripherals p = spec.peripherals();
        final Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("dacBits", p.dacBits());
        pm.put("dacRangeVolts", p.dacRangeVolts());
        pm.put("readVolts", p.readVolts());
        pm.put("tiaOhms", p.tiaOhms());
        pm.put("adcBits", p.adcBits());
        pm.put("adcRangeVolts", p.adcRangeVolts());
        pm.put("outputNoiseMicroAmps", p.outputNoiseMicroAmps());
        m.put("peripherals", pm);
        final EnergyModel e = spec.energy();
        final Map<String, Object> em = new LinkedHashMap<>();
        em.put("setPulseJoules", e.setPulseJoules());
        em.put("setPulseSeconds", e.setPulseSeconds());
        em.put("resetPulseJoules", e.resetPulseJoules());
        em.put("resetPulseSeconds", e.resetPulseSeconds());
        em.put("stepPulseJoules", e.stepPulseJoules());
        em.put("stepPulseSeconds", e.stepPulseSeconds());
        em.put("readJoulesPerDevice", e.readJoulesPerDevice());
        em.put("readPulseSeconds", e.readPulseSeconds());
        em.put("dacJoulesPerConversion", e.dacJoulesPerConversion());
        em.put("adcJoulesPerConversion", e.adcJoulesPerConversion());
        em.put("adcSecondsPerConversion", e.adcSecondsPerConversion());
        m.put("energy", em);
        return m;
    }

    private static Map<String, Object> deviceMap(final DeviceModel device) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", device.family());
        device.writeFields(m);
        return m;
    }

    /**
     * Builds and validates a spec from nested maps (as parsed JSON).
     *
     * @param map the map tree
     * @return the spec
     * @throws IllegalArgumentException naming the field path of the first problem
     */
    @SuppressWarnings("unchecked")
    public static ChipSpec fromMap(final Map<String, Object> map) {
        Map<String, Object> tree = map;
        if (map.containsKey("preset")) {
            if (!(map.get("preset") instanceof String name)) {
                throw new IllegalArgumentException("preset = " + map.get("preset") + " must be a string");
            }
            tree = toMap(ChipSpec.preset(name));
            final Map<String, Object> overrides = new LinkedHashMap<>(map);
            overrides.remove("preset");
            merge(tree, overrides);
        }
        final Fields f = new Fields(tree, "");
        final int rows = f.integer("rows");
        final int cols = f.integer("cols");
        final DeviceModel device = device(f.object("device"));
        final Variability variability = variability(f.object("variability"));
        final FaultModel faults = faults(f.object("faults"));
        final Peripherals peripherals = peripherals(f.object("peripherals"));
        // Files written before the energy model (and the chips and checkpoints that embed them) have none: they get
        // the presets' model, which changes no device.
        final EnergyModel energy = tree.containsKey("energy") ? energy(f.object("energy")) : EnergyModel.dpe2018();
        return f.build(() -> new ChipSpec(rows, cols, device, variability, faults, peripherals, energy));
    }

    /** Deep merge, except that a given device object replaces the preset's whole device (its type may differ). */
    @SuppressWarnings("unchecked")
    private static void merge(final Map<String, Object> base, final Map<String, Object> overrides) {
        for (final Map.Entry<String, Object> e : overrides.entrySet()) {
            final Object old = base.get(e.getKey());
            if (old instanceof Map<?, ?> oldMap
                    && e.getValue() instanceof Map<?, ?> newMap
                    && !e.getKey().equals("device")) {
                merge((Map<String, Object>) oldMap, (Map<String, Object>) newMap);
            } else {
                base.put(e.getKey(), e.getValue());
            }
        }
    }

    private static DeviceModel device(final Fields f) {
        final String type = f.string("type");
        final DeviceFamily family;
        try {
            family = DeviceFamily.named(type);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(f.path("type") + " = " + e.getMessage(), e);
        }
        return family.read(f);
    }

    private static Variability variability(final Fields f) {
        final double slope = f.number("slopeSpread");
        final double offset = f.number("offsetSpreadMicroSiemens");
        final double bounds = f.number("boundsSpread");
        final double step = f.number("stepSpread");
        final double upDown = f.number("upDownSpread");
        final double readAbs = f.number("readNoiseMicroSiemens");
        final double readRel = f.number("readNoiseRelative");
        final double nu = f.number("driftNu");
        final double nuSpread = f.number("driftNuSpread");
        final double t0 = f.number("driftT0Seconds");
        return f.build(() -> new Variability(slope, offset, bounds, step, upDown, readAbs, readRel, nu, nuSpread, t0));
    }

    private static FaultModel faults(final Fields f) {
        final double low = f.number("stuckLowFraction");
        final double high = f.number("stuckHighFraction");
        final double random = f.number("stuckRandomFraction");
        final List<Integer> deadRows =
                Arrays.stream(f.integers("deadRows")).boxed().toList();
        final List<Integer> deadColumns =
                Arrays.stream(f.integers("deadColumns")).boxed().toList();
        final int radius = f.integer("clusterRadius");
        final String mapFile = f.string("mapFile");
        return f.build(() -> new FaultModel(low, high, random, deadRows, deadColumns, radius, mapFile));
    }

    private static Peripherals peripherals(final Fields f) {
        final int dacBits = f.integer("dacBits");
        final double dacRange = f.number("dacRangeVolts");
        final double read = f.number("readVolts");
        final double tia = f.number("tiaOhms");
        final int adcBits = f.integer("adcBits");
        final double adcRange = f.number("adcRangeVolts");
        final double noise = f.number("outputNoiseMicroAmps");
        return f.build(() -> new Peripherals(dacBits, dacRange, read, tia, adcBits, adcRange, noise));
    }

    private static EnergyModel energy(final Fields f) {
        final double setJ = f.number("setPulseJoules");
        final double setS = f.number("setPulseSeconds");
        final double resetJ = f.number("resetPulseJoules");
        final double resetS = f.number("resetPulseSeconds");
        final double stepJ = f.number("stepPulseJoules");
        final double stepS = f.number("stepPulseSeconds");
        final double readJ = f.number("readJoulesPerDevice");
        final double readS = f.number("readPulseSeconds");
        final double dacJ = f.number("dacJoulesPerConversion");
        final double adcJ = f.number("adcJoulesPerConversion");
        final double adcS = f.number("adcSecondsPerConversion");
        return f.build(() -> new EnergyModel(setJ, setS, resetJ, resetS, stepJ, stepS, readJ, readS, dacJ, adcJ, adcS));
    }

    /**
     * The spec as pretty-printed JSON.
     *
     * @param spec the spec
     * @return the text
     */
    public static String toJson(final ChipSpec spec) {
        try {
            return WRITER.asString(toMap(spec));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write chip spec as JSON", e);
        }
    }

    /**
     * Parses and validates JSON text.
     *
     * @param json the text
     * @param source what the text came from, for error messages (a file name)
     * @return the spec
     * @throws IllegalArgumentException starting with the source and naming the field path
     */
    public static ChipSpec fromJson(final String json, final String source) {
        final Map<String, Object> map;
        try {
            map = JSON.std.mapFrom(json);
        } catch (final IOException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (map == null) {
            throw new IllegalArgumentException(source + ": not a JSON object");
        }
        try {
            return fromMap(map);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a spec file.
     *
     * @param file the JSON file
     * @return the spec
     */
    public static ChipSpec load(final Path file) {
        return fromJson(BoundedFiles.readString(file, MAX_FILE_BYTES, "chip spec"), file.toString());
    }

    /**
     * Saves a spec as JSON, atomically.
     *
     * @param spec the spec
     * @param file the target
     */
    public static void save(final ChipSpec spec, final Path file) {
        AtomicFiles.writeString(file, toJson(spec));
    }

    /**
     * A spec with one field replaced by its JSON path, re-validated.
     *
     * @param spec the spec
     * @param path dot-separated path of an existing field, e.g. {@code faults.stuckRandomFraction}
     * @param value the new value
     * @return the new spec
     */
    @SuppressWarnings("unchecked")
    public static ChipSpec with(final ChipSpec spec, final String path, final Object value) {
        final Map<String, Object> root = toMap(spec);
        final String[] parts = path.split("\\.", -1);
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length; i++) {
            if (!node.containsKey(parts[i])) {
                throw new IllegalArgumentException(
                        "'" + path + "' is not a chip spec field (no '" + parts[i] + "' among " + node.keySet() + ")");
            }
            if (i == parts.length - 1) {
                node.put(
                        parts[i],
                        value instanceof int[] ints
                                ? Arrays.stream(ints).boxed().toList()
                                : value);
            } else if (node.get(parts[i]) instanceof Map<?, ?> child) {
                node = (Map<String, Object>) child;
            } else {
                throw new IllegalArgumentException(
                        "'" + path + "' is not a chip spec field ('" + parts[i] + "' is not an object)");
            }
        }
        return fromMap(root);
    }

    /**
     * The leaf field paths of a spec, as {@link #with} takes them.
     *
     * @param spec the spec
     * @return the paths in file order
     */
    public static List<String> fieldPaths(final ChipSpec spec) {
        final List<String> paths = new ArrayList<>();
        addPaths(toMap(spec), "", paths);
        return List.copyOf(paths);
    }

    @SuppressWarnings("unchecked")
    private static void addPaths(final Map<String, Object> node, final String prefix, final List<String> paths) {
        for (final Map.Entry<String, Object> e : node.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> child) {
                addPaths((Map<String, Object>) child, prefix + e.getKey() + ".", paths);
            } else {
                paths.add(prefix + e.getKey());
            }
        }
    }
}
