package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.scenario.Expectation;
import io.vertx.core.json.JsonObject;

/**
 * The outcome of one expectation. Times are ms relative to the referenced window's start (time to pending,
 * time to fire) or end (time to resolve); null when it did not happen. {@code margin} is the rule's value
 * next to its threshold (see {@link Margins}), null when it could not be computed.
 */
public record Verdict(Expectation expectation, boolean passed, Long timeToPendingMs, Long timeToFireMs,
                      Long timeToResolveMs, String detail, JsonObject margin) {

  public Verdict withMargin(JsonObject margin) {
    return new Verdict(expectation, passed, timeToPendingMs, timeToFireMs, timeToResolveMs, detail, margin);
  }

  /** The report's {@code expectations[]} entry (docs/contracts.md). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("index", expectation.index())
      .put("alert", expectation.alert())
      .put("labels", new JsonObject(new java.util.TreeMap<>(expectation.labels())))
      .put("kind", expectation.kind().key())
      .put("reference", expectation.anchor().toString())
      .put("withinMs", expectation.within() == null ? null : expectation.within().toMillis())
      .put("passed", passed)
      .put("timeToPendingMs", timeToPendingMs)
      .put("timeToFireMs", timeToFireMs)
      .put("timeToResolveMs", timeToResolveMs)
      .put("detail", detail)
      .put("margin", margin);
    return json;
  }
}
