/**
 * Device models: the paper's gate-controlled 1T1R device and aihwkit's pulse-step family. Parameter records with
 * units in their names, every value validated.
 *
 * <p><b>API.</b>
 */
package dev.xbar.core.device;
