/**
 * Stateless, counter-based random streams keyed by (seed, chip, purpose, event), and the float math that lets a
 * Vector API kernel reproduce every draw bit for bit.
 *
 * <p><b>Internal</b>: public for the SIMD kernels and the benchmarks only; may change in any release. A chip's streams are reached through {@code Chip.streamKey}.
 */
package dev.xbar.core.random;
