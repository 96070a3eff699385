package dev.xbar.models;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.CrossbarKernels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AnalogMatrix drives each input on a G+ row and the next used row as its G- (w = (G+ - G-) / uS-per-weight): tiles
 * whose used rows are not such pairs are refused when the matrix is built, naming the rows, rather than computing a
 * wrong product.
 */
class AnalogMatrixPairsTest {
    private static final ChipSpec IDEAL = ChipSpec.preset("ideal");

    private static AnalogMatrix matrix(final Chip chip, final int[] rowInput, final int[] rowSign) {
        final BlockSpec spec = new BlockSpec("fc", 2, 1, 1, 1, 1);
        final Window w = new Window(0, 0, rowInput.length, 1);
        final Block block = new Block(spec, w, List.of(new Tile(w, rowInput, rowSign, new int[] {0})));
        try (Parallel one = new Parallel(1)) {
            return new AnalogMatrix(chip, CrossbarKernels.get(), block, UpdateScheme.TwoPulse.paper(), 100, one);
        }
    }

    @Test
    void pairsWithAnUnusedRowBetweenThemAreAccepted() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            assertDoesNotThrow(() -> matrix(chip, new int[] {0, -1, 0, 1, 1}, new int[] {1, 0, -1, 1, -1}));
        }
    }

    @Test
    void anUnpairedRowIsRefused() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            final IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> matrix(chip, new int[] {0, 0, 1}, new int[] {1, -1, 1}));
            assertTrue(e.getMessage().contains("differential pairs"), e.getMessage());
        }
    }

    @Test
    void swappedSignsOrMixedInputsAreRefused() {
        try (Chip chip = Chip.fabricate(IDEAL, 1, 0)) {
            final IllegalArgumentException swapped = assertThrows(
                    IllegalArgumentException.class,
                    () -> matrix(chip, new int[] {0, 0, 1, 1}, new int[] {-1, 1, 1, -1}));
            assertTrue(swapped.getMessage().contains("rows 0 and 1"), swapped.getMessage());
            final IllegalArgumentException mixed = assertThrows(
                    IllegalArgumentException.class,
                    () -> matrix(chip, new int[] {0, 1, 1, 0}, new int[] {1, -1, 1, -1}));
            assertTrue(mixed.getMessage().contains("rows 0 and 1"), mixed.getMessage());
        }
    }
}
