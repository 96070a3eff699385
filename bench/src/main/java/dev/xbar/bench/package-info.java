/**
 * JMH benchmarks of the kernels, scalar reference and SIMD side by side on the same code, and the report that turns
 * their JSON results into the README tables.
 */
package dev.xbar.bench;
