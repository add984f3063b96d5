package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.FaultRow;
import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.PhaseSpan;
import dev.chaoslab.simulator.result.RateChangeAt;
import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.ResultText;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.SecondRow;
import dev.chaoslab.simulator.result.ThresholdCriterion;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Threshold;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The report page's charts over time, as inline SVG ({@link SvgChart}): the request rate, the latency percentiles
 * (with the latency thresholds), the errors per second by class and the error ratio (with its thresholds), each
 * shaded where faults were injected and marked at phase boundaries. Stateless.
 */
final class ReportCharts {

    static final List<String> ERROR_CLASSES =
            List.of("http_4xx", "http_5xx", "timeout", "connect_refused", "reset", "other");
    private static final Map<String, String> ERROR_COLORS = Map.of(
            "http_4xx",
            "#b8a200",
            "http_5xx",
            "#d62728",
            "timeout",
            "#9467bd",
            "connect_refused",
            "#8c564b",
            "reset",
            "#e377c2",
            "other",
            "#7f7f7f");

    private ReportCharts() {}

    /** The "Over time" section: rate, latency, errors by class and the error ratio, one point per second. */
    static void render(StringBuilder page, RunReport report) {
        List<SecondRow> timeline = report.timeline();
        page.append("<h2>Over time</h2>");
        if (timeline.isEmpty()) {
            page.append("<p class=\"na\">No traffic was recorded, so there is nothing to chart.</p>");
            return;
        }
        int n = timeline.size();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = timeline.get(i).t() * 1000.0; // the timeline counts seconds; the charts use ms
        }
        double xMax = Math.max(durationMs(report.status()), t[n - 1] + 1000);

        SvgChart rate = decorate(new SvgChart("Request rate: scheduled vs achieved", "requests/s", xMax), report, false)
                .series("scheduled", "#7f7f7f", t, column(timeline, s -> (double) s.scheduled()), true)
                .series("achieved (sent)", "#1f77b4", t, column(timeline, s -> (double) s.sent()), false)
                .series("dropped", "#d62728", t, column(timeline, s -> (double) s.dropped()), false);
        page.append(rate.render());

        SvgChart latency = decorate(
                new SvgChart("Latency percentiles per second (log scale)", "ms", xMax).logScale(), report, false);
        addIfPresent(latency, timeline, t, SecondRow::p50CorrectedMs, "p50 corrected", "#98df8a", false);
        addIfPresent(latency, timeline, t, SecondRow::p50Ms, "p50 service", "#2ca02c", true);
        addIfPresent(latency, timeline, t, SecondRow::p99CorrectedMs, "p99 corrected", "#d62728", false);
        addIfPresent(latency, timeline, t, SecondRow::p99Ms, "p99 service", "#ff7f0e", true);
        for (ThresholdResult th : report.thresholds()) {
            if (th.criterion().metric().isLatency()) {
                latency.level(th.criterion().below(), thresholdLabel(th.criterion()));
            }
        }
        page.append(latency.render());

