/**
 * Chip specs (presets, JSON, overrides by path), fabricated chips with off-heap per-device state ({@link
 * dev.xbar.core.chip.ChipLayout}), fault models and maps, drift, and the chip file format.
 *
 * <p><b>API.</b>
 */
package dev.xbar.core.chip;
