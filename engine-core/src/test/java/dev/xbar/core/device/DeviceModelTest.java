package dev.xbar.core.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceModelTest {
    @TempDir
    Path dir;

    private static String message(final Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }

    @Test
    void presetsCarryThePapersNumbers() {
        final GateControlledDevice nmi = GateControlledDevice.nmi2019();
        assertEquals(181.818, nmi.slopeMicroSiemensPerVolt(), 1e-3);
        assertEquals(8, nmi.writeNoiseMicroSiemens());
        assertEquals(0.5, nmi.vgMinVolts());
        assertEquals(2.5, nmi.vgMaxVolts());
        assertEquals(0.01, nmi.vgStepVolts());
        final GateControlledDevice nc = GateControlledDevice.natcomm2018();
        assertEquals(98, nc.slopeMicroSiemensPerVolt());
        assertEquals(120, nc.offsetMicroSiemens());
        assertEquals(4, nc.writeNoiseMicroSiemens());
        assertEquals(0.7, nc.vgMinVolts());
        assertEquals(1.6, nc.vgMaxVolts());
        assertEquals(0, GateControlledDevice.ideal().writeNoiseMicroSiemens());
    }

    @Test
    void everyFieldIsValidatedWithItsNameAndRange() {
        assertEquals(
                "writeNoiseMicroSiemens = -1 is out of range [0, 100]",
                message(() -> new GateControlledDevice(100, 0, -1, 0, 0, 500, 0.5, 2.5, 0.01)));
        assertEquals(
                "vgMaxVolts = 0.4 is out of range [0.5, 5]",
                message(() -> new GateControlledDevice(100, 0, 1, 0, 0, 500, 0.5, 0.4, 0.01)));
        assertEquals(
                "resetMicroSiemens = 600 is out of range [0, 500]",
                message(() -> new GateControlledDevice(100, 0, 1, 600, 0, 500, 0.5, 2.5, 0.01)));
        assertEquals("upDown = 1.5 is out of range [-1, 1]", message(() -> new StepParameters(1, 1.5, 0, 0, 1)));
        assertEquals(
                "gammaUp = -0.1 is out of range [0, 10]",
                message(() -> new LinearStep(StepParameters.defaults(), -0.1, 0)));
        assertEquals(
                "down.length = 2 must equal up.length = 3",
                message(() -> new PiecewiseStep(StepParameters.defaults(), new float[3], new float[2])));
    }

    @Test
    void aResponseTableIsReadFromCsv() throws IOException {
        final Path table = dir.resolve("response.csv");
        Files.writeString(table, "# fitted to device 17\nup,down\n1.0,0.2\n0.5,0.6\n0.1,1.0\n");
        final PiecewiseStep device = PiecewiseStep.readTable(table, StepParameters.defaults());
        assertArrayEquals(new float[] {1.0f, 0.5f, 0.1f}, device.up());
        assertArrayEquals(new float[] {0.2f, 0.6f, 1.0f}, device.down());
        assertEquals(device, new PiecewiseStep(StepParameters.defaults(), device.up(), device.down()));
    }

    @Test
    void theSampleTableGivesItsStepsAtTheNodes() {
        // examples/device-table.csv (the README's --device-table sample): 11 nodes over [gMin, gMax]; at node k the
        // step is dw times the table's factor
        final StepParameters steps = new StepParameters(0.5, 0, 0, 0, 100);
        final PiecewiseStep device = PiecewiseStep.readTable(Path.of("../examples/device-table.csv"), steps);
        final float[] up = device.up();
        final float[] down = device.down();
        assertEquals(11, up.length);
        for (int k = 0; k < up.length; k++) {
            final float g = 10.0f * k;
            assertEquals(0.5f * up[k], device.meanStep(g, true, 0.5f, 0, 100), 1e-6f, "up at node " + k);
            assertEquals(0.5f * down[k], device.meanStep(g, false, 0.5f, 0, 100), 1e-6f, "down at node " + k);
            assertEquals(2.0f - 0.2f * k, up[k], 1e-6f);
        }
        assertEquals(0.5f * 1.5f, device.meanStep(25, true, 0.5f, 0, 100), 1e-6f, "halfway between 1.6 and 1.4");
    }

    @Test
    void aBadResponseTableNamesFileAndLine() throws IOException {
        final Path table = dir.resolve("bad.csv");
        Files.writeString(table, "up,down\n1.0,0.2\n0.5;0.6\n");
        assertEquals(
                table + " line 3: expected 2 values 'up,down', found 1",
                message(() -> PiecewiseStep.readTable(table, StepParameters.defaults())));
        Files.writeString(table, "up,down\n1.0,x\n0.5,0.6\n");
        assertEquals(
                table + " line 2: not a number: '1.0,x'",
                message(() -> PiecewiseStep.readTable(table, StepParameters.defaults())));
        Files.writeString(table, "up,down\n1.0,0.2\n");
        assertEquals(
                table + ": up.length = 1 is out of range [2, 1024]",
                message(() -> PiecewiseStep.readTable(table, StepParameters.defaults())));
    }
}
