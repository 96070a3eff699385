/**
 * Stateless, counter-based random streams keyed by (seed, chip, purpose, event), and the float math that lets a
 * Vector API kernel reproduce every draw bit for bit.
 */
package dev.xbar.core.random;
