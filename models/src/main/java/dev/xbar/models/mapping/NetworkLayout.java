package dev.xbar.models.mapping;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where each analog layer of a network sits on one shared chip (paper-spec.md 2.1-2.2, 3.2). A block placed at (row0,
 * col0) takes the next {@link BlockSpec#rows()} working rows and {@link BlockSpec#cols()} working columns, skipping the
 * spec's dead rows and columns (the authors' good-row/good-column maps). Within a tile, window row 2p holds the G+
 * device and row 2p + 1 the G- device of stacked pair p, where pair p of tile t is copy s / inputs of input s % inputs
 * for s = t * pairsPerTile + p; window column q (counting working columns only) gives output q % outputs.
 *
 * <p>Validation names the block: every block must fit on the chip and no two blocks' bounding windows may overlap.
 */
public final class NetworkLayout {
    private final int rows;
    private final int cols;
    private final List<Block> blocks;

    private NetworkLayout(final int rows, final int cols, final List<Block> blocks) {
        this.rows = rows;
        this.cols = cols;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Places blocks at given corners.
     *
     * @param spec the chip spec (size and dead lines)
     * @param specs the blocks
     * @param at one corner per block
     * @return the layout
     * @throws IllegalArgumentException naming the block that does not fit or the two blocks that overlap
     */
    public static NetworkLayout place(final ChipSpec spec, final List<BlockSpec> specs, final List<Placement> at) {
        if (specs.size() != at.size()) {
            throw new IllegalArgumentException(specs.size() + " blocks but " + at.size() + " placements");
        }
        final Set<Integer> deadRows = new HashSet<>(spec.faults().deadRows());
        final Set<Integer> deadCols = new HashSet<>(spec.faults().deadColumns());
        final List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < specs.size(); b++) {
            blocks.add(block(spec, specs.get(b), at.get(b), deadRows, deadCols));
        }
        for (int a = 0; a < blocks.size(); a++) {
            for (int b = a + 1; b < blocks.size(); b++) {
                final Window x = blocks.get(a).bounds();
                final Window y = blocks.get(b).bounds();
                if (x.row0() < y.row0() + y.rows()
                        && y.row0() < x.row0() + x.rows()
                        && x.col0() < y.col0() + y.cols()
                        && y.col0() < x.col0() + x.cols()) {
                    throw new IllegalArgumentException("blocks '" + specs.get(a).name() + "' " + describe(x) + " and '"
                            + specs.get(b).name() + "' " + describe(y) + " overlap");
                }
            }
        }
        return new NetworkLayout(spec.rows(), spec.cols(), blocks);
    }

    /**
     * The default placement: blocks side by side from column 0, each at row 0 and starting at the column after the
     * previous block's last one. For the paper CNN on 128 x 64 this is conv1 (36 x 15), conv2 (120 x 8) and the folded
     * dense layer (86 x 30): 53 working columns of the 59 the nmi2019 chip has.
     *
     * @param spec the chip spec
     * @param specs the blocks, in order
     * @return the layout
     * @throws IllegalArgumentException if the chip has too few working rows or columns for the blocks
     */
    public static NetworkLayout packed(final ChipSpec spec, final List<BlockSpec> specs) {
        final Set<Integer> deadRows = new HashSet<>(spec.faults().deadRows());
        final Set<Integer> deadCols = new HashSet<>(spec.faults().deadColumns());
        final int goodRows = spec.rows() - deadRows.size();
        final int goodCols = spec.cols() - deadCols.size();
        int needCols = 0;
        int needRows = 0;
        for (final BlockSpec s : specs) {
            needCols += s.cols();
            needRows = Math.max(needRows, s.rows());
        }
        if (needCols > goodCols || needRows > goodRows) {
            throw new IllegalArgumentException("the chip is too small: the blocks need " + needRows
                    + " working rows and " + needCols + " working columns side by side, this " + spec.rows() + " x "
                    + spec.cols() + " chip has " + goodRows + " x " + goodCols + " (dead rows "
                    + spec.faults().deadRows() + ", dead columns "
                    + spec.faults().deadColumns() + ")");
        }
        final List<Placement> at = new ArrayList<>();
        int col = 0;
        for (final BlockSpec s : specs) {
            at.add(new Placement(0, col));
            final Block block = block(spec, s, at.getLast(), deadRows, deadCols);
            col = block.bounds().col0() + block.bounds().cols();
        }
        return place(spec, specs, at);
    }

