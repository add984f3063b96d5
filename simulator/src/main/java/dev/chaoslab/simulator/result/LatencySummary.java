package dev.chaoslab.simulator.result;

/** Percentiles, max and mean of a latency in ms; every figure null when nothing was recorded. */
public record LatencySummary(Double p50, Double p90, Double p99, Double p999, Double max, Double mean) {

    public static final LatencySummary EMPTY = new LatencySummary(null, null, null, null, null, null);
}
