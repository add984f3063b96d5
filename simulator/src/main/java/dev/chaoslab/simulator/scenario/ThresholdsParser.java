package dev.chaoslab.simulator.scenario;

import dev.chaoslab.chaos.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Parses and validates a scenario's {@code thresholds}: the metric, the request and phase it applies to, its bound
 * and the abortOnFail settings; problems go to the shared {@link Tree}.
 */
final class ThresholdsParser {
    static final List<String> METRICS =
            Arrays.stream(Threshold.Metric.values()).map(Threshold.Metric::key).toList();

    private final Tree tree;
    private final String base;
    private final List<String> requestNames;
    private final List<String> phaseNames;

    ThresholdsParser(Tree tree, String base, List<String> requestNames, List<String> phaseNames) {
        this.tree = tree;
        this.base = base;
        this.requestNames = requestNames;
        this.phaseNames = phaseNames;
    }

    /** The scenario's {@code thresholds}, checked against a run of {@code total}. */
    List<Threshold> parse(Tree.Obj s, Duration total) {
        List<Threshold> out = new ArrayList<>();
        List<Node> items = s.has("thresholds") ? s.list("thresholds", false) : null;
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            Tree.Obj t = tree.obj(items.get(i), at("thresholds[" + i + "]"), ScenarioKeys.THRESHOLD);
            if (t == null) {
                continue;
            }
            int before = tree.problemCount();
            String m = t.str("metric", true);
            Threshold.Metric metric = null;
            if (m != null) {
                if (METRICS.contains(m)) {
                    metric = Threshold.Metric.valueOf(m.toUpperCase(Locale.ROOT));
                } else {
                    tree.problem(t.node("metric"), t.field("metric"), ScenarioText.unknownRef("metric", m, METRICS));
                }
            }
            String request = t.str("request", false);
            if (request != null && !requestNames.isEmpty() && !requestNames.contains(request)) {
                tree.problem(
                        t.node("request"),
                        t.field("request"),
                        ScenarioText.unknownRef("request", request, requestNames));
            }
            String phase = t.str("phase", false);
            if (phase != null && !phaseNames.isEmpty() && !phaseNames.contains(phase)) {
                tree.problem(t.node("phase"), t.field("phase"), ScenarioText.unknownRef("phase", phase, phaseNames));
            }
            Threshold.Measure measure = Threshold.Measure.CORRECTED;
            String ms = t.str("measure", false);
            if (ms != null) {
                if (metric != null && !metric.isLatency()) {
                    tree.problem(
                            t.node("measure"),
                            t.field("measure"),
                            "'measure' applies only to latency metrics; remove it");
                } else if (ms.equals("corrected") || ms.equals("service")) {
                    measure = Threshold.Measure.valueOf(ms.toUpperCase(Locale.ROOT));
                } else {
                    tree.problem(
                            t.node("measure"),
                            t.field("measure"),
                            "expected corrected (from the intended send time) or service (got '" + ms + "')");
                }
            }
            Double below = metric == null ? null : below(t, metric);
            Boolean abortOnFail = t.bool("abortOnFail", false);
            Duration delayAbortEval = t.duration("delayAbortEval", false);
            if (delayAbortEval != null && !Boolean.TRUE.equals(abortOnFail)) {
                tree.problem(
                        t.node("delayAbortEval"),
                        t.field("delayAbortEval"),
                        "applies only with abortOnFail: true (it delays that check); add abortOnFail: true or remove it");
            } else if (delayAbortEval != null
                    && total.compareTo(Duration.ZERO) > 0
                    && delayAbortEval.compareTo(total) >= 0) {
                tree.problem(
                        t.node("delayAbortEval"),
                        t.field("delayAbortEval"),
                        "is not shorter than the run (" + Durations.format(total)
                                + "): the threshold would never be checked while the run goes; shorten it");
            }
            if (tree.problemCount() == before && metric != null && below != null) {
                out.add(new Threshold(
                        metric, request, phase, measure, below, Boolean.TRUE.equals(abortOnFail), delayAbortEval));
            }
        }
        return out;
    }

    private Double below(Tree.Obj t, Threshold.Metric metric) {
        Node n = t.get("below", true, metric.isLatency() ? "a duration such as 300ms" : "a ratio such as 0.01 or 1%");
        if (n == null) {
            return null;
        }
        if (metric.isLatency()) {
            Duration d = tree.duration(n, t.field("below"));
            if (d == null) {
                return null;
            }
            if (d.isZero()) {
                tree.problem(n, t.field("below"), "must be > 0");
                return null;
            }
            return d.toNanos() / 1e6;
        }
        Double v;
        if (n instanceof ScalarNode sc && sc.getValue().trim().endsWith("%")) {
            try {
                v = Double.parseDouble(sc.getValue().trim().replace("%", "").trim()) / 100;
            } catch (NumberFormatException e) {
                tree.problem(
                        n,
                        t.field("below"),
                        "expected a ratio such as 0.01 or a percentage such as 1% (got '" + sc.getValue() + "')");
                return null;
            }
        } else {
            v = tree.num(n, t.field("below"));
        }
        if (v != null && (v < 0 || v > 1)) {
            tree.problem(
                    n,
                    t.field("below"),
                    "a ratio must be between 0 and 1 (got " + ScenarioText.fmt(v)
                            + "); write 0.01 or 1% for one percent");
            return null;
        }
        return v;
    }

    private String at(String suffix) {
        return base.isEmpty() ? suffix : base + "." + suffix;
    }
}
