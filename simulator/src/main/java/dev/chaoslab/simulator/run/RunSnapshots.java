package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.chaos.FaultStatus;
import dev.chaoslab.simulator.result.AbortedBy;
import dev.chaoslab.simulator.result.ErrorKind;
import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.FaultRow;
import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.PhaseSpan;
import dev.chaoslab.simulator.result.Rate;
import dev.chaoslab.simulator.result.RateChangeAt;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.ScenarioInfo;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a run's status and report records from what the run holds at one moment: its identity and plan (given
 * once), and a {@link Moment} of its changing state. Immutable; call from the run's context.
 */
final class RunSnapshots {
    private final String id;
    private final ScenarioInfo scenario;
    private final long durationMs;
    private final List<PhaseSpan> plannedPhases;

    /**
     * What a run is at one moment.
     *
     * @param stats      the run's statistics (empty ones before traffic starts)
     * @param faults     the chaos steps as the chaos timeline sees them (empty before it exists)
     * @param errorKinds the kinds of error to show
     * @param expectations the alert expectations so far (empty for a report, which has the verdicts)
     */
    record Moment(
            RunState state,
            String failure,
            AbortedBy abortedBy,
            Instant startedAt,
            Instant endedAt,
            long elapsedMs,
            String phase,
            Rate rate,
            long inFlight,
            List<FaultStatus> faults,
            RunStats stats,
            List<ErrorKind> errorKinds,
            List<ExpectationProgress> expectations) {}

    RunSnapshots(String id, Scenario scenario, List<String> phaseNames, long[] phaseBoundariesNanos) {
        this.id = id;
        this.scenario = new ScenarioInfo(scenario.name(), scenario.description(), scenario.source());
        this.durationMs = scenario.totalDuration().toMillis();
        List<PhaseSpan> phases = new ArrayList<>();
        for (int i = 0; i < phaseNames.size(); i++) {
            phases.add(new PhaseSpan(
                    phaseNames.get(i), phaseBoundariesNanos[i] / 1_000_000, phaseBoundariesNanos[i + 1] / 1_000_000));
        }
        this.plannedPhases = List.copyOf(phases);
    }

    /** The live status: the phases as planned. */
    RunStatus status(Moment m) {
        return status(m, plannedPhases);
    }

    /** The report: the final status with the phases as they ran, plus the details. */
    RunReport report(
            Moment m,
            List<PhaseSpan> phasesRan,
            List<ThresholdResult> thresholds,
            List<RateChangeAt> rateChanges,
            List<Verdict> expectations) {
        return new RunReport(
                status(m, phasesRan),
                m.stats().byRequest(),
                m.stats().secondRows(),
                thresholds,
                rateChanges,
                expectations,
                null,
                null,
                null);
    }

    private RunStatus status(Moment m, List<PhaseSpan> phases) {
        List<FaultRow> faults = new ArrayList<>(m.faults().size());
        m.faults().forEach(f -> faults.add(faultRow(f)));
        RunStats stats = m.stats();
        return new RunStatus(
                id,
                scenario,
                m.state(),
                m.failure(),
                m.abortedBy(),
                m.startedAt(),
                m.endedAt(),
                durationMs,
                m.elapsedMs(),
                m.phase(),
                m.rate(),
                m.inFlight(),
                phases,
                faults,
                stats.totals(),
                stats.latency(),
                stats.recent(),
                m.errorKinds(),
                stats.lag(),
                m.expectations());
    }

    static FaultRow faultRow(FaultStatus f) {
        FaultState state = FaultState.ofKey(f.state())
                .orElseThrow(() ->
                        new IllegalStateException("chaos step " + f.step() + " has an unknown state " + f.state()));
        return new FaultRow(f.step(), f.target(), f.type(), f.startMs(), f.endMs(), f.faultId(), state, f.error());
    }
}
