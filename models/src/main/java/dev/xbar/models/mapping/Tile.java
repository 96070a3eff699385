package dev.xbar.models.mapping;

import dev.xbar.core.chip.Window;

/**
 * One rectangular window of a block that takes one input vector per VMM, and how its lines map to the logical weight
 * matrix. Row r of the window carries input {@code rowInput[r]} with polarity {@code rowSign[r]} (+1 on the G+ row of
 * a pair, -1 on the G- row), or nothing ({@code rowInput[r] = -1}: a dead row, or a row the last tile does not need);
 * column c gives output {@code colOutput[c]}, or nothing (-1: a dead column).
 *
 * @param window the chip window
 * @param rowInput logical input per window row, or -1
 * @param rowSign +1 or -1 per window row (0 where unused)
 * @param colOutput logical output per window column, or -1
 */
public record Tile(Window window, int[] rowInput, int[] rowSign, int[] colOutput) {}
