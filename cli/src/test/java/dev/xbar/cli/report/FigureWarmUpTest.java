package dev.xbar.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FigureWarmUpTest {

    /** The warm-up draws without failing, and a run's figure is the same SVG before and after it (no shared state). */
    @Test
    void warmUpLeavesFiguresUnchanged() throws Exception {
        ChipSpec spec = ChipSpec.preset("ideal").with("rows", 24).with("cols", 12);
        try (Chip chip = Chip.fabricate(spec, 7, 0)) {
            Figure figure = ChipFigure.of(Optional.empty(), chip, List.of(new ChipFigure.Block("conv1", 0, 0, 9, 6)));
            byte[] before = figure.svg();
            FigureWarmUp.run();
            assertArrayEquals(before, figure.svg());
        }
    }
}
