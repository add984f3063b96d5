package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.run.RunTimeline;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

import java.time.Duration;

/** Checks a scenario's alert expectations against Prometheus (see docs/contracts.md). */
public interface AlertCheck {
  /** Fails with a clear message when Prometheus is unreachable or the expectations cannot be checked. */
  Future<Void> preflight(Scenario scenario);

  /** How long to keep watching after the last phase (resolve windows). */
  Duration settleTime(Scenario scenario);

  /** The report's {@code expectations}. */
  Future<JsonArray> verdicts(Scenario scenario, RunTimeline timeline);
}
