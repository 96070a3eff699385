package dev.xbar.models;

import dev.xbar.core.kernel.RequiredKernelsCheck;

/** The models tests run twice, with the SIMD kernels and with the scalar reference; each run checks which it got. */
class RequiredKernelsTest extends RequiredKernelsCheck {}
