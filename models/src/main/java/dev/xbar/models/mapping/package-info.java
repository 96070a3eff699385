/**
 * Where a network's weights sit on a chip, as geometry only (no chip state, no kernels), and how a weight change
 * becomes programming pulses ({@link dev.xbar.models.mapping.UpdateScheme}).
 *
 * <p>Four names, four jobs, from the chip up:
 *
 * <ul>
 *   <li>{@link dev.xbar.core.chip.Window} (engine-core): a rectangle of chip lines, what one kernel call runs on; it
 *       knows nothing of weights.
 *   <li>{@link dev.xbar.models.mapping.Tile}: one window plus what its lines mean (the input and sign of each row, the
 *       output of each column, -1 for dead or unused lines): the unit one VMM, one programming call and one read-back
 *       handle, each with its own chip event.
 *   <li>{@link dev.xbar.models.mapping.Block}: one weight layer placed on the chip: its {@link
 *       dev.xbar.models.mapping.BlockSpec} (the layer's needs: size, copies, folding), its tiles, and the window
 *       bounding them (dead lines inside included), which the overlap check and the drawings use.
 *   <li>{@link dev.xbar.models.mapping.NetworkLayout}: the blocks of one network on one chip, each starting at a
 *       {@link dev.xbar.models.mapping.Placement} or packed side by side.
 * </ul>
 *
 * <p><b>API.</b>
 */
package dev.xbar.models.mapping;
