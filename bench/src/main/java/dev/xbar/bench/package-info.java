/**
 * JMH benchmarks of the kernels, scalar reference and SIMD side by side on the same code, and the report that turns
 * their JSON results into the README tables.
 *
 * <p><b>Not API</b>: benchmarks; the jar is neither installed nor deployed.
 */
package dev.xbar.bench;
