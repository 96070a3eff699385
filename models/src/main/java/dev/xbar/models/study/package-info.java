/**
 * Monte Carlo yield studies: a grid of chip-spec points times a number of chips, each trial a pure function of the
 * study and its id, so local threads, shards and a cluster give the same results and a study resumes from its folder.
 */
package dev.xbar.models.study;
