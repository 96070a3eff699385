package dev.xbar.models.study;

/**
 * Everything a trial function may depend on: the study, the grid point (with its chip spec), the trial's id and its
 * seed. Nothing else (no thread, no clock, no order), so a trial gives the same outcome wherever it runs.
 *
 * @param study the study
 * @param point the grid point
 * @param id the trial id
 * @param seed the trial's seed, {@link Study#trialSeed(long, int, int)}
 */
public record Trial(Study study, GridPoint point, TrialId id, long seed) {}
