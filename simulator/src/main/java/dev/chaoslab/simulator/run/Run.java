package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Future;

/**
 * A run of a scenario: open-model traffic, its chaos timeline, and its report at the end. All methods may
 * be called from any thread.
 */
public interface Run {
    String id();

    Scenario scenario();

    /** A live snapshot (at most a second old for the counters; state and phase are current). */
    RunStatus status();

    /**
     * Turns the rate dial: a multiplier or an absolute rate (requests/s). Takes effect at once (within the
     * scheduler's 5 ms look-ahead).
     *
     * @throws IllegalArgumentException when the rate would exceed the configured ceiling
     * @throws IllegalStateException    when the run is no longer running
     */
    void changeRate(RateChange change);

    /** Stops traffic, clears the run's faults, and completes with the (partial) report. Idempotent. */
    Future<RunReport> stop();

    /** Completes with the report when the run ends, whatever the reason; never fails. */
    Future<RunReport> result();
}
