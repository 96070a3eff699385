/**
 * engine-core: the physics of memristor crossbars. {@code random} holds counter-based random streams, {@code device}
 * the device models, {@code chip} the chip spec, fabricated chips and their files, {@code kernel} the operations on a
 * chip and their scalar reference. Units: volts, microsiemens, microamperes, seconds.
 */
package dev.xbar.core;
