/**
 * File writing shared by every module that saves results: {@link dev.xbar.core.io.AtomicFiles} writes through a
 * temporary file and an atomic move, so an interrupted run never leaves a half-written file behind.
 *
 * <p><b>Internal</b>: public for Xbar's other modules only; may change in any release.
 */
package dev.xbar.core.io;
