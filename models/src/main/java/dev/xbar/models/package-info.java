/**
 * Networks mapped onto chips and their training: layers over flat HWC activations, weight matrices either in software
 * ({@link dev.xbar.models.FloatMatrix}) or as differential device pairs on a chip ({@link
 * dev.xbar.models.AnalogMatrix}), the placement of layers on one shared chip, and the {@link dev.xbar.models.Trainer}
 * that trains in situ (forward on the chip, updates by programming pulses) or in software, as paper-spec.md describes.
 */
package dev.xbar.models;
