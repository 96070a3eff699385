package dev.xbar.models.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import dev.xbar.models.train.Architecture;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkLayoutTest {
    private static final BlockSpec SMALL = new BlockSpec("small", 3, 2, 1, 1, 1);

    @Test
    void paperCnnFitsTheNmi2019ChipSkippingItsDeadColumns() {
        final ChipSpec spec = ChipSpec.preset("nmi2019");
        final NetworkLayout layout = NetworkLayout.packed(spec, Architecture.CNN.blocks());
        final Set<Integer> dead = new HashSet<>(spec.faults().deadColumns());
        final Set<Long> used = new HashSet<>();
        for (final Block block : layout.blocks()) {
            final BlockSpec b = block.spec();
            final int[] pairsPerWeight = new int[b.inputs() * b.outputs()];
            for (final Tile tile : block.tiles()) {
                final Window w = tile.window();
                assertTrue(w.row0() + w.rows() <= 128 && w.col0() + w.cols() <= 64, b.name() + " fits");
                for (int c = 0; c < w.cols(); c++) {
                    assertEquals(dead.contains(w.col0() + c), tile.colOutput()[c] < 0, b.name() + " column " + c);
                    for (int r = 0; r < w.rows(); r++) {
                        if (tile.colOutput()[c] >= 0 && tile.rowInput()[r] >= 0) {
                            assertTrue(used.add((long) (w.row0() + r) * 64 + w.col0() + c), "device used twice");
                            if (tile.rowSign()[r] > 0) {
                                // the G- partner sits on the next row and carries the same input
                                assertEquals(tile.rowInput()[r], tile.rowInput()[r + 1]);
                                assertEquals(-1, tile.rowSign()[r + 1]);
                                pairsPerWeight[tile.rowInput()[r] * b.outputs() + tile.colOutput()[c]]++;
                            }
                        }
                    }
                }
            }
            for (final int n : pairsPerWeight) {
                assertEquals(b.copies(), n, b.name() + ": every weight has one pair per copy");
            }
        }
        assertEquals(
                1015 * 2 * 2,
                used.size(),
                "every weight on two pairs; the folded dense block leaves 2 x 10 of its 4080 cells unused");
    }

    @Test
    void mlpFillsTheWholeNatComm2018Chip() {
        final NetworkLayout layout = NetworkLayout.packed(ChipSpec.preset("natcomm2018"), Architecture.MLP.blocks());
        assertEquals(new Window(0, 0, 128, 54), layout.blocks().get(0).bounds());
        assertEquals(new Window(0, 54, 108, 10), layout.blocks().get(1).bounds());
    }

    @Test
    void tooSmallAChipIsRejectedWithWhatItLacks() {
        final IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NetworkLayout.packed(ChipSpec.preset("nmi2019"), Architecture.MLP.blocks()));
        assertTrue(
                e.getMessage().contains("too small")
                        && e.getMessage().contains("64 working columns")
                        && e.getMessage().contains("59"),
                e.getMessage());
    }

    @Test
    void overlappingBlocksAreRejectedByName() {
        final BlockSpec other = new BlockSpec("other", 2, 2, 1, 1, 1);
        final IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NetworkLayout.place(
                        ChipSpec.preset("ideal"),
                        List.of(SMALL, other),
                        List.of(new Placement(0, 0), new Placement(5, 1))));
        assertTrue(
                e.getMessage().contains("'small'")
                        && e.getMessage().contains("'other'")
                        && e.getMessage().contains("overlap"),
                e.getMessage());
    }

    @Test
    void blocksOffTheChipAreRejectedByName() {
        final IllegalArgumentException rows = assertThrows(
                IllegalArgumentException.class,
                () -> NetworkLayout.place(ChipSpec.preset("ideal"), List.of(SMALL), List.of(new Placement(125, 0))));
        assertTrue(
                rows.getMessage().contains("'small'") && rows.getMessage().contains("6 working rows"),
                rows.getMessage());
        final IllegalArgumentException cols = assertThrows(
                IllegalArgumentException.class,
                () -> NetworkLayout.place(ChipSpec.preset("ideal"), List.of(SMALL), List.of(new Placement(0, 63))));
        assertTrue(cols.getMessage().contains("2 working columns"), cols.getMessage());
    }

    @Test
    void deadLinesInsideABlockAreSkipped() {
        final ChipSpec spec =
                ChipSpec.preset("ideal").with("faults.deadRows", List.of(2)).with("faults.deadColumns", List.of(11));
        final Block block = NetworkLayout.place(spec, List.of(SMALL), List.of(new Placement(0, 10)))
                .blocks()
                .getFirst();
        final Tile tile = block.tiles().getFirst();
        assertEquals(new Window(0, 10, 7, 3), tile.window(), "6 working rows and 2 working columns");
        assertEquals(-1, tile.rowInput()[2]);
        assertEquals(-1, tile.colOutput()[1]);
        assertEquals(1, tile.rowInput()[3], "row 3 holds G+ of input 1");
    }
}
