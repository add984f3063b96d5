package dev.chaoslab.simulator.result.json;

import dev.chaoslab.simulator.result.AbortedBy;
import dev.chaoslab.simulator.result.Delivery;
import dev.chaoslab.simulator.result.ErrorCounts;
import dev.chaoslab.simulator.result.ErrorKind;
import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.FaultRow;
import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.Latency;
import dev.chaoslab.simulator.result.LatencySummary;
import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.MarginPoint;
import dev.chaoslab.simulator.result.PhaseSpan;
import dev.chaoslab.simulator.result.Rate;
import dev.chaoslab.simulator.result.RateChangeAt;
import dev.chaoslab.simulator.result.Recent;
import dev.chaoslab.simulator.result.RequestRow;
import dev.chaoslab.simulator.result.ResultFormatException;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.ScenarioInfo;
import dev.chaoslab.simulator.result.SecondRow;
import dev.chaoslab.simulator.result.ShardBlock;
import dev.chaoslab.simulator.result.ShardRow;
import dev.chaoslab.simulator.result.ThresholdCriterion;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Totals;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Threshold;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the run status and the report back from JSON, also a report an earlier version wrote: a missing optional
 * field is its default, a field of the wrong type or an unknown state is a {@link ResultFormatException} naming
 * the field. Only {@link dev.chaoslab.simulator.result.ResultJson} calls it.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResultReader {

    private ResultReader() {}

    /** Reads a status JSON. @throws ResultFormatException naming the field that cannot be read */
    public static RunStatus decodeStatus(JsonObject json) {
        return status(new JsonFields(json, ""));
    }

    /** Reads a report JSON, also one written by an earlier version. @throws ResultFormatException naming the field */
    public static RunReport decodeReport(JsonObject json) {
        JsonFields f = new JsonFields(json, "");
        return new RunReport(
                status(f),
                f.list("byRequest", ResultReader::readRequestRow),
                f.list("timeline", ResultReader::readSecond),
                f.list("thresholds", ResultReader::readThreshold),
                f.list(
                        "rateChanges",
                        c -> new RateChangeAt(
                                c.longValue("tMs", 0), c.optionalDouble("multiplier"), c.optionalDouble("absolute"))),
                f.list("expectations", ResultReader::readVerdict),
                null,
                f.has("shard") ? readShard(f.object("shard")) : null,
                null);
    }

    private static ShardBlock readShard(JsonFields s) {
        Long count = s.optionalLong("count");
        String plan = s.string("plan");
        Long seed = s.optionalLong("seed");
        Instant startAt = s.instant("startAt");
        if (count == null || count < 1 || count > Integer.MAX_VALUE) {
            throw s.problem("count", "missing or not a positive count of shards");
        }
        if (plan == null || seed == null || startAt == null) {
            throw s.problem(plan == null ? "plan" : seed == null ? "seed" : "startAt", "missing");
        }
        Integer index = s.optionalInt("index");
        if (index != null && (index < 0 || index >= count)) {
            throw s.problem("index", "must be in 0.." + (count - 1) + ", was " + index);
        }
        return new ShardBlock(
                index,
                count.intValue(),
                plan,
                seed,
                s.doubleValue("rateMultiplier", 1.0),
                startAt,
                s.longValue("missed", 0),
                s.list(
                        "shards",
                        r -> new ShardRow(
                                (int) r.longValue("index", 0),
                                r.string("runId"),
                                r.longValue("sent", 0),
                                r.longValue("ok", 0),
                                r.longValue("errors", 0),
                                r.longValue("dropped", 0),
                                r.optionalDouble("p99Ms"))));
    }

    private static RunStatus status(JsonFields f) {
        String runId = f.requiredString("runId");
        JsonFields scenario = f.object("scenario");
        JsonFields rate = f.object("rate");
        JsonFields latency = f.object("latency");
        String stateKey = f.string("state");
        RunState state = stateKey == null
                ? RunState.FAILED
                : RunState.ofKey(stateKey)
                        .orElseThrow(() -> f.problem(
                                "state",
                                "unknown state \"" + stateKey + "\" (running, completed, stopped, " + "failed)"));
        return new RunStatus(
                runId,
                new ScenarioInfo(scenario.string("name"), scenario.string("description"), scenario.string("source")),
                state,
                f.string("failure"),
                f.has("abortedBy") ? readAbortedBy(f.object("abortedBy")) : null,
                f.instant("startedAt"),
                f.instant("endedAt"),
                f.longValue("durationMs", 0),
                f.longValue("elapsedMs", 0),
                f.string("phase"),
                new Rate(
                        rate.doubleValue("scheduled", 0),
                        rate.doubleValue("achieved", 0),
                        rate.doubleValue("multiplier", 1.0),
                        rate.optionalDouble("absolute")),
                f.longValue("inFlight", 0),
                f.list(
                        "phases",
                        p -> new PhaseSpan(p.string("name"), p.longValue("startMs", 0), p.longValue("endMs", 0))),
                f.list("faults", ResultReader::readFault),
                readTotals(f.object("totals")),
                new Latency(readSummary(latency.object("corrected")), readSummary(latency.object("service"))),
                readRecent(f.object("recent")),
                f.list(
                        "errorKinds",
                        k -> new ErrorKind(
                                k.string("request"),
                                k.string("error"),
                                k.optionalInt("status"),
                                k.string("cause"),
                                k.string("message"),
                                k.longValue("count", 0),
                                k.longValue("firstMs", 0),
                                k.longValue("lastMs", 0),
                                k.string("traceId"))),
                readSummary(f.object("scheduleLag")),
                f.list("expectationProgress", ResultReader::readProgress));
    }

    private static ExpectationProgress readProgress(JsonFields p) {
        String kindKey = p.requiredString("kind");
        Expectation.Kind kind = Expectation.Kind.ofKey(kindKey);
        if (kind == null) {
            throw p.problem("kind", "unknown kind \"" + kindKey + "\"");
        }
        String stateKey = p.requiredString("state");
        ExpectationProgress.State state = ExpectationProgress.State.ofKey(stateKey)
                .orElseThrow(() -> p.problem(
                        "state",
                        "unknown state \"" + stateKey
                                + "\" (waiting, quiet, pending, firing, resolved, passed, failed, missed)"));
        return new ExpectationProgress(
                (int) p.longValue("index", 0),
                p.requiredString("alert"),
                labels(p.object("labels")),
                kind,
                p.string("reference"),
                p.optionalLong("withinMs"),
                state,
                p.optionalLong("sinceMs"),
                p.optionalLong("timeToFireMs"));
    }

    private static Map<String, String> labels(JsonFields l) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : l.keys()) {
            labels.put(key, String.valueOf(l.string(key)));
        }
        return labels;
    }

    private static AbortedBy readAbortedBy(JsonFields a) {
        Integer index = a.optionalInt("threshold");
        if (index == null || index < 0) {
            throw a.problem("threshold", "missing or negative threshold index");
        }
        Number actual = a.number("actual");
        if (actual == null) {
            throw a.problem("actual", "missing");
        }
        return new AbortedBy(index, a.longValue("atMs", 0), actual.doubleValue(), a.string("detail"));
    }

    private static FaultRow readFault(JsonFields f) {
        String stateKey = f.string("state");
        FaultState state = FaultState.ofKey(stateKey)
                .orElseThrow(() -> f.problem(
                        "state",
                        "unknown fault state \"" + stateKey + "\" (pending, active, cleared, failed, skipped)"));
        return new FaultRow(
                (int) f.longValue("step", 0),
                f.string("target"),
                f.string("type"),
                f.longValue("startMs", 0),
                f.longValue("endMs", 0),
                f.string("faultId"),
                state,
                f.string("error"));
    }

    private static Totals readTotals(JsonFields t) {
        return new Totals(
                t.longValue("scheduled", 0),
                t.longValue("sent", 0),
                t.longValue("dropped", 0),
                t.longValue("completed", 0),
                t.longValue("ok", 0),
                readErrors(t.object("errors")));
    }

    private static ErrorCounts readErrors(JsonFields e) {
        Map<String, Long> byClass = new LinkedHashMap<>();
        for (String key : e.keys()) {
            byClass.put(key, e.longValue(key, 0));
        }
        return new ErrorCounts(byClass);
    }

    private static LatencySummary readSummary(JsonFields s) {
        return new LatencySummary(
                s.optionalDouble("p50"),
                s.optionalDouble("p90"),
                s.optionalDouble("p99"),
                s.optionalDouble("p999"),
                s.optionalDouble("max"),
                s.optionalDouble("mean"));
    }

    private static Recent readRecent(JsonFields r) {
        return new Recent(
                (int) r.longValue("seconds", 0),
                r.longValue("completed", 0),
                r.longValue("ok", 0),
                readErrors(r.object("errors")),
                r.longValue("dropped", 0),
                readSummary(r.object("corrected")),
                readSummary(r.object("service")));
    }

    private static RequestRow readRequestRow(JsonFields r) {
        return new RequestRow(
                r.requiredString("request"),
                r.string("phase"),
                r.optionalLong("scheduled"),
                r.optionalLong("dropped"),
                r.longValue("count", 0),
                r.longValue("ok", 0),
                readErrors(r.object("errors")),
                readSummary(r.object("corrected")),
                readSummary(r.object("service")));
    }

    private static SecondRow readSecond(JsonFields s) {
        return new SecondRow(
                s.longValue("t", 0),
                s.longValue("scheduled", 0),
                s.longValue("sent", 0),
                s.longValue("dropped", 0),
                s.longValue("inFlight", 0),
                s.longValue("ok", 0),
                readErrors(s.object("errors")),
                s.optionalDouble("p50Ms"),
                s.optionalDouble("p99Ms"),
                s.optionalDouble("p50CorrectedMs"),
                s.optionalDouble("p99CorrectedMs"));
    }

    private static ThresholdResult readThreshold(JsonFields t) {
        String metricKey = t.requiredString("metric");
        Threshold.Metric metric = enumOf(Threshold.Metric.class, metricKey, t, "metric");
        String measureKey = t.string("measure");
        Threshold.Measure measure =
                measureKey == null ? null : enumOf(Threshold.Measure.class, measureKey, t, "measure");
        Number below = t.number("below");
        if (below == null) {
            throw t.problem("below", "missing");
        }
        ThresholdCriterion criterion =
                new ThresholdCriterion(metric, t.string("request"), t.string("phase"), measure, below.doubleValue());
        boolean abortOnFail = t.bool("abortOnFail", false);
        boolean aborted = abortOnFail && t.bool("aborted", false);
        boolean passed = t.bool("passed", false) && !aborted;
        return new ThresholdResult(criterion, t.optionalDouble("actual"), passed, abortOnFail, aborted);
    }

    private static Verdict readVerdict(JsonFields v) {
        String kindKey = v.requiredString("kind");
        Expectation.Kind kind = Expectation.Kind.ofKey(kindKey);
        if (kind == null) {
            throw v.problem("kind", "unknown kind \"" + kindKey + "\"");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonFields l = v.object("labels");
        for (String key : l.keys()) {
            Object value = l.string(key);
            labels.put(key, String.valueOf(value));
        }
        return new Verdict(
                (int) v.longValue("index", 0),
                v.requiredString("alert"),
                labels,
                kind,
                v.string("reference"),
                v.optionalLong("withinMs"),
                v.bool("passed", false),
                v.optionalLong("timeToPendingMs"),
                v.optionalLong("timeToFireMs"),
                v.optionalLong("timeToResolveMs"),
                v.string("detail"),
                v.has("margin") ? readMargin(v.object("margin")) : null,
                v.string("receiver"),
                v.optionalLong("timeToNotifyMs"),
                v.has("delivery") ? readDelivery(v.object("delivery")) : null);
    }

    private static Delivery readDelivery(JsonFields d) {
        Map<String, String> group = new LinkedHashMap<>();
        JsonFields g = d.object("groupLabels");
        for (String key : g.keys()) {
            group.put(key, String.valueOf(g.string(key)));
        }
        return new Delivery(d.requiredString("receiver"), group, (int) d.longValue("alerts", 0));
    }

    private static Margin readMargin(JsonFields m) {
        List<MarginPoint> series = null;
        JsonArray raw = m.rawArray("series");
        if (raw != null) {
            series = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                Object point = raw.getValue(i);
                String at = m.at("series") + "[" + i + "]";
                if (!(point instanceof JsonArray pair) || pair.size() != 2 || !(pair.getValue(0) instanceof Number t)) {
                    throw new ResultFormatException(at, "expected [ms, value]");
                }
                series.add(new MarginPoint(t.longValue(), m.extendedDouble(pair.getValue(1), "series[" + i + "][1]")));
            }
        }
        return new Margin(
                m.string("rule"),
                m.optionalLong("forMs"),
                m.string("expr"),
                m.string("op"),
                m.optionalDouble("threshold"),
                m.string("thresholdExpr"),
                m.optionalBoolean("filter"),
                m.optionalBoolean("relativeToThreshold"),
                m.extendedDouble("baselineMax"),
                m.extendedDouble("incidentMax"),
                m.extendedDouble("baselineMin"),
                m.extendedDouble("incidentMin"),
                m.optionalLong("longestCrossingMs"),
                series,
                m.string("note"),
                m.optionalBoolean("attention"),
                m.string("error"),
                m.listOrNull("conditions", ResultReader::readMargin),
                m.listOrNull("otherRules", ResultReader::readMargin));
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String key, JsonFields f, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(key)) {
                return e;
            }
        }
        throw f.problem(field, "unknown " + field + " \"" + key + "\"");
    }
}
