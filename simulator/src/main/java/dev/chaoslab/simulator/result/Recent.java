package dev.chaoslab.simulator.result;

/**
 * The status's recent window: arrivals that ended, errors, drops and latency over the last closed seconds.
 *
 * @param seconds how many closed seconds the window holds yet
 */
public record Recent(
        int seconds,
        long completed,
        long ok,
        ErrorCounts errors,
        long dropped,
        LatencySummary corrected,
        LatencySummary service) {

    public static final Recent EMPTY =
            new Recent(0, 0, 0, ErrorCounts.NONE, 0, LatencySummary.EMPTY, LatencySummary.EMPTY);
}
