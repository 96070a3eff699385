/**
 * The operations on a chip window ({@link dev.xbar.core.kernel.CrossbarKernels}), their scalar reference, and the
 * service lookup that picks the best registered implementation once.
 */
package dev.xbar.core.kernel;
