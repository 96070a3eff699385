/**
 * The Vector API kernels, registered as {@code simd} through {@link dev.xbar.core.kernel.KernelProvider}: the only
 * entry point is {@link dev.xbar.simd.SimdKernelProvider}, which touches no Vector API class, so the module loads and
 * falls back to the scalar reference when {@code jdk.incubator.vector} is absent ({@link dev.xbar.simd.VectorRandom}
 * is public for the benchmarks). Callers reach the kernels through {@link dev.xbar.core.kernel.CrossbarKernels} and {@link
 * dev.xbar.core.kernel.MatrixKernels}. Draws, programming, pulses and read-back are bit-identical to the scalar
 * reference; reassociated sums add their lanes in one fixed order, so results do not depend on the JIT state.
 *
 * <p>Arithmetic is written {@code v.lanewise(FMA, a, b)}, not {@code v.fma(a, b)}: the helpers are final methods of
 * {@code FloatVector} that dispatch on the vector's class inside the JDK, where one profile is shared by every caller
 * and may hold another species or nothing yet when C2 compiles a kernel (a loaded vector's class is not known before
 * the load is intrinsified). Called directly, the dispatch sits in the kernel, profiled by the kernel; engine-simd's
 * {@code launcher-jit-flags-unprofiled-jdk} test execution (the JDK's Vector API methods profiled late) boxes
 * every accumulator of the helper form, and {@code KernelDispatchTest} keeps the helpers out of the sources.
 *
 * <p><b>Internal</b>: nothing here is called directly; put the jar on the class path and run with {@code --add-modules jdk.incubator.vector}.
 */
package dev.xbar.simd;