    /**
     * The blocks, in the order given.
     *
     * @return the blocks
     */
    public List<Block> blocks() {
        return blocks;
    }

    /**
     * Chip rows.
     *
     * @return rows
     */
    public int rows() {
        return rows;
    }

    /**
     * Chip columns.
     *
     * @return columns
     */
    public int cols() {
        return cols;
    }

    private static String describe(final Window w) {
        return "(rows " + w.row0() + "-" + (w.row0() + w.rows() - 1) + ", columns " + w.col0() + "-"
                + (w.col0() + w.cols() - 1) + ")";
    }

    private static Block block(
            final ChipSpec chip,
            final BlockSpec spec,
            final Placement at,
            final Set<Integer> deadRows,
            final Set<Integer> deadCols) {
        if (at.row0() < 0 || at.col0() < 0) {
            throw new IllegalArgumentException(
                    "block '" + spec.name() + "' is placed at (" + at.row0() + ", " + at.col0() + ") off the chip");
        }
        final int[] physRows = working(spec.name(), "rows", at.row0(), spec.rows(), chip.rows(), deadRows);
        final int[] physCols = working(spec.name(), "columns", at.col0(), spec.cols(), chip.cols(), deadCols);
        final int row0 = physRows[0];
        final int rowSpan = physRows[physRows.length - 1] - row0 + 1;
        final int colsPerTile = spec.copiesHorizontal() * spec.outputs();
        final int stacked = spec.copiesVertical() * spec.inputs();
        final List<Tile> tiles = new ArrayList<>();
        for (int t = 0; t < spec.tiles(); t++) {
            final int col0 = physCols[t * colsPerTile];
            final int colSpan = physCols[(t + 1) * colsPerTile - 1] - col0 + 1;
            final int[] rowInput = new int[rowSpan];
            final int[] rowSign = new int[rowSpan];
            int good = 0;
            for (int r = 0; r < rowSpan; r++) {
                rowInput[r] = -1;
                if (deadRows.contains(row0 + r)) {
                    continue;
                }
                final int s = t * spec.pairsPerTile() + good / 2;
                if (s < stacked) {
                    rowInput[r] = s % spec.inputs();
                    rowSign[r] = good % 2 == 0 ? 1 : -1;
                }
                good++;
            }
            final int[] colOutput = new int[colSpan];
            int q = 0;
            for (int c = 0; c < colSpan; c++) {
                colOutput[c] = deadCols.contains(col0 + c) ? -1 : q++ % spec.outputs();
            }
            tiles.add(new Tile(new Window(row0, col0, rowSpan, colSpan), rowInput, rowSign, colOutput));
        }
        final int colSpan = physCols[physCols.length - 1] - at.col0() + 1;
        return new Block(
                spec, new Window(at.row0(), at.col0(), physRows[physRows.length - 1] - at.row0() + 1, colSpan), tiles);
    }

    /** The first {@code count} working lines from {@code start}, or an error naming the block. */
    private static int[] working(
            final String name,
            final String what,
            final int start,
            final int count,
            final int size,
            final Set<Integer> dead) {
        final int[] lines = new int[count];
        int n = 0;
        for (int line = start; line < size && n < count; line++) {
            if (!dead.contains(line)) {
                lines[n++] = line;
            }
        }
        if (n < count) {
            throw new IllegalArgumentException("block '" + name + "' needs " + count + " working " + what + " from "
                    + what.substring(0, what.length() - 1) + " " + start + " but the chip has only " + n
                    + " there (" + size + " " + what + ", dead "
                    + dead.stream().sorted().toList() + ")");
        }
        return lines;
    }
}
