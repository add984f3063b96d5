package dev.chaoslab.simulator.result;

/**
 * One shard's figures in a merged report, to see skew between shards.
 *
 * @param runId  the shard run's id
 * @param errors arrivals that ended in an error
 * @param p99Ms  the shard's corrected p99 in ms, null when nothing ended
 */
public record ShardRow(int index, String runId, long sent, long ok, long errors, long dropped, Double p99Ms) {}
