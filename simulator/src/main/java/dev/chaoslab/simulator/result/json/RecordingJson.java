package dev.chaoslab.simulator.result.json;

import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.RecordedCounter;
import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunTimeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The keys of {@code recording.json}; reached through {@link ResultJson}, the one codec of results. */
public final class RecordingJson {

    private RecordingJson() {}

    public static JsonObject encode(Recording r) {
        JsonArray phases = new JsonArray();
        r.phases()
                .forEach(p -> phases.add(new JsonObject()
                        .put("index", p.index())
                        .put("name", p.name())
                        .put("startMs", p.startMs())
                        .put("endMs", p.endMs())));
        JsonArray faults = new JsonArray();
        r.faults()
                .forEach(f -> faults.add(new JsonObject()
                        .put("step", f.step())
                        .put("target", f.target())
                        .put("type", f.type())
                        .put("startMs", f.startMs())
                        .put("endMs", f.endMs())
                        .put("applied", f.applied())
                        .put("state", f.state() == null ? null : f.state().key())));
        JsonArray rules = new JsonArray();
        r.rules().forEach(rule -> rules.add(rule(rule)));
        JsonArray counters = new JsonArray();
        r.counters()
                .forEach(c -> counters.add(new JsonObject()
                        .put("selector", c.selector())
                        .put("skipped", c.skipped())
                        .put("series", series(c.series()))));
        return new JsonObject()
                .put("runId", r.runId())
                .put("scenario", r.scenario())
                .put("startedAt", r.startedAt().toString())
                .put("endMs", r.endMs())
                .put("observedUntilMs", r.observedUntilMs())
                .put("phases", phases)
                .put("faults", faults)
                .put("rules", rules)
                .put("recordingRules", labels(r.recordingRules()))
                .put("counters", counters);
    }

    private static JsonArray series(List<RecordedRule.RecordedSeries> list) {
        JsonArray series = new JsonArray();
        for (RecordedRule.RecordedSeries s : list) {
            JsonArray values = new JsonArray();
            s.values().forEach(v -> values.add(ResultWriter.finite(v == null || v.isNaN() ? null : v)));
            series.add(new JsonObject()
                    .put("labels", labels(s.labels()))
                    .put("startMs", s.startMs())
                    .put("stepMs", s.stepMs())
                    .put("values", values));
        }
        return series;
    }

    private static JsonObject rule(RecordedRule r) {
        JsonArray conditions = new JsonArray();
        for (RecordedRule.RecordedCondition c : r.conditions()) {
            JsonArray series = series(c.series());
            conditions.add(new JsonObject()
                    .put("left", c.left())
                    .put("op", c.op())
                    .put("right", c.right())
                    .put("threshold", ResultWriter.finite(c.threshold()))
                    .put("group", c.group())
                    .put("primary", c.primary())
                    .put("series", series));
        }
        JsonArray live = new JsonArray();
        r.live()
                .forEach(e -> live.add(new JsonObject()
                        .put("labels", labels(e.labels()))
                        .put("pendingMs", e.pendingMs())
                        .put("firingMs", e.firingMs())
                        .put("resolvedMs", e.resolvedMs())));
        return new JsonObject()
                .put("alert", r.alert())
                .put("group", r.group())
                .put("file", r.file())
                .put("expr", r.expr())
                .put("forMs", r.forMs())
                .put("keepFiringForMs", r.keepFiringForMs())
                .put("intervalMs", r.intervalMs())
                .put("labels", labels(r.labels()))
                .put("conditions", conditions)
                .put("unsplit", r.unsplit())
                .put("live", live);
    }

    private static JsonObject labels(Map<String, String> labels) {
        JsonObject json = new JsonObject();
        new TreeMap<>(labels).forEach(json::put);
        return json;
    }

    public static Recording decode(JsonObject json) {
        JsonFields f = new JsonFields(json, "");
        List<RunTimeline.PhaseWindow> phases = f.list(
                "phases",
                p -> new RunTimeline.PhaseWindow(
                        (int) p.longValue("index", 0),
                        p.requiredString("name"),
                        p.longValue("startMs", 0),
                        p.longValue("endMs", 0)));
        List<RunTimeline.FaultWindow> faults = f.list("faults", x -> {
            String key = x.string("state");
            FaultState state = key == null
                    ? null
                    : FaultState.ofKey(key)
                            .orElseThrow(() -> x.problem("state", "unknown fault state \"" + key + "\""));
            return new RunTimeline.FaultWindow(
                    (int) x.longValue("step", 0),
                    x.string("target"),
                    x.string("type"),
                    x.longValue("startMs", 0),
                    x.longValue("endMs", 0),
                    x.bool("applied", false),
                    state);
        });
        return new Recording(
                f.requiredString("runId"),
                f.string("scenario"),
                f.instant("startedAt"),
                f.longValue("endMs", 0),
                f.longValue("observedUntilMs", 0),
                phases,
                faults,
                f.list("rules", RecordingJson::readRule),
                labels(f.object("recordingRules")),
                f.list(
                        "counters",
                        c -> new RecordedCounter(
                                c.requiredString("selector"),
                                c.string("skipped"),
                                c.list("series", RecordingJson::readSeries))));
    }

    private static RecordedRule readRule(JsonFields r) {
        List<RecordedRule.RecordedCondition> conditions = r.list(
                "conditions",
                c -> new RecordedRule.RecordedCondition(
                        c.requiredString("left"),
                        c.requiredString("op"),
                        c.string("right"),
                        c.extendedDouble("threshold"),
                        (int) c.longValue("group", 0),
                        c.bool("primary", true),
                        c.list("series", RecordingJson::readSeries)));
        List<RecordedRule.LiveEpisode> live = r.list(
                "live",
                e -> new RecordedRule.LiveEpisode(
                        labels(e.object("labels")),
                        e.optionalLong("pendingMs"),
                        e.optionalLong("firingMs"),
                        e.optionalLong("resolvedMs")));
        long interval = r.longValue("intervalMs", 0);
        if (interval <= 0) {
            throw r.problem("intervalMs", "must be > 0");
        }
        return new RecordedRule(
                r.requiredString("alert"),
                r.string("group"),
                r.string("file"),
                r.requiredString("expr"),
                r.longValue("forMs", 0),
                r.longValue("keepFiringForMs", 0),
                interval,
                labels(r.object("labels")),
                conditions,
                r.string("unsplit"),
                live);
    }

    private static RecordedRule.RecordedSeries readSeries(JsonFields s) {
        JsonArray raw = s.rawArray("values");
        List<Double> values = new ArrayList<>(raw == null ? 0 : raw.size());
        for (int i = 0; raw != null && i < raw.size(); i++) {
            values.add(s.extendedDouble(raw.getValue(i), "values[" + i + "]"));
        }
        long step = s.longValue("stepMs", 0);
        if (step <= 0) {
            throw s.problem("stepMs", "must be > 0");
        }
        return new RecordedRule.RecordedSeries(labels(s.object("labels")), s.longValue("startMs", 0), step, values);
    }

    private static Map<String, String> labels(JsonFields l) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : l.keys()) {
            out.put(key, l.string(key));
        }
        return out;
    }
}
