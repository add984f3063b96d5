package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reports in the contract's JSON shape (docs/contracts.md), built in code so tests can vary them. */
public final class SampleReports {

    private SampleReports() {}

    /** A 60-second run with two phases, one fault, one rate change, a failed threshold and a passed expectation. */
    public static JsonObject report(String runId, String state) {
        JsonArray timeline = new JsonArray();
        for (int s = 0; s < 60; s++) {
            boolean incident = s >= 30;
            timeline.add(new JsonObject()
                    .put("t", s)
                    .put("scheduled", 50)
                    .put("sent", incident ? 48 : 50)
                    .put("dropped", incident ? 2 : 0)
                    .put("inFlight", 3)
                    .put("ok", incident ? 38 : 50)
                    .put(
                            "errors",
                            new JsonObject()
                                    .put("http_4xx", 0)
                                    .put("http_5xx", incident ? 10 : 0)
                                    .put("timeout", 0)
                                    .put("connect_refused", 0)
                                    .put("reset", 0)
                                    .put("other", 0))
                    .put("p50Ms", 3.0)
                    .put("p99Ms", incident ? 240.0 : 10.0)
                    .put("p99CorrectedMs", incident ? 412.5 : 11.0));
        }
        return new JsonObject()
                .put("runId", runId)
                .put(
                        "scenario",
                        new JsonObject()
                                .put("name", "payments-error-burst")
                                .put("description", "Payments answers <503> for 20 % & more")
                                .put("source", "scenarios.yaml"))
                .put("state", state)
                .putNull("failure")
                .put("startedAt", "2026-11-25T12:45:01Z")
                .put("endedAt", "2026-11-25T12:46:01Z")
                .put("durationMs", 60000)
                .put("elapsedMs", 60000)
                .put("phase", "incident")
                .put(
                        "rate",
                        new JsonObject()
                                .put("scheduled", 50.0)
                                .put("achieved", 48.0)
                                .put("multiplier", 1.0)
                                .putNull("absolute"))
                .put("inFlight", 0)
                .put(
                        "phases",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "baseline")
                                        .put("startMs", 0)
                                        .put("endMs", 30000))
                                .add(new JsonObject()
                                        .put("name", "incident")
                                        .put("startMs", 30000)
                                        .put("endMs", 60000)))
                .put(
                        "faults",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("target", "payments")
                                        .put("type", "error")
                                        .put("startMs", 30000)
                                        .put("endMs", 60000)
                                        .put("faultId", "f-1")
                                        .put("state", "cleared")
                                        .putNull("error")))
                .put(
                        "totals",
                        new JsonObject()
                                .put("scheduled", 3000)
                                .put("sent", 2970)
                                .put("dropped", 30)
                                .put("completed", 2970)
                                .put("ok", 2670)
                                .put(
                                        "errors",
                                        new JsonObject()
                                                .put("http_4xx", 0)
                                                .put("http_5xx", 300)
                                                .put("timeout", 0)
                                                .put("connect_refused", 0)
                                                .put("reset", 0)
                                                .put("other", 0)))
                .put(
                        "latency",
                        new JsonObject()
                                .put("corrected", percentiles(3.1, 5.0, 412.5, 500.0, 900.0))
                                .put("service", percentiles(3.0, 4.9, 240.0, 300.0, 700.0)))
                .put(
                        "byRequest",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("request", "checkout")
                                        .put("phase", "incident")
                                        .put("scheduled", 1515)
                                        .put("dropped", 30)
                                        .put("count", 1485)
                                        .put("errors", new JsonObject().put("http_5xx", 300))
                                        .put("corrected", percentiles(3.1, 5.0, 412.5, 500.0, 900.0))
                                        .put("service", percentiles(3.0, 4.9, 240.0, 300.0, 700.0))))
                .put(
                        "errorKinds",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("request", "checkout")
                                        .put("error", "http_5xx")
                                        .put("status", 502)
                                        .put("cause", "HTTP 502 dependency_failed")
                                        .put(
                                                "message",
                                                "HTTP 502 Bad Gateway: dependency_failed: orders answered 502: payments answered 503: "
                                                        + "answered 503 by chaos fault f-1c239e65-45f6 <b>")
                                        .put("count", 290)
                                        .put("firstMs", 15_400)
                                        .put("lastMs", 44_900)
                                        .put("traceId", "50c9ba259c3984f4898963f4990aa9b2"))
                                .add(new JsonObject()
                                        .put("request", "checkout")
                                        .put("error", "http_5xx")
                                        .put("status", 503)
                                        .put("cause", "HTTP 503 Service Unavailable")
                                        .put("message", "HTTP 503 Service Unavailable")
                                        .put("count", 10)
                                        .put("firstMs", 16_000)
                                        .put("lastMs", 16_100)
                                        .putNull("traceId")))
                .put("timeline", timeline)
                .put(
                        "thresholds",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("metric", "latency_p99")
                                        .put("request", "checkout")
                                        .put("below", 300.0)
                                        .put("unit", "ms")
                                        .put("actual", 412.5)
                                        .put("passed", false))
                                .add(new JsonObject()
                                        .put("metric", "error_ratio")
                                        .put("below", 0.2)
                                        .put("unit", "")
                                        .put("actual", 0.101)
                                        .put("passed", true)))
                .put(
                        "rateChanges",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("tMs", 45000)
                                        .put("multiplier", 2.0)
                                        .putNull("absolute")))
                .put(
                        "expectations",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("alert", "ChaoslabHighErrorRatio")
                                        .put("labels", new JsonObject().put("service", "payments"))
                                        .put("kind", "fires")
                                        .put("passed", true)
                                        .put("timeToPendingMs", 15000)
                                        .put("timeToFireMs", 75000)
                                        .putNull("timeToResolveMs")
                                        .put("detail", "fired 45 s after the fault started")
                                        .put(
                                                "margin",
                                                new JsonObject()
                                                        .put("expr", "sum(rate(x[1m])) > 0.05")
                                                        .put("threshold", 0.05)
                                                        .put("baselineMax", 0.0)
                                                        .put("incidentMax", 0.2))));
    }

    /** {@link #report} read through the codec, as the report writers see it. */
    public static RunReport read(String runId, String state) {
        return ResultJson.decodeReport(report(runId, state));
    }

    /** A report JSON read through the codec. */
    public static RunReport read(JsonObject report) {
        return ResultJson.decodeReport(report);
    }

    private static JsonObject percentiles(double p50, double p90, double p99, double p999, double max) {
        return new JsonObject()
                .put("p50", p50)
                .put("p90", p90)
                .put("p99", p99)
                .put("p999", p999)
                .put("max", max)
                .put("mean", p50 * 1.1);
    }
}
