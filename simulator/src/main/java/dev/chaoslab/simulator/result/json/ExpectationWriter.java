package dev.chaoslab.simulator.result.json;

import dev.chaoslab.simulator.result.Delivery;
import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Writes the alert expectations as JSON: the report's verdicts with their margins and deliveries, and the live
 * status's expectation progress, with the keys docs/contracts.md documents. Only the codec calls it.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExpectationWriter {

    private ExpectationWriter() {}

    /** An {@code expectations} entry. */
    public static JsonObject verdict(Verdict v) {
        JsonObject labels = new JsonObject();
        v.labels().forEach(labels::put);
        JsonObject out = new JsonObject()
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
        // delivery fields only where a delivery expectation set them: other verdicts keep their shape
        if (v.receiver() != null) {
            out.put("receiver", v.receiver());
        }
        if (v.kind().delivery()) {
            out.put("timeToNotifyMs", v.timeToNotifyMs());
        }
        if (v.delivery() != null) {
            out.put("delivery", delivery(v.delivery()));
        }
        return out;
    }

    private static JsonObject delivery(Delivery d) {
        JsonObject group = new JsonObject();
        d.groupLabels().forEach(group::put);
        return new JsonObject()
                .put("receiver", d.receiver())
                .put("groupLabels", group)
                .put("alerts", d.alerts());
    }

    static JsonObject progress(ExpectationProgress p) {
        JsonObject labels = new JsonObject();
        p.labels().forEach(labels::put);
        return new JsonObject()
                .put("index", p.index())
                .put("alert", p.alert())
                .put("labels", labels)
                .put("kind", p.kind().key())
                .put("reference", p.reference())
                .put("withinMs", p.withinMs())
                .put("state", p.state().key())
                .put("sinceMs", p.sinceMs())
                .put("timeToFireMs", p.timeToFireMs());
    }

    private static JsonObject margin(Margin m) {
        JsonObject json = new JsonObject();
        ResultWriter.putIfSet(json, "expr", m.expr());
        ResultWriter.putIfSet(json, "op", m.op());
        // a comparison always says its threshold and (once measured) its peaks, null or not
        if (m.op() != null || m.threshold() != null) {
            json.put("threshold", m.threshold());
        }
        ResultWriter.putIfSet(json, "thresholdExpr", m.thresholdExpr());
        ResultWriter.putIfSet(json, "filter", m.filter());
        ResultWriter.putIfSet(json, "relativeToThreshold", m.relativeToThreshold());
        boolean measured = m.longestCrossingMs() != null;
        if (measured || m.baselineMax() != null) {
            json.put("baselineMax", ResultWriter.finite(m.baselineMax()));
        }
        if (measured || m.incidentMax() != null) {
            json.put("incidentMax", ResultWriter.finite(m.incidentMax()));
        }
        ResultWriter.putIfSet(json, "baselineMin", ResultWriter.finite(m.baselineMin()));
        ResultWriter.putIfSet(json, "incidentMin", ResultWriter.finite(m.incidentMin()));
        ResultWriter.putIfSet(json, "longestCrossingMs", m.longestCrossingMs());
        if (m.series() != null) {
            JsonArray series = new JsonArray();
            m.series().forEach(p -> series.add(new JsonArray().add(p.tMs()).add(ResultWriter.finite(p.value()))));
            json.put("series", series);
        }
        ResultWriter.putIfSet(json, "note", m.note());
        ResultWriter.putIfSet(json, "attention", m.attention());
        ResultWriter.putIfSet(json, "rule", m.rule());
        ResultWriter.putIfSet(json, "forMs", m.forMs());
        ResultWriter.putIfSet(json, "error", m.error());
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
}
