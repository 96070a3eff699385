/**
 * A training run: the networks by name ({@link dev.xbar.models.train.Architecture}), what defines a run ({@link
 * dev.xbar.models.train.TrainConfig}), the {@link dev.xbar.models.train.Trainer} that runs it on a chip or in software
 * (its {@code Substrate}), the optimizer, the losses over time steps, the metrics it reports and the checkpoints it
 * resumes from. Everything random here is drawn from streams keyed by the run seed ({@link
 * dev.xbar.models.train.Seeds}), so a run gives the same numbers on any thread count, resumed or not.
 *
 * <p><b>API.</b>
 */
package dev.xbar.models.train;
