package dev.xbar.models.mapping;

import dev.xbar.core.chip.Window;
import java.util.List;

/**
 * One analog layer placed on a chip: its spec, the window that bounds it (dead lines inside it included) and its
 * tiles.
 *
 * @param spec what the layer needs
 * @param bounds the smallest window holding every tile
 * @param tiles the tiles, in stack order
 */
public record Block(BlockSpec spec, Window bounds, List<Tile> tiles) {
    /** Copies the tile list. */
    public Block {
        tiles = List.copyOf(tiles);
    }
}
