/**
 * Monte Carlo yield studies: a grid of chip-spec points times a number of simulated chips per point ({@link
 * dev.xbar.models.study.Study}), each trial a pure function of the study, its point and its seed, so trials can run
 * in any order, locally ({@link dev.xbar.models.study.LocalRunner}) or in shards on a cluster, and give the same
 * results.
 *
 * <p><b>API.</b>
 */
package dev.xbar.models.study;
