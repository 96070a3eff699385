package dev.xbar.core.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultMapTest {
    @TempDir
    Path dir;

    @Test
    void aMeasuredMapMarksTheListedDevices() throws IOException {
        final Path map = dir.resolve("faults.csv");
        Files.writeString(
                map,
                "row,column,kind,conductance\n# measured 2019-05-25\n0,0,low\n1,2,high,321.5\n3,4,dead\n5,6,random\n");
        final ChipSpec spec = ChipSpec.preset("ideal").with("faults.mapFile", map.toString());
        try (Chip chip = Chip.fabricate(spec, 1, 0)) {
            assertEquals(FaultCode.STUCK_LOW, chip.get(Plane.FAULT, 0, 0));
            assertEquals(chip.get(Plane.G_MIN, 0, 0), chip.get(Plane.CONDUCTANCE, 0, 0));
            assertEquals(FaultCode.STUCK_HIGH, chip.get(Plane.FAULT, 1, 2));
            assertEquals(321.5f, chip.get(Plane.CONDUCTANCE, 1, 2));
            assertEquals(FaultCode.DEAD, chip.get(Plane.FAULT, 3, 4));
            assertEquals(0, chip.get(Plane.CONDUCTANCE, 3, 4));
            assertEquals(FaultCode.STUCK_RANDOM, chip.get(Plane.FAULT, 5, 6));
            assertEquals(4, 128 * 64 - countOk(chip));
        }
    }

    @Test
    void theSampleMapApplies() {
        // examples/fault-map.csv, the README's sample: five devices, one pinned at 95.5 uS
        final ChipSpec spec = ChipSpec.preset("ideal").with("faults.mapFile", "../examples/fault-map.csv");
        try (Chip chip = Chip.fabricate(spec, 1, 0)) {
            assertEquals(FaultCode.STUCK_HIGH, chip.get(Plane.FAULT, 10, 2));
            assertEquals(95.5f, chip.get(Plane.CONDUCTANCE, 10, 2));
            assertEquals(FaultCode.DEAD, chip.get(Plane.FAULT, 12, 12));
            assertEquals(5, 128 * 64 - countOk(chip));
        }
    }

    private static int countOk(final Chip chip) {
        int n = 0;
        for (int r = 0; r < chip.rows(); r++) {
            for (int c = 0; c < chip.cols(); c++) {
                n += chip.isProgrammable(r, c) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void errorsNameTheFileAndLine() throws IOException {
        final Path map = dir.resolve("bad.csv");
        Files.writeString(map, "0,0,low\n\n200,1,high\n");
        final ChipSpec spec = ChipSpec.preset("ideal").with("faults.mapFile", map.toString());
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Chip.fabricate(spec, 1, 0));
        assertEquals(map + " line 3: row = 200 is out of range [0, 127]", e.getMessage());
        Files.writeString(map, "0,0,sticky\n");
        assertEquals(
                map + " line 1: kind 'sticky' is not one of low, high, random, dead",
                assertThrows(IllegalArgumentException.class, () -> Chip.fabricate(spec, 1, 0))
                        .getMessage());
    }
}
