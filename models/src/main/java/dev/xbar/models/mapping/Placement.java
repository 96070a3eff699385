package dev.xbar.models.mapping;

/**
 * Where a block starts on the chip: its first physical row and column. The block then takes the next working rows and
 * columns, skipping dead ones.
 *
 * @param row0 first row
 * @param col0 first column
 */
public record Placement(int row0, int col0) {}
