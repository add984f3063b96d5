package dev.chaoslab.simulator.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * The report of a finished run (completed, stopped or failed), in the JSON of {@code report.json}
 * (docs/contracts.md): the status fields plus {@code byRequest}, {@code timeline}, {@code thresholds},
 * {@code rateChanges} and {@code expectations}. Immutable.
 */
public final class RunReport {
  private final JsonObject json;

  private RunReport(JsonObject json) {
    this.json = json;
  }

  /** Wraps a report read back from disk (no validation beyond the presence of {@code runId}). */
  public static RunReport fromJson(JsonObject json) {
    if (json == null || json.getString("runId") == null) {
      throw new IllegalArgumentException("a run report needs a runId");
    }
    return new RunReport(json.copy());
  }

  public String runId() {
    return json.getString("runId");
  }

  public RunState state() {
    return RunState.valueOf(json.getString("state", "failed").toUpperCase(Locale.ROOT));
  }

  /** Whether every threshold passed (true when there are none). */
  public boolean thresholdsPassed() {
    return allPassed(json.getJsonArray("thresholds"));
  }

  /** Whether every alert expectation passed (true when there are none). */
  public boolean expectationsPassed() {
    return allPassed(json.getJsonArray("expectations"));
  }

  public JsonObject toJson() {
    return json.copy();
  }

  @Override
  public String toString() {
    return json.encode();
  }

  private static boolean allPassed(JsonArray checks) {
    if (checks == null) {
      return true;
    }
    for (Object o : checks) {
      if (!(o instanceof JsonObject check) || !Boolean.TRUE.equals(check.getBoolean("passed"))) {
        return false;
      }
    }
    return true;
  }
}
