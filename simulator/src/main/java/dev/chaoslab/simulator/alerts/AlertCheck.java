package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/** Checks a scenario's alert expectations against Prometheus (see docs/contracts.md). */
public interface AlertCheck {
    /** Fails with a clear message when Prometheus is unreachable or the expectations cannot be checked. */
    Future<Void> preflight(Scenario scenario);

    /** How long to keep watching after the last phase (resolve windows). */
    Duration settleTime(Scenario scenario);

    /** The report's {@code expectations}: one verdict per expectation of the scenario, in its order. */
    Future<List<Verdict>> verdicts(Scenario scenario, RunTimeline timeline);

    /**
     * The scenario's alert expectations as they stand now, one per expectation in its order, for the live status;
     * empty when this check does not follow them while the run goes. Cheap and non-blocking: it reads what polling
     * has seen, it asks Prometheus nothing.
     *
     * @param soFar the run's timeline up to now (its end is now while traffic runs)
     */
    default List<ExpectationProgress> progress(Scenario scenario, RunTimeline soFar) {
        return List.of();
    }

    /**
     * The series behind the rules {@link #verdicts} checked for this run, for {@code tune}; call after it. Completes
     * with null when nothing was recorded (no expectations, or a check that does not record).
     */
    default Future<Recording> recording(Scenario scenario, RunTimeline timeline) {
        return Future.succeededFuture();
    }
}
