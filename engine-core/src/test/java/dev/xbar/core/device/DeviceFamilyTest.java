package dev.xbar.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each device family has one name, its defaults, and writes and reads itself through a spec file unchanged. */
class DeviceFamilyTest {
    private static List<DeviceModel> everyFamily() {
        final List<DeviceModel> devices = new ArrayList<>();
        for (final String name : DeviceFamily.names()) {
            final DeviceModel d = DeviceFamily.named(name).defaults();
            if (d != null) {
                devices.add(d);
            }
        }
        devices.add(new PiecewiseStep(
                StepParameters.defaults(), new float[] {1.0f, 0.5f, 0.25f}, new float[] {0.25f, 0.5f, 1.0f}));
        return devices;
    }

    @Test
    void everyDeviceNamesItsOwnFamily() {
        final List<String> names = new ArrayList<>();
        for (final DeviceModel d : everyFamily()) {
            assertSame(DeviceFamily.named(d.family()), DeviceFamily.named(d.family()));
            names.add(d.family());
        }
        assertEquals(DeviceFamily.names(), names, "one device per family, in the index's order");
    }

    @Test
    void everyFamilyRoundTripsThroughASpecFile() {
        for (final DeviceModel d : everyFamily()) {
            final ChipSpec spec = new ChipSpec(
                    8,
                    4,
                    d,
                    ChipSpec.preset("ideal").variability(),
                    ChipSpec.preset("ideal").faults(),
                    ChipSpec.preset("ideal").peripherals());
            final String json = spec.toJson();
            assertTrue(json.contains("\"type\" : \"" + d.family() + "\""), json);
            final DeviceModel back = ChipSpec.fromJson(json).device();
            // records compare by component; the piecewise table is an array, compared by its JSON form
            assertEquals(spec.toJson(), ChipSpec.fromJson(json).toJson(), d.family());
            assertEquals(d.getClass(), back.getClass());
        }
    }

    @Test
    void specFilesOfOlderVersionsKeepTheirCamelCaseNames() {
        assertEquals("soft-bounds", DeviceFamily.named("softBounds").name());
        assertEquals("piecewise-step", DeviceFamily.named("piecewiseStep").name());
        final ChipSpec ideal = ChipSpec.preset("ideal");
        final ChipSpec spec =
                new ChipSpec(8, 4, SoftBounds.defaults(), ideal.variability(), ideal.faults(), ideal.peripherals());
        final String old = spec.toJson().replace("\"soft-bounds\"", "\"softBounds\"");
        assertTrue(old.contains("softBounds"), old);
        assertEquals(spec, ChipSpec.fromJson(old));
    }

    @Test
    void anUnknownNameListsTheFamilies() {
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DeviceFamily.named("memristor"));
        assertEquals(
                "'memristor' is not a device family (expected one of gate, constant-step, linear-step, soft-bounds,"
                        + " exp-step, piecewise-step)",
                e.getMessage());
    }

    @Test
    void onlyTheLinearShapesOfferLanesAndOnlyConstantStepsAreConstant() {
        assertTrue(ConstantStep.defaults().linearSlopes().constant());
        assertEquals(
                new StepDevice.LinearSlopes(1.0f, 1.0f, 60.0f, 0.0f, 120.0f, true),
                SoftBounds.defaults().linearSlopes());
        assertEquals(
                new StepDevice.LinearSlopes(0.1f, 0.1f, 60.0f, 0.0f, 120.0f, false),
                LinearStep.defaults().linearSlopes());
        assertNull(ExpStep.defaults(StepParameters.defaults()).linearSlopes());
        assertNull(new PiecewiseStep(StepParameters.defaults(), new float[] {1, 1}, new float[] {1, 1}).linearSlopes());
    }

    @Test
    void theLinearSlopesAreTheScalarStepRule() {
        // the lanes kernel computes dw (1 - gamma travelled / reach); it must be meanStep for each shape, exactly
        final float lo = 10.0f;
        final float hi = 115.0f;
        for (final StepDevice d :
                new StepDevice[] {ConstantStep.defaults(), SoftBounds.defaults(), LinearStep.defaults()}) {
            final StepDevice.LinearSlopes s = d.linearSlopes();
            for (float g = lo; g <= hi; g += 2.5f) {
                for (final boolean up : new boolean[] {true, false}) {
                    final float travelled = up ? g - s.center() : s.center() - g;
                    final float high = s.ownBounds() ? hi : s.high();
                    final float low = s.ownBounds() ? lo : s.low();
                    final float reach = up ? high - s.center() : s.center() - low;
                    final float expected = 0.3f * (1.0f - (up ? s.up() : s.down()) * travelled / reach);
                    assertEquals(expected, d.meanStep(g, up, 0.3f, lo, hi), 0.0f, d.family() + " g " + g);
                }
            }
        }
    }
}
