/**
 * Yield-study trials on a Hazelcast cluster that stays on loopback addresses: the only module that knows Hazelcast,
 * so the rest of the engine runs without it. Results equal a local run's (all but their timings), since each trial is a pure function of the
 * study and its id.
 *
 * <p><b>API</b> (module {@code xbar-cluster}).
 */
package dev.xbar.cluster;
