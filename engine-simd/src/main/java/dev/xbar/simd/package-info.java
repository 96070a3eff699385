/**
 * The Vector API kernels, registered as {@code simd} through {@link dev.xbar.core.kernel.KernelProvider}: the only
 * entry point is {@link dev.xbar.simd.SimdKernelProvider}, which touches no Vector API class, so the module loads and
 * falls back to the scalar reference when {@code jdk.incubator.vector} is absent ({@link dev.xbar.simd.VectorRandom}
 * is public for the benchmarks). Callers reach the kernels through {@link dev.xbar.core.kernel.CrossbarKernels} and {@link
 * dev.xbar.core.kernel.MatrixKernels}. Draws, programming, pulses and read-back are bit-identical to the scalar
 * reference; reassociated sums add their lanes in one fixed order, so results do not depend on the JIT state.
 *
 * <p><b>Internal</b>: nothing here is called directly; put the jar on the class path and run with {@code --add-modules jdk.incubator.vector}.
 */
package dev.xbar.simd;
