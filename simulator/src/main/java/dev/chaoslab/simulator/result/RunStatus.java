package dev.chaoslab.simulator.result;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a run, what {@code GET /runs/:id} answers (docs/contracts.md, written by {@link ResultJson}).
 *
 * @param failure     why the run failed, or null
 * @param abortedBy   the threshold that stopped the run, or null
 * @param startedAt   when traffic started, null before
 * @param endedAt     when the report was made, null before
 * @param durationMs  the scenario's planned duration
 * @param phase       the phase under way, null before the first and after the last ({@code settling} meanwhile)
 * @param errorKinds  the most frequent kinds of error (in a report: all)
 * @param scheduleLag how late the scheduler sent, ms
 * @param expectationProgress the alert expectations so far while the run goes (empty when alerts are not checked,
 *                    and in a report, which has the verdicts)
 */
public record RunStatus(
        String runId,
        ScenarioInfo scenario,
        RunState state,
        String failure,
        AbortedBy abortedBy,
        Instant startedAt,
        Instant endedAt,
        long durationMs,
        long elapsedMs,
        String phase,
        Rate rate,
        long inFlight,
        List<PhaseSpan> phases,
        List<FaultRow> faults,
        Totals totals,
        Latency latency,
        Recent recent,
        List<ErrorKind> errorKinds,
        LatencySummary scheduleLag,
        List<ExpectationProgress> expectationProgress) {

    public RunStatus {
        if (runId == null || runId.isEmpty()) {
            throw new IllegalArgumentException("a run status needs a runId");
        }
        if (scenario == null
                || state == null
                || rate == null
                || totals == null
                || latency == null
                || recent == null
                || scheduleLag == null) {
            throw new IllegalArgumentException("run " + runId + ": scenario, state, rate, totals, latency, recent and "
                    + "scheduleLag are required");
        }
        phases = List.copyOf(phases);
        faults = List.copyOf(faults);
        errorKinds = List.copyOf(errorKinds);
        expectationProgress = expectationProgress == null ? List.of() : List.copyOf(expectationProgress);
    }

    /** This status with the rate dial shown at {@code multiplier} / {@code absolute}. */
    public RunStatus withDial(double multiplier, Double absolute) {
        return with(elapsedMs, rate.withDial(multiplier, absolute));
    }

    /** This status as of {@code elapsedMs} after the start, everything else as it was published. */
    public RunStatus withElapsed(long elapsedMs) {
        return with(elapsedMs, rate);
    }

    private RunStatus with(long elapsed, Rate shownRate) {
        return new RunStatus(
                runId,
                scenario,
                state,
                failure,
                abortedBy,
                startedAt,
                endedAt,
                durationMs,
                elapsed,
                phase,
                shownRate,
                inFlight,
                phases,
                faults,
                totals,
                latency,
                recent,
                errorKinds,
                scheduleLag,
                expectationProgress);
    }

    /**
     * How long the run ran, ms: the planned duration when it completed, the elapsed time when it ended early (or when
     * the plan is unknown, as in a report that lacks it).
     */
    public long ranMs() {
        if (durationMs <= 0) {
            return elapsedMs;
        }
        return state == RunState.COMPLETED ? durationMs : Math.min(elapsedMs, durationMs);
    }
}
