/**
 * Merging the reports of a sharded run's shards into one report: counters summed, histograms merged exactly,
 * thresholds judged again on the merged figures, the leader's faults and verdicts, a row per shard.
 */
package dev.chaoslab.simulator.merge;
