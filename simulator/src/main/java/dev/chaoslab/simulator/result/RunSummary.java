package dev.chaoslab.simulator.result;

import java.time.Instant;

/**
 * A {@code GET /runs} entry: what a client needs to pick a run, not the whole report.
 *
 * @param thresholdsPassed   null when nothing was checked (or while running), else whether every threshold passed
 * @param expectationsPassed the same for the alert expectations
 * @param phase              a live run's phase under way
 * @param live               whether the run is in this process (its status, not a stored report)
 */
public record RunSummary(
        String runId,
        String scenario,
        RunState state,
        Instant startedAt,
        Instant endedAt,
        long durationMs,
        Boolean thresholdsPassed,
        Boolean expectationsPassed,
        String phase,
        boolean live) {

    /** The entry of a stored report. */
    public static RunSummary of(RunReport report) {
        RunStatus s = report.status();
        return new RunSummary(
                s.runId(),
                s.scenario().name(),
                s.state(),
                s.startedAt(),
                s.endedAt(),
                s.durationMs(),
                report.thresholds().isEmpty() ? null : report.thresholdsPassed(),
                report.expectations().isEmpty() ? null : report.expectationsPassed(),
                null,
                false);
    }

    /** The entry of a live run. */
    public static RunSummary of(RunStatus s) {
        return new RunSummary(
                s.runId(),
                s.scenario().name(),
                s.state(),
                s.startedAt(),
                s.endedAt(),
                s.durationMs(),
                null,
                null,
                s.phase(),
                true);
    }
}
