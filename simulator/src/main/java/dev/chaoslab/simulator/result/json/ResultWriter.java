package dev.chaoslab.simulator.result.json;

import dev.chaoslab.simulator.result.AbortedBy;
import dev.chaoslab.simulator.result.ErrorCounts;
import dev.chaoslab.simulator.result.ErrorKind;
import dev.chaoslab.simulator.result.FaultRow;
import dev.chaoslab.simulator.result.LatencySummary;
import dev.chaoslab.simulator.result.PhaseSpan;
import dev.chaoslab.simulator.result.Recent;
import dev.chaoslab.simulator.result.RequestRow;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.RunSummary;
import dev.chaoslab.simulator.result.SecondRow;
import dev.chaoslab.simulator.result.ShardBlock;
import dev.chaoslab.simulator.result.ThresholdCriterion;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Totals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Writes results as JSON: the run status, the report, and the run list and its entries (the alert verdicts: {@link ExpectationWriter}), with
 * the keys docs/contracts.md documents. Only {@link dev.chaoslab.simulator.result.ResultJson} calls it.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResultWriter {

    private ResultWriter() {}

    /** The status JSON. */
    public static JsonObject encode(RunStatus s) {
        JsonArray phases = new JsonArray();
        s.phases().forEach(p -> phases.add(phase(p)));
        JsonArray faults = new JsonArray();
        s.faults().forEach(f -> faults.add(fault(f)));
        JsonObject json = new JsonObject()
                .put("runId", s.runId())
                .put(
                        "scenario",
                        new JsonObject()
                                .put("name", s.scenario().name())
                                .put("description", s.scenario().description())
                                .put("source", s.scenario().source()))
                .put("state", s.state().key())
                .put("failure", s.failure())
                .put("abortedBy", s.abortedBy() == null ? null : abortedBy(s.abortedBy()))
                .put("startedAt", s.startedAt() == null ? null : s.startedAt().toString())
                .put("endedAt", s.endedAt() == null ? null : s.endedAt().toString())
                .put("durationMs", s.durationMs())
                .put("elapsedMs", s.elapsedMs())
                .put("phase", s.phase())
                .put(
                        "rate",
                        new JsonObject()
                                .put("scheduled", s.rate().scheduled())
                                .put("achieved", s.rate().achieved())
                                .put("multiplier", s.rate().multiplier())
                                .put("absolute", s.rate().absolute()))
                .put("inFlight", s.inFlight())
                .put("phases", phases)
                .put("faults", faults)
                .put("totals", totals(s.totals()))
                .put(
                        "latency",
                        new JsonObject()
                                .put("corrected", summary(s.latency().corrected()))
                                .put("service", summary(s.latency().service())))
                .put("recent", recent(s.recent()))
                .put("errorKinds", errorKinds(s.errorKinds()))
                .put("scheduleLag", summary(s.scheduleLag()));
        // only while alert expectations are watched: other statuses, and reports, keep their shape
        if (!s.expectationProgress().isEmpty()) {
            JsonArray progress = new JsonArray();
            s.expectationProgress().forEach(p -> progress.add(ExpectationWriter.progress(p)));
            json.put("expectationProgress", progress);
        }
        return json;
    }

    /** The report JSON: the status's keys, then the details. */
    public static JsonObject encode(RunReport r) {
        JsonArray byRequest = new JsonArray();
        r.byRequest().forEach(row -> byRequest.add(requestRow(row)));
        JsonArray timeline = new JsonArray();
        r.timeline().forEach(second -> timeline.add(second(second)));
        JsonArray thresholds = new JsonArray();
        r.thresholds().forEach(t -> thresholds.add(threshold(t)));
        JsonArray rateChanges = new JsonArray();
        r.rateChanges()
                .forEach(c -> rateChanges.add(new JsonObject()
                        .put("tMs", c.tMs())
                        .put("multiplier", c.multiplier())
                        .put("absolute", c.absolute())));
        JsonArray expectations = new JsonArray();
        r.expectations().forEach(v -> expectations.add(ExpectationWriter.verdict(v)));
        JsonObject json = encode(r.status())
                .put("byRequest", byRequest)
                .put("timeline", timeline)
                .put("thresholds", thresholds)
                .put("rateChanges", rateChanges)
                .put("expectations", expectations);
        if (r.shard() != null) {
            json.put("shard", shard(r.shard()));
        }
        return json;
    }

    /** A sharded run's {@code shard} block (absent from a whole run's report). */
    private static JsonObject shard(ShardBlock b) {
        JsonArray rows = new JsonArray();
        b.shards()
                .forEach(row -> rows.add(new JsonObject()
                        .put("index", row.index())
                        .put("runId", row.runId())
                        .put("sent", row.sent())
                        .put("ok", row.ok())
                        .put("errors", row.errors())
                        .put("dropped", row.dropped())
                        .put("p99Ms", row.p99Ms())));
        JsonObject json = new JsonObject();
        putIfSet(json, "index", b.index());
        return json.put("count", b.count())
                .put("leader", b.leader())
                .put("plan", b.plan())
                .put("seed", b.seed())
                .put("rateMultiplier", b.rateMultiplier())
                .put("startAt", b.startAt().toString())
                .put("missed", b.missed())
                .put("shards", rows);
    }

    /** A run list entry. */
    public static JsonObject encode(RunSummary s) {
        JsonObject json = new JsonObject()
                .put("runId", s.runId())
                .put("scenario", s.scenario())
                .put("state", s.state().key())
                .put("startedAt", s.startedAt() == null ? null : s.startedAt().toString())
                .put("endedAt", s.endedAt() == null ? null : s.endedAt().toString())
                .put("durationMs", s.durationMs());
        if (s.live()) {
            return json.put("phase", s.phase()).put("live", true);
        }
        return json.put("thresholdsPassed", s.thresholdsPassed())
                .put("expectationsPassed", s.expectationsPassed())
                .put("live", false);
    }

    /** The run list: {@code {"runs": [...]}}. */
    public static JsonObject encodeList(List<RunSummary> runs) {
        JsonArray out = new JsonArray();
        runs.forEach(s -> out.add(encode(s)));
        return new JsonObject().put("runs", out);
    }

    private static JsonObject abortedBy(AbortedBy a) {
        return new JsonObject()
                .put("threshold", a.threshold())
                .put("atMs", a.atMs())
                .put("actual", a.actual())
                .put("detail", a.detail());
    }

    private static JsonObject phase(PhaseSpan p) {
        return new JsonObject()
                .put("name", p.name())
                .put("startMs", p.startMs())
                .put("endMs", p.endMs());
    }

    private static JsonObject fault(FaultRow f) {
        return new JsonObject()
                .put("step", f.step())
                .put("target", f.target())
                .put("type", f.type())
                .put("startMs", f.startMs())
                .put("endMs", f.endMs())
                .put("faultId", f.faultId())
                .put("state", f.state().key())
                .put("error", f.error());
    }

    private static JsonObject totals(Totals t) {
        return new JsonObject()
                .put("scheduled", t.scheduled())
                .put("sent", t.sent())
                .put("dropped", t.dropped())
                .put("completed", t.completed())
                .put("ok", t.ok())
                .put("errors", errors(t.errors()));
    }

    private static JsonObject errors(ErrorCounts e) {
        JsonObject json = new JsonObject();
        e.byClass().forEach(json::put);
        return json;
    }

    private static JsonObject summary(LatencySummary s) {
        return new JsonObject()
                .put("p50", s.p50())
                .put("p90", s.p90())
                .put("p99", s.p99())
                .put("p999", s.p999())
                .put("max", s.max())
                .put("mean", s.mean());
    }

    private static JsonObject recent(Recent r) {
        return new JsonObject()
                .put("seconds", r.seconds())
                .put("completed", r.completed())
                .put("ok", r.ok())
                .put("errors", errors(r.errors()))
                .put("dropped", r.dropped())
                .put("corrected", summary(r.corrected()))
                .put("service", summary(r.service()));
    }

    private static JsonArray errorKinds(List<ErrorKind> kinds) {
        JsonArray out = new JsonArray();
        for (ErrorKind k : kinds) {
            out.add(new JsonObject()
                    .put("request", k.request())
                    .put("error", k.error())
                    .put("status", k.status())
                    .put("cause", k.cause())
                    .put("message", k.message())
                    .put("count", k.count())
                    .put("firstMs", k.firstMs())
                    .put("lastMs", k.lastMs())
                    .put("traceId", k.traceId()));
        }
        return out;
    }

    private static JsonObject requestRow(RequestRow r) {
        JsonObject row = new JsonObject().put("request", r.request());
        if (r.phase() != null) {
            row.put("phase", r.phase());
        }
        if (r.scheduled() != null) {
            row.put("scheduled", r.scheduled()).put("dropped", r.dropped());
        }
        return row.put("count", r.count())
                .put("ok", r.ok())
                .put("errors", errors(r.errors()))
                .put("corrected", summary(r.corrected()))
                .put("service", summary(r.service()));
    }

    private static JsonObject second(SecondRow s) {
        JsonObject json = new JsonObject()
                .put("t", s.t())
                .put("scheduled", s.scheduled())
                .put("sent", s.sent())
                .put("dropped", s.dropped())
                .put("inFlight", s.inFlight())
                .put("ok", s.ok())
                .put("errors", errors(s.errors()))
                .put("p50Ms", s.p50Ms())
                .put("p99Ms", s.p99Ms())
                .put("p99CorrectedMs", s.p99CorrectedMs());
        if (s.p50CorrectedMs() != null) {
            // absent from reports written before it existed, so only written when measured
            json.put("p50CorrectedMs", s.p50CorrectedMs());
        }
        return json;
    }

    private static JsonObject threshold(ThresholdResult r) {
        ThresholdCriterion c = r.criterion();
        JsonObject json = new JsonObject()
                .put("metric", c.metric().key())
                .put("request", c.request())
                .put("phase", c.phase());
        if (c.measure() != null) {
            json.put("measure", c.measure().key());
        }
        json.put("below", c.below())
                .put("unit", c.unit())
                .put("actual", r.actual())
                .put("passed", r.passed());
        if (r.abortOnFail()) {
            json.put("abortOnFail", true).put("aborted", r.aborted());
        }
        return json;
    }

    static void putIfSet(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    /** JSON has no infinity: written as a string, as Prometheus writes it. */
    static Object finite(Double v) {
        if (v == null || !Double.isInfinite(v)) {
            return v;
        }
        return v > 0 ? "+Inf" : "-Inf";
    }
}
