package dev.xbar.models.mapping;

/**
 * What one analog layer needs on a chip: a logical weight matrix [inputs x outputs] stored as differential pairs on
 * interleaved rows, with redundant copies (paper-spec.md 2.1, 2.2, 3.2).
 *
 * <p>The copies of every input's row pair are stacked ({@code copiesVertical} of them, copy after copy), and the
 * stack is cut into {@code tiles} column groups placed side by side (the authors' "chopped" dense layer); each tile
 * repeats the outputs {@code copiesHorizontal} times across its columns. So the block is 2 * ceil(copiesVertical *
 * inputs / tiles) rows by tiles * copiesHorizontal * outputs columns, and every weight sits on copiesVertical *
 * copiesHorizontal device pairs that all get the same pulses; the forward output and the read-back weight are the mean
 * over those copies.
 *
 * @param name the layer's name
 * @param inputs rows of the weight matrix
 * @param outputs columns of the weight matrix
 * @param copiesVertical copies stacked on the rows (same input; currents divided by the copy count)
 * @param copiesHorizontal copies side by side on the columns (outputs averaged)
 * @param tiles column groups the row stack is cut into (1: not folded)
 */
public record BlockSpec(String name, int inputs, int outputs, int copiesVertical, int copiesHorizontal, int tiles) {
    /** Validates every count. */
    public BlockSpec {
        if (inputs < 1 || outputs < 1 || copiesVertical < 1 || copiesHorizontal < 1 || tiles < 1) {
            throw new IllegalArgumentException("block '" + name + "': inputs " + inputs + ", outputs " + outputs
                    + ", copies " + copiesVertical + " x " + copiesHorizontal + " and tiles " + tiles
                    + " must all be at least 1");
        }
        if (tiles > copiesVertical * inputs) {
            throw new IllegalArgumentException(
                    "block '" + name + "': " + tiles + " tiles for only " + copiesVertical * inputs + " row pairs");
        }
    }

    /**
     * Row pairs per tile.
     *
     * @return ceil(copiesVertical * inputs / tiles)
     */
    public int pairsPerTile() {
        return (copiesVertical * inputs + tiles - 1) / tiles;
    }

    /**
     * Working rows the block needs.
     *
     * @return 2 * pairsPerTile
     */
    public int rows() {
        return 2 * pairsPerTile();
    }

    /**
     * Working columns the block needs.
     *
     * @return tiles * copiesHorizontal * outputs
     */
    public int cols() {
        return tiles * copiesHorizontal * outputs;
    }

    /**
     * Device pairs per weight.
     *
     * @return copiesVertical * copiesHorizontal
     */
    public int copies() {
        return copiesVertical * copiesHorizontal;
    }
}
