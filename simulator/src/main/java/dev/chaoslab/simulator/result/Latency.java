package dev.chaoslab.simulator.result;

/** Latency from the intended send time (coordinated omission corrected) and as service time. */
public record Latency(LatencySummary corrected, LatencySummary service) {

    public static final Latency EMPTY = new Latency(LatencySummary.EMPTY, LatencySummary.EMPTY);
}
