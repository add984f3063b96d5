package dev.chaoslab.simulator.run;

import io.vertx.core.json.JsonObject;

/**
 * A live snapshot of a run, in the JSON of {@code GET /runs/:id} (docs/contracts.md). Immutable: refreshed
 * by the run once per second and at every change of state, phase or rate.
 */
public final class RunStatus {
  private final JsonObject json;

  RunStatus(JsonObject json) {
    this.json = json;
  }

  public String runId() {
    return json.getString("runId");
  }

  public RunState state() {
    return RunState.valueOf(json.getString("state").toUpperCase(java.util.Locale.ROOT));
  }

  /** The current phase, or null before the first and after the last. */
  public String phase() {
    return json.getString("phase");
  }

  public long elapsedMs() {
    return json.getLong("elapsedMs", 0L);
  }

  public JsonObject toJson() {
    return json.copy();
  }

  @Override
  public String toString() {
    return json.encode();
  }
}