        SvgChart errors = decorate(new SvgChart("Errors per second by class", "errors/s", xMax), report, true);
        for (String errorClass : errorClasses(timeline)) {
            errors.series(
                    errorClass,
                    ERROR_COLORS.getOrDefault(errorClass, "#17becf"),
                    t,
                    column(timeline, s -> (double) s.errors().of(errorClass)),
                    false);
        }
        page.append(errors.render());

        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            SecondRow second = timeline.get(i);
            double failed = second.errors().total();
            double done = failed + second.ok();
            ratio[i] = done > 0 ? failed / done : Double.NaN;
        }
        SvgChart errorRatio = decorate(new SvgChart("Error ratio per second", "ratio", xMax).yCap(1), report, true)
                .series("errors / completed", "#d62728", t, ratio, false);
        for (ThresholdResult th : report.thresholds()) {
            if (th.criterion().metric() == Threshold.Metric.ERROR_RATIO) {
                errorRatio.level(th.criterion().below(), thresholdLabel(th.criterion()));
            }
        }
        page.append(errorRatio.render());
    }

    /**
     * Per expectation with a recorded margin: the rule's value over the run against its threshold, faults shaded,
     * and the alert's pending and firing time as Prometheus evaluated it.
     */
    static void margins(StringBuilder page, RunReport report) {
        for (Verdict e : report.expectations()) {
            Margin m = e.margin();
            if (m == null || m.series() == null || m.series().isEmpty()) {
                continue;
            }
            int n = m.series().size();
            double[] t = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = m.series().get(i).tMs();
                Double value = m.series().get(i).value();
                v[i] = value == null ? Double.NaN : value;
            }
            double xMax = Math.max(durationMs(report.status()), t[n - 1] + 1000);
            StringBuilder labels = new StringBuilder();
            e.labels()
                    .forEach((k, val) -> labels.append(labels.length() == 0 ? " " : ", ")
                            .append(k)
                            .append('=')
                            .append(val));
            String title = e.alert() + labels + " (" + e.kind().key() + "): the rule's value"
                    + (Boolean.TRUE.equals(m.relativeToThreshold()) ? " / its threshold" : "")
                    + " against its threshold";
            SvgChart chart = decorate(new SvgChart(title, "value", xMax), report, true)
                    .series(m.expr() == null ? "value" : m.expr(), "#1f77b4", t, v, false);
            double threshold = m.threshold() != null
                    ? m.threshold()
                    : Boolean.TRUE.equals(m.relativeToThreshold()) ? 1 : Double.NaN;
            if (!Double.isNaN(threshold)) {
                chart.level(
                        threshold,
                        (m.op() == null ? "" : m.op() + " ")
                                + ResultText.num(threshold, 4)
                                + (m.forMs() == null || m.forMs() == 0
                                        ? ""
                                        : " for " + ResultText.duration(m.forMs())));
            }
            shadeAlertStates(chart, report.recording(), e, xMax);
            page.append(chart.render());
        }
    }

    /**
     * Shades when Prometheus had the verdict's alert pending and firing during the run, from the recording's live
     * episodes (Prometheus' own {@code ALERTS} samples) of every instance carrying the expectation's labels.
     */
    private static void shadeAlertStates(SvgChart chart, Recording recording, Verdict e, double xMax) {
        if (recording == null) {
            return;
        }
        Set<RecordedRule.LiveEpisode> seen = new HashSet<>();
        for (RecordedRule rule : recording.rules()) {
            if (!rule.alert().equals(e.alert())) {
                continue;
            }
            for (RecordedRule.LiveEpisode ep : rule.live()) {
                if (!ep.labels().entrySet().containsAll(e.labels().entrySet()) || !seen.add(ep)) {
                    continue;
                }
                chart.episode(ep, xMax, " " + ep.labels());
            }
        }
    }

    /** Fault windows shaded, phase boundaries and (optionally) rate changes as vertical lines. */
    private static SvgChart decorate(SvgChart chart, RunReport report, boolean quiet) {
        for (FaultRow fault : report.status().faults()) {
            if (!fault.state().injected()) {
                continue; // pending, skipped or refused by the target: nothing was injected, so nothing to shade
            }
            chart.band(
                    fault.startMs(),
                    fault.endMs(),
                    fault.type() + " on " + fault.target() + " ("
                            + fault.state().key() + ")");
        }
        List<PhaseSpan> phases = report.status().phases();
        for (int i = 0; i < phases.size(); i++) {
            PhaseSpan phase = phases.get(i);
            chart.marker(phase.startMs(), quiet ? "" : phase.name() == null ? "phase " + (i + 1) : phase.name(), true);
        }
        if (!quiet) {
            for (RateChangeAt change : report.rateChanges()) {
                chart.marker(change.tMs(), rateLabel(change), false);
            }
        }
        return chart;
    }

    private static String rateLabel(RateChangeAt change) {
        if (change.absolute() != null) {
            return "rate " + ResultText.num(change.absolute(), 1) + "/s";
        }
        return "rate ×" + ResultText.num(change.multiplier() == null ? 1.0 : change.multiplier(), 2);
    }

    private static String thresholdLabel(ThresholdCriterion th) {
        return ResultText.thresholdName(th) + " < " + ResultText.num(th.below(), 4) + ResultText.unitSuffix(th.unit());
    }

    private static void addIfPresent(
            SvgChart chart,
            List<SecondRow> timeline,
            double[] t,
            Function<SecondRow, Double> field,
            String name,
            String color,
            boolean dashed) {
        if (timeline.stream().anyMatch(s -> field.apply(s) != null)) {
            chart.series(name, color, t, column(timeline, field), dashed);
        }
    }

    private static double[] column(List<SecondRow> timeline, Function<SecondRow, Double> field) {
        double[] values = new double[timeline.size()];
        for (int i = 0; i < values.length; i++) {
            Double v = field.apply(timeline.get(i));
            values[i] = v == null ? Double.NaN : v;
        }
        return values;
    }

    /** The known classes first, in a fixed order, then any other class the engine reported. */
    private static Set<String> errorClasses(List<SecondRow> timeline) {
        Set<String> classes = new LinkedHashSet<>(ERROR_CLASSES);
        for (SecondRow s : timeline) {
            classes.addAll(s.errors().byClass().keySet());
        }
        return classes;
    }

    private static double durationMs(RunStatus status) {
        return status.durationMs() > 0 ? status.durationMs() : status.elapsedMs();
    }
}
