package dev.xbar.cli;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ChipSpecJson;
import dev.xbar.core.chip.ChipSpecSchema;
import dev.xbar.core.chip.PresetSources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xbar spec}: the chip spec, documented from the code that reads it: {@code show} prints every field of a preset
 * or file with its unit and where its value comes from, {@code validate} reads a file exactly as {@code train --spec}
 * does (same errors), {@code presets} lists the presets.
 */
@Command(
        name = "spec",
        mixinStandardHelpOptions = true,
        description = "Chip specs: show a preset or file field by field with units and sources, validate a file, "
                + "list the presets. The format: README 'Chip spec files' and docs/chip-spec.schema.json.",
        subcommands = {
            SpecCommand.Show.class,
            SpecCommand.Validate.class,
            SpecCommand.Presets.class,
            SpecCommand.Schema.class
        })
final class SpecCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What each preset is, for {@code spec presets}. */
    static final Map<String, String> DESCRIPTIONS = descriptions();

    private static Map<String, String> descriptions() {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put(
                "nmi2019",
                "the 2019 CNN chip as this project models it: the authors' device and write noise plus assumed "
                        + "non-idealities of a real chip (slope spread, read noise, stuck devices, dead columns, "
                        + "500 uS cap, DAC/ADC); the default of the cnn and convlstm");
        m.put("natcomm2018", "the 2018 MLP chip (Li et al. 2018): its device curve, 4 uS noise, 11% stuck devices");
        m.put("ideal", "the 2019 device without write noise, spread or faults (the DAC and ADC still quantise)");
        m.put(
                "nmi2019-sim",
                "exactly the authors' published simulation of the 2019 CNN: their device curve and 8 uS write "
                        + "noise, nothing else");
        return m;
    }

    /** A preset by name, or a spec file. */
    private static ChipSpec resolve(final String presetOrFile) {
        return ChipSpec.PRESET_NAMES.contains(presetOrFile)
                ? ChipSpec.preset(presetOrFile)
                : ChipSpec.load(Path.of(presetOrFile));
    }

    /**
     * The unit of a spec field, from its name's suffix (the house rule: units are in the names).
     *
     * @param path the field path
     * @return the unit, or empty for a dimensionless or textual field
     */
    static String unit(final String path) {
        final String name = path.substring(path.lastIndexOf('.') + 1);
        for (final String[] suffix : new String[][] {
            {"MicroSiemensPerVolt", "uS/V"},
            {"MicroSiemens", "uS"},
            {"MicroAmps", "uA"},
            {"Volts", "V"},
            {"Ohms", "Ohm"},
            {"Seconds", "s"},
            {"SecondsPerConversion", "s"},
            {"Joules", "J"},
            {"JoulesPerDevice", "J"},
            {"JoulesPerConversion", "J"},
            {"Bits", "bits"},
            {"Fraction", "fraction of devices"},
            {"Spread", "relative, 1 sd"},
            {"Radius", "devices"},
            {"Rows", "0-based row indices"},
            {"Columns", "0-based column indices"}
        }) {
            if (name.endsWith(suffix[0])) {
                return suffix[1];
            }
        }
        return List.of("rows", "cols").contains(name) ? "devices" : "";
    }

    /** {@code xbar spec show [PRESET|FILE]}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Every field of a preset or spec file: value, unit and source (for a preset, or the fields "
                    + "a file takes from its preset). --json: the complete spec as a file would hold it.")
    static final class Show implements Callable<Integer> {
        @Parameters(
                paramLabel = "PRESET|FILE",
                defaultValue = "nmi2019",
                description = "A preset name or a spec file. Default: nmi2019.")
        String what;

        @Option(names = "--json", description = "Print the complete spec as JSON (a valid spec file).")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            final ChipSpec chip = resolve(what);
            final PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(chip.toJson());
                out.flush();
                return 0;
            }
            final boolean preset = ChipSpec.PRESET_NAMES.contains(what);
            final SpecSource source = SpecSource.of(what, preset ? null : Path.of(what), null);
            final String base = source.basePreset();
            final Map<String, String> sources = base == null ? Map.of() : PresetSources.of(base);
            final ChipSpec baseSpec = base == null ? null : ChipSpec.preset(base);
            out.println(
                    (preset
                            ? "preset " + what + ": " + DESCRIPTIONS.get(what)
                            : "spec file " + what
                                    + (base == null ? " (complete)" : " (starts from preset " + base + ")")));
            out.println("spec_sha256 " + SpecSource.sha256(chip));
            out.println();
            final Map<String, Object> values = flat(chip);
            final Map<String, Object> baseValues = baseSpec == null ? Map.of() : flat(baseSpec);
            for (final Map.Entry<String, Object> e : values.entrySet()) {
                final String path = e.getKey();
                final String unit = unit(path);
                final boolean inherited =
                        baseSpec != null && String.valueOf(e.getValue()).equals(String.valueOf(baseValues.get(path)));
                final String from =
                        preset || inherited ? sources.getOrDefault(path, "assumption: not documented") : "this file";
                out.printf("%-38s %-18s %-22s %s%n", path, e.getValue(), unit, from);
            }
            out.flush();
            return 0;
        }

        private static Map<String, Object> flat(final ChipSpec chip) {
            final Map<String, Object> tree = ChipSpecJson.toMap(chip);
            final Map<String, Object> m = new LinkedHashMap<>();
            for (final String path : chip.fieldPaths()) {
                Object node = tree;
                for (final String part : path.split("\\.")) {
                    node = ((Map<?, ?>) node).get(part);
                }
                m.put(path, node);
            }
            return m;
        }
    }

    /** {@code xbar spec validate FILE}. */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = "Read a spec file as 'xbar train --spec' does: the same errors (the field path and what was"
                    + " expected), exit 1 on an invalid file.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The spec file.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            final ChipSpec chip = ChipSpec.load(file);
            final SpecSource source = SpecSource.of(null, file, null);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: a valid chip spec (%s, %d x %d, %s device), spec_sha256 %s%n",
                            file,
                            source.basePreset() == null ? "complete" : "starts from preset " + source.basePreset(),
                            chip.rows(),
                            chip.cols(),
                            chip.device().family(),
                            SpecSource.sha256(chip));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code xbar spec schema}: the JSON Schema, generated from the code (docs/chip-spec.schema.json is a copy). */
    @Command(
            name = "schema",
            mixinStandardHelpOptions = true,
            description = "Print the JSON Schema of spec files, generated from the code (the repository's copy: "
                    + "docs/chip-spec.schema.json).")
    static final class Schema implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            spec.commandLine().getOut().println(schemaJson());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** The schema as pretty-printed JSON. */
    static String schemaJson() throws java.io.IOException {
        return com.fasterxml
                .jackson
                .jr
                .ob
                .JSON
                .std
                .with(com.fasterxml.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT)
                .asString(ChipSpecSchema.generate());
    }

    /** {@code xbar spec presets}. */
    @Command(name = "presets", mixinStandardHelpOptions = true, description = "List the chip presets.")
    static final class Presets implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            final PrintWriter out = spec.commandLine().getOut();
            for (final String name : ChipSpec.PRESET_NAMES) {
                out.printf("%-12s %s%n", name, DESCRIPTIONS.get(name));
            }
            out.println("(xbar spec show NAME: every field with its unit and source)");
            out.flush();
            return 0;
        }
    }
}
