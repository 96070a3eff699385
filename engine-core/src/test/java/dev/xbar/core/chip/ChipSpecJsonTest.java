package dev.xbar.core.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.DeviceModel;
import dev.xbar.core.device.ExpStep;
import dev.xbar.core.device.LinearStep;
import dev.xbar.core.device.PiecewiseStep;
import dev.xbar.core.device.SoftBounds;
import dev.xbar.core.device.StepParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChipSpecJsonTest {
    @TempDir
    Path dir;

    private static String message(final Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }

    @Test
    void everyPresetAndDeviceFamilyRoundTrips() {
        for (final String name : List.of("nmi2019", "natcomm2018", "ideal")) {
            final ChipSpec spec = ChipSpec.preset(name);
            assertEquals(spec, ChipSpec.fromJson(spec.toJson()), name);
        }
        final StepParameters p = new StepParameters(0.5, 0.1, 0.2, 1, 99);
        final List<DeviceModel> devices = List.of(
                new ConstantStep(p),
                new LinearStep(p, 0.3, 0.4),
                new SoftBounds(p),
                ExpStep.defaults(p),
                new PiecewiseStep(p, new float[] {1, 0.5f, 0.25f}, new float[] {0.1f, 0.7f, 1.3f}));
        for (final DeviceModel device : devices) {
            final ChipSpec spec =
                    new ChipSpec(16, 8, device, Variability.measuredChip(), FaultModel.none(), Peripherals.dpe2018());
            assertEquals(spec, ChipSpec.fromJson(spec.toJson()), device.toString());
        }
    }

    @Test
    void withDeviceSwapsOnlyTheDeviceAndTheFileSaysSo() {
        final ChipSpec base = ChipSpec.preset("nmi2019");
        final SoftBounds device = new SoftBounds(StepParameters.defaults());
        final ChipSpec swapped = base.withDevice(device);
        assertEquals(
                new ChipSpec(base.rows(), base.cols(), device, base.variability(), base.faults(), base.peripherals()),
                swapped);
        assertEquals(swapped, ChipSpec.fromJson(swapped.toJson()));
        assertTrue(swapped.toJson().contains("\"soft-bounds\""), swapped.toJson());
        assertEquals(ChipSpec.preset("nmi2019"), base, "the receiver is unchanged");
    }

    @Test
    void anOutOfRangeValueNamesTheFieldPathAndRange() {
        final String json = ChipSpec.preset("nmi2019")
                .toJson()
                .replace("\"writeNoiseMicroSiemens\" : 8.0", "\"writeNoiseMicroSiemens\" : -1");
        assertTrue(json.contains(": -1"), "the test edits the field");
        assertEquals(
                "spec: device.writeNoiseMicroSiemens = -1 is out of range [0, 100]",
                message(() -> ChipSpec.fromJson(json)));
    }

    @Test
    void unknownMissingAndMistypedFieldsAreNamed() {
        assertTrue(message(() -> ChipSpec.fromJson("{\"preset\": \"ideal\", \"faults\": {\"stuckFraction\": 0.1}}"))
                .startsWith("spec: faults.stuckFraction is not a known field"));
        assertEquals("spec: rows is missing", message(() -> ChipSpec.fromJson("{\"cols\": 64}")));
        assertEquals(
                "spec: peripherals.adcBits = 16.5 must be an integer",
                message(() -> ChipSpec.fromJson("{\"preset\": \"ideal\", \"peripherals\": {\"adcBits\": 16.5}}")));
        assertTrue(message(() -> ChipSpec.fromJson("{\"preset\": \"ideal\", \"device\": {\"type\": \"memristor\"}}"))
                .contains("device.type = 'memristor' is not a device family (expected one of gate, constant-step"));
        assertTrue(message(() -> ChipSpec.fromJson("{not json")).startsWith("spec: not valid JSON"));
        assertTrue(message(() -> ChipSpec.preset("nmi2020")).contains("unknown chip preset 'nmi2020'"));
    }

    @Test
    void aPresetFileNeedsOnlyWhatItChanges() {
        final ChipSpec spec =
                ChipSpec.fromJson("{\"preset\": \"nmi2019\", \"rows\": 64, \"faults\": {\"deadColumns\": [1, 2]}}");
        assertEquals(64, spec.rows());
        assertEquals(List.of(1, 2), spec.faults().deadColumns());
        assertEquals(0.05, spec.faults().stuckRandomFraction());
        assertEquals(ChipSpec.preset("nmi2019").device(), spec.device());
    }

    @Test
    void withReplacesOneFieldByPathAndValidatesIt() {
        final ChipSpec base = ChipSpec.preset("nmi2019");
        final ChipSpec changed = base.with("faults.stuckRandomFraction", 0.2);
        assertEquals(0.2, changed.faults().stuckRandomFraction());
        assertEquals(base.device(), changed.device());
        assertEquals(
                "faults.stuckRandomFraction = 2 is out of range [0, 1]",
                message(() -> base.with("faults.stuckRandomFraction", 2)));
        assertTrue(message(() -> base.with("faults.nope", 1)).contains("'faults.nope' is not a chip spec field"));
        assertEquals(
                "faults.deadColumns[0] = 64 is out of range [0, 63]",
                message(() -> base.with("faults.deadColumns", List.of(64))));
    }

    @Test
    void everyListedFieldPathCanBeOverridden() {
        final ChipSpec base = ChipSpec.preset("nmi2019");
        final List<String> paths = base.fieldPaths();
        assertTrue(paths.contains("device.slopeMicroSiemensPerVolt") && paths.contains("peripherals.adcBits"));
        assertEquals(
                2 + 10 + 10 + 7 + 7 + 11,
                paths.size(),
                "rows, cols, 10 device, 10 variability, 7 fault, 7 peripheral, 11 energy");
        for (final String path : paths) {
            final Object value = ChipSpecJson.toMap(base).get(path.split("\\.")[0]);
            // re-setting each field to its own value is accepted and changes nothing
            final Object own =
                    path.contains(".") ? ((Map<?, ?>) value).get(path.substring(path.indexOf('.') + 1)) : value;
            assertEquals(base, base.with(path, own), path);
        }
        for (final String name : ChipSpec.PRESET_NAMES) {
            assertEquals(
                    name.equals("ideal") || name.equals("nmi2019-sim") ? 0 : 0.1,
                    ChipSpec.preset(name).variability().slopeSpread(),
                    name);
        }
    }

    @Test
    void filesSaveAtomicallyAndErrorsNameTheFile() throws IOException {
        final Path file = dir.resolve("spec.json");
        final ChipSpec spec = ChipSpec.preset("natcomm2018");
        spec.save(file);
        assertEquals(spec, ChipSpec.load(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        Files.writeString(file, "{\"preset\": \"ideal\", \"variability\": {\"readNoiseRelative\": 3}}");
        assertEquals(
                file + ": variability.readNoiseRelative = 3 is out of range [0, 1]",
                message(() -> ChipSpec.load(file)));
    }
}
