package dev.chaoslab.simulator.result;

/**
 * A {@code timeline} entry: one second of the run.
 *
 * @param t              the second since the run start (0, 1, 2, …)
 * @param scheduled      arrivals intended for this second
 * @param p50Ms          median service time, null when nothing ended
 * @param p50CorrectedMs median corrected latency, null when nothing ended (or in a report written before it existed)
 */
public record SecondRow(
        long t,
        long scheduled,
        long sent,
        long dropped,
        long inFlight,
        long ok,
        ErrorCounts errors,
        Double p50Ms,
        Double p99Ms,
        Double p50CorrectedMs,
        Double p99CorrectedMs) {}
