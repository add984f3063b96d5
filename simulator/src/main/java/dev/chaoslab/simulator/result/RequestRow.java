package dev.chaoslab.simulator.result;

/**
 * A {@code byRequest} row: one request label in one phase, or over all phases.
 *
 * @param phase     the phase, or null for the row over all phases
 * @param scheduled arrivals scheduled; null on a journey step's row (a journey is scheduled as a whole)
 * @param dropped   arrivals dropped; null on a journey step's row
 * @param count     how many ended
 */
public record RequestRow(
        String request,
        String phase,
        Long scheduled,
        Long dropped,
        long count,
        long ok,
        ErrorCounts errors,
        LatencySummary corrected,
        LatencySummary service) {}
