/**
 * engine-core: the physics of memristor crossbars. {@code random} holds counter-based random streams, {@code device}
 * the device models, {@code chip} the chip spec, fabricated chips and their files, {@code kernel} the operations on a
 * chip and their scalar reference. Units: volts, microsiemens, microamperes, seconds.
 *
 * <p><b>Internal</b> (public for Xbar's other modules only; may change in any release): this package's {@code Check}, and the {@code random} and {@code io} packages. <b>API</b>: {@code chip}, {@code device} and {@code kernel}.
 */
package dev.xbar.core;
