package dev.xbar.simd;

import dev.xbar.core.kernel.RequiredKernelsCheck;

/** Each engine-simd Surefire execution names the kernels it must run (simd with the vector module, else scalar). */
class RequiredKernelsTest extends RequiredKernelsCheck {}
