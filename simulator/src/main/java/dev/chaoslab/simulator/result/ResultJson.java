package dev.chaoslab.simulator.result;

import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Threshold;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place the JSON keys of results live: the run status ({@code GET /runs/:id}), the report
 * ({@code report.json}, {@code GET /runs/:id/report}) and the run list entries, written and read back
 * (docs/contracts.md). Reading accepts every report an earlier version wrote: a missing optional field is its
 * default, a field of the wrong type or an unknown state is a {@link ResultFormatException} naming the field.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResultJson {

  private ResultJson() {
  }

  // ---- writing -----------------------------------------------------------------------------------------

  /** The status JSON. */
  public static JsonObject encode(RunStatus s) {
    JsonArray phases = new JsonArray();
    s.phases().forEach(p -> phases.add(phase(p)));
    JsonArray faults = new JsonArray();
    s.faults().forEach(f -> faults.add(fault(f)));
    return new JsonObject()
        .put("runId", s.runId())
        .put("scenario", new JsonObject().put("name", s.scenario().name())
            .put("description", s.scenario().description()).put("source", s.scenario().source()))
        .put("state", s.state().key())
        .put("failure", s.failure())
        .put("abortedBy", s.abortedBy() == null ? null : abortedBy(s.abortedBy()))
        .put("startedAt", s.startedAt() == null ? null : s.startedAt().toString())
        .put("endedAt", s.endedAt() == null ? null : s.endedAt().toString())
        .put("durationMs", s.durationMs())
        .put("elapsedMs", s.elapsedMs())
        .put("phase", s.phase())
        .put("rate", new JsonObject()
            .put("scheduled", s.rate().scheduled())
            .put("achieved", s.rate().achieved())
            .put("multiplier", s.rate().multiplier())
            .put("absolute", s.rate().absolute()))
        .put("inFlight", s.inFlight())
        .put("phases", phases)
        .put("faults", faults)
        .put("totals", totals(s.totals()))
        .put("latency", new JsonObject().put("corrected", summary(s.latency().corrected()))
            .put("service", summary(s.latency().service())))
        .put("recent", recent(s.recent()))
        .put("errorKinds", errorKinds(s.errorKinds()))
        .put("scheduleLag", summary(s.scheduleLag()));
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
    r.rateChanges().forEach(c -> rateChanges.add(new JsonObject().put("tMs", c.tMs())
        .put("multiplier", c.multiplier()).put("absolute", c.absolute())));
    JsonArray expectations = new JsonArray();
    r.expectations().forEach(v -> expectations.add(verdict(v)));
    return encode(r.status())
        .put("byRequest", byRequest)
        .put("timeline", timeline)
        .put("thresholds", thresholds)
        .put("rateChanges", rateChanges)
        .put("expectations", expectations);
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
    return json.put("thresholdsPassed", s.thresholdsPassed()).put("expectationsPassed", s.expectationsPassed())
        .put("live", false);
  }

  /** The run list: {@code {"runs": [...]}}. */
  public static JsonObject encodeList(List<RunSummary> runs) {
    JsonArray out = new JsonArray();
    runs.forEach(s -> out.add(encode(s)));
    return new JsonObject().put("runs", out);
  }

  /** An {@code expectations} entry. */
  public static JsonObject verdict(Verdict v) {
    JsonObject labels = new JsonObject();
    v.labels().forEach(labels::put);
    return new JsonObject()
        .put("index", v.index())
        .put("alert", v.alert())
        .put("labels", labels)
        .put("kind", v.kind().key())
        .put("reference", v.reference())
        .put("withinMs", v.withinMs())
        .put("passed", v.passed())
        .put("timeToPendingMs", v.timeToPendingMs())
        .put("timeToFireMs", v.timeToFireMs())
        .put("timeToResolveMs", v.timeToResolveMs())
        .put("detail", v.detail())
        .put("margin", v.margin() == null ? null : margin(v.margin()));
  }

  private static JsonObject abortedBy(AbortedBy a) {
    return new JsonObject().put("threshold", a.threshold()).put("atMs", a.atMs()).put("actual", a.actual())
        .put("detail", a.detail());
  }

  private static JsonObject phase(PhaseSpan p) {
    return new JsonObject().put("name", p.name()).put("startMs", p.startMs()).put("endMs", p.endMs());
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
    return row
        .put("count", r.count())
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

  private static JsonObject margin(Margin m) {
    JsonObject json = new JsonObject();
    putIfSet(json, "expr", m.expr());
    putIfSet(json, "op", m.op());
    // a comparison always says its threshold and (once measured) its peaks, null or not
    if (m.op() != null || m.threshold() != null) {
      json.put("threshold", m.threshold());
    }
    putIfSet(json, "thresholdExpr", m.thresholdExpr());
    putIfSet(json, "filter", m.filter());
    putIfSet(json, "relativeToThreshold", m.relativeToThreshold());
    boolean measured = m.longestCrossingMs() != null;
    if (measured || m.baselineMax() != null) {
      json.put("baselineMax", finite(m.baselineMax()));
    }
    if (measured || m.incidentMax() != null) {
      json.put("incidentMax", finite(m.incidentMax()));
    }
    putIfSet(json, "baselineMin", finite(m.baselineMin()));
    putIfSet(json, "incidentMin", finite(m.incidentMin()));
    putIfSet(json, "longestCrossingMs", m.longestCrossingMs());
    if (m.series() != null) {
      JsonArray series = new JsonArray();
      m.series().forEach(p -> series.add(new JsonArray().add(p.tMs()).add(finite(p.value()))));
      json.put("series", series);
    }
    putIfSet(json, "note", m.note());
    putIfSet(json, "attention", m.attention());
    putIfSet(json, "rule", m.rule());
    putIfSet(json, "forMs", m.forMs());
    putIfSet(json, "error", m.error());
    if (m.conditions() != null) {
      JsonArray conditions = new JsonArray();
      m.conditions().forEach(c -> conditions.add(margin(c)));
      json.put("conditions", conditions);
    }
    if (m.otherRules() != null) {
      JsonArray others = new JsonArray();
      m.otherRules().forEach(o -> others.add(margin(o)));
      json.put("otherRules", others);
    }
    return json;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
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

  /** {@code recording.json}: the series behind the checked rules, for {@code tune}. */
  public static JsonObject encode(Recording r) {
    return RecordingJson.encode(r);
  }

  /** Reads a {@code recording.json}. @throws ResultFormatException naming the field that cannot be read */
  public static Recording decodeRecording(JsonObject json) {
    return RecordingJson.decode(json);
  }

  // ---- reading -----------------------------------------------------------------------------------------

  /** Reads a status JSON. @throws ResultFormatException naming the field that cannot be read */
  public static RunStatus decodeStatus(JsonObject json) {
    return status(new JsonFields(json, ""));
  }

  /** Reads a report JSON, also one written by an earlier version. @throws ResultFormatException naming the field */
  public static RunReport decodeReport(JsonObject json) {
    JsonFields f = new JsonFields(json, "");
    return new RunReport(
        status(f),
        f.list("byRequest", ResultJson::readRequestRow),
        f.list("timeline", ResultJson::readSecond),
        f.list("thresholds", ResultJson::readThreshold),
        f.list("rateChanges", c -> new RateChangeAt(c.longValue("tMs", 0), c.optionalDouble("multiplier"),
            c.optionalDouble("absolute"))),
        f.list("expectations", ResultJson::readVerdict));
  }

  private static RunStatus status(JsonFields f) {
    String runId = f.requiredString("runId");
    JsonFields scenario = f.object("scenario");
    JsonFields rate = f.object("rate");
    JsonFields latency = f.object("latency");
    String stateKey = f.string("state");
    RunState state = stateKey == null ? RunState.FAILED : RunState.ofKey(stateKey)
        .orElseThrow(() -> f.problem("state", "unknown state \"" + stateKey + "\" (running, completed, stopped, "
            + "failed)"));
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
        new Rate(rate.doubleValue("scheduled", 0), rate.doubleValue("achieved", 0),
            rate.doubleValue("multiplier", 1.0), rate.optionalDouble("absolute")),
        f.longValue("inFlight", 0),
        f.list("phases", p -> new PhaseSpan(p.string("name"), p.longValue("startMs", 0), p.longValue("endMs", 0))),
        f.list("faults", ResultJson::readFault),
        readTotals(f.object("totals")),
        new Latency(readSummary(latency.object("corrected")), readSummary(latency.object("service"))),
        readRecent(f.object("recent")),
        f.list("errorKinds", k -> new ErrorKind(k.string("request"), k.string("error"), k.optionalInt("status"),
            k.string("cause"), k.string("message"), k.longValue("count", 0), k.longValue("firstMs", 0),
            k.longValue("lastMs", 0), k.string("traceId"))),
        readSummary(f.object("scheduleLag")));
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
    FaultState state = FaultState.ofKey(stateKey).orElseThrow(() -> f.problem("state", "unknown fault state \""
        + stateKey + "\" (pending, active, cleared, failed, skipped)"));
    return new FaultRow((int) f.longValue("step", 0), f.string("target"), f.string("type"), f.longValue("startMs", 0),
        f.longValue("endMs", 0), f.string("faultId"), state, f.string("error"));
  }

  private static Totals readTotals(JsonFields t) {
    return new Totals(t.longValue("scheduled", 0), t.longValue("sent", 0), t.longValue("dropped", 0),
        t.longValue("completed", 0), t.longValue("ok", 0), readErrors(t.object("errors")));
  }

  private static ErrorCounts readErrors(JsonFields e) {
    Map<String, Long> byClass = new LinkedHashMap<>();
    for (String key : e.keys()) {
      byClass.put(key, e.longValue(key, 0));
    }
    return new ErrorCounts(byClass);
  }

  private static LatencySummary readSummary(JsonFields s) {
    return new LatencySummary(s.optionalDouble("p50"), s.optionalDouble("p90"), s.optionalDouble("p99"),
        s.optionalDouble("p999"), s.optionalDouble("max"), s.optionalDouble("mean"));
  }

  private static Recent readRecent(JsonFields r) {
    return new Recent((int) r.longValue("seconds", 0), r.longValue("completed", 0), r.longValue("ok", 0),
        readErrors(r.object("errors")), r.longValue("dropped", 0), readSummary(r.object("corrected")),
        readSummary(r.object("service")));
  }

  private static RequestRow readRequestRow(JsonFields r) {
    return new RequestRow(r.requiredString("request"), r.string("phase"), r.optionalLong("scheduled"),
        r.optionalLong("dropped"), r.longValue("count", 0), r.longValue("ok", 0), readErrors(r.object("errors")),
        readSummary(r.object("corrected")), readSummary(r.object("service")));
  }

  private static SecondRow readSecond(JsonFields s) {
    return new SecondRow(s.longValue("t", 0), s.longValue("scheduled", 0), s.longValue("sent", 0),
        s.longValue("dropped", 0), s.longValue("inFlight", 0), s.longValue("ok", 0), readErrors(s.object("errors")),
        s.optionalDouble("p50Ms"), s.optionalDouble("p99Ms"), s.optionalDouble("p50CorrectedMs"),
        s.optionalDouble("p99CorrectedMs"));
  }

  private static ThresholdResult readThreshold(JsonFields t) {
    String metricKey = t.requiredString("metric");
    Threshold.Metric metric = enumOf(Threshold.Metric.class, metricKey, t, "metric");
    String measureKey = t.string("measure");
    Threshold.Measure measure = measureKey == null ? null : enumOf(Threshold.Measure.class, measureKey, t, "measure");
    Number below = t.number("below");
    if (below == null) {
      throw t.problem("below", "missing");
    }
    ThresholdCriterion criterion = new ThresholdCriterion(metric, t.string("request"), t.string("phase"), measure,
        below.doubleValue());
    boolean abortOnFail = t.bool("abortOnFail", false);
    boolean aborted = abortOnFail && t.bool("aborted", false);
    boolean passed = t.bool("passed", false) && !aborted;
    return new ThresholdResult(criterion, t.optionalDouble("actual"), passed, abortOnFail, aborted);
  }

  private static Verdict readVerdict(JsonFields v) {
    String kindKey = v.requiredString("kind");
    Expectation.Kind kind = enumOf(Expectation.Kind.class, kindKey, v, "kind");
    Map<String, String> labels = new LinkedHashMap<>();
    JsonFields l = v.object("labels");
    for (String key : l.keys()) {
      Object value = l.string(key);
      labels.put(key, String.valueOf(value));
    }
    return new Verdict((int) v.longValue("index", 0), v.requiredString("alert"), labels, kind, v.string("reference"),
        v.optionalLong("withinMs"), v.bool("passed", false), v.optionalLong("timeToPendingMs"),
        v.optionalLong("timeToFireMs"), v.optionalLong("timeToResolveMs"), v.string("detail"),
        v.has("margin") ? readMargin(v.object("margin")) : null);
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
    return new Margin(m.string("rule"), m.optionalLong("forMs"), m.string("expr"), m.string("op"),
        m.optionalDouble("threshold"), m.string("thresholdExpr"), m.optionalBoolean("filter"),
        m.optionalBoolean("relativeToThreshold"), m.extendedDouble("baselineMax"), m.extendedDouble("incidentMax"),
        m.extendedDouble("baselineMin"), m.extendedDouble("incidentMin"), m.optionalLong("longestCrossingMs"), series,
        m.string("note"), m.optionalBoolean("attention"), m.string("error"),
        m.listOrNull("conditions", ResultJson::readMargin), m.listOrNull("otherRules", ResultJson::readMargin));
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
