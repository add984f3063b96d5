package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.ErrorCounts;
import dev.chaoslab.simulator.result.ErrorKind;
import dev.chaoslab.simulator.result.FaultRow;
import dev.chaoslab.simulator.result.LatencySummary;
import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.PhaseSpan;
import dev.chaoslab.simulator.result.RateChangeAt;
import dev.chaoslab.simulator.result.RequestRow;
import dev.chaoslab.simulator.result.ResultText;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.ThresholdCriterion;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Threshold;
import java.util.List;
import java.util.Map;

/**
 * Renders a run report as one self-contained HTML page:
 * inline CSS and server-side SVG charts, no scripts, stylesheets, fonts or images from anywhere else, so the
 * file can be mailed, archived or opened offline. Every value from the report is escaped.
 */
public final class HtmlReport {

    private static final String STYLE = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
      .meta{color:#555}.meta span{margin-right:16px}
      table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
      .pass{color:#17803d;font-weight:600}.fail{color:#c62828;font-weight:600}.na{color:#777}
      .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#eee}
      .badge.completed{background:#d7f0dc}.badge.stopped{background:#fff1c2}.badge.failed{background:#f8d3d3}.badge.running{background:#d6e6f8}
      .figures{display:flex;flex-wrap:wrap;gap:8px}.figures div{border:1px solid #ddd;border-radius:6px;padding:6px 12px;min-width:110px}
      .figures b{display:block;font-size:18px}.figures small{color:#666}
      .warn{background:#fff6e0;border:1px solid #f0d58a;padding:8px 12px;border-radius:6px}
      code{font-size:12px}
      table.expectations{table-layout:fixed}table.expectations td{overflow-wrap:anywhere;word-break:break-word}
      table.expectations col.detail{width:32%}table.expectations col.margin{width:20%}
      table.expectations col.delivery{width:14%}
      """;

    private HtmlReport() {}

    /** The whole page for one report. */
    public static String render(RunReport report) {
        RunStatus status = report.status();
        String name = status.scenario().name() == null
                ? "unnamed scenario"
                : status.scenario().name();
        StringBuilder page = new StringBuilder(64 * 1024);
        page.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>chaoslab report: ")
                .append(Html.escape(name))
                .append(" (")
                .append(Html.escape(status.runId()))
                .append(")</title><style>")
                .append(STYLE)
                .append(SvgChart.STYLE)
                .append("</style></head><body>");
        header(page, status, name);
        figures(page, status);
        ShardSection.render(page, report.shard());
        thresholds(page, report.thresholds());
        expectations(page, report.expectations());
        ReportCharts.margins(page, report);
        ReportCharts.render(page, report);
        byRequest(page, report.byRequest());
        errorKinds(page, status.errorKinds());
        phasesAndFaults(page, report);
        page.append("<p class=\"meta\">Times are offsets from the run start. Latency \"corrected\" is measured from ")
                .append(
                        "the intended send time (coordinated omission corrected); \"service\" from the actual send time.</p>");
        page.append("</body></html>\n");
        return page.toString();
    }

    private static void header(StringBuilder page, RunStatus status, String name) {
        String state = status.state().key();
        page.append("<h1>")
                .append(Html.escape(name))
                .append(" <span class=\"badge ")
                .append(Html.escape(state))
                .append("\">")
                .append(Html.escape(state))
                .append("</span></h1>");
        if (status.scenario().description() != null) {
            page.append("<p>")
                    .append(Html.escape(status.scenario().description()))
                    .append("</p>");
        }
        page.append("<p class=\"meta\"><span>run <code>")
                .append(Html.escape(status.runId()))
                .append("</code></span>")
                .append("<span>started ")
                .append(Html.escape(ResultText.instant(status.startedAt())))
                .append("</span>")
                .append("<span>ended ")
                .append(Html.escape(ResultText.instant(status.endedAt())))
                .append("</span>")
                .append("<span>ran ")
                .append(Html.escape(ResultText.duration(status.ranMs())))
                .append(" of ")
                .append(Html.escape(ResultText.duration(status.durationMs())))
                .append(" planned</span>");
        if (status.scenario().source() != null) {
            page.append("<span>from ")
                    .append(Html.escape(status.scenario().source()))
                    .append("</span>");
        }
        page.append("</p>");
        if (status.failure() != null) {
            page.append("<p class=\"warn\">The run failed: ")
                    .append(Html.escape(status.failure()))
                    .append("</p>");
        } else if (status.abortedBy() != null) {
            page.append("<p class=\"warn\">A threshold stopped the run before its end: ")
                    .append(Html.escape(status.abortedBy().detail()))
                    .append(". This report covers the part that ran.</p>");
        } else if (status.state() == RunState.STOPPED) {
            page.append(
                    "<p class=\"warn\">The run was stopped before its end; this report covers the part that ran.</p>");
        }
    }

    private static void figures(StringBuilder page, RunStatus status) {
        long errors = status.totals().errors().total();
        long completed = status.totals().completed();
        LatencySummary corrected = status.latency().corrected();
        LatencySummary service = status.latency().service();
        page.append("<h2>Summary</h2><div class=\"figures\">");
        figure(page, "scheduled", Long.toString(status.totals().scheduled()), "requests");
        figure(page, "sent", Long.toString(status.totals().sent()), "requests");
        figure(page, "dropped", Long.toString(status.totals().dropped()), "in-flight cap hit");
        figure(page, "completed", Long.toString(completed), "responses and errors");
        figure(
                page,
                "errors",
                Long.toString(errors),
                completed > 0
                        ? ResultText.num(100.0 * errors / completed, 2) + " % of completed"
                        : "no completed requests");
        figure(
                page,
                "p50 corrected",
                ResultText.num(corrected.p50(), 1),
                "ms (service " + ResultText.num(service.p50(), 1) + ")");
        figure(
                page,
                "p99 corrected",
                ResultText.num(corrected.p99(), 1),
                "ms (service " + ResultText.num(service.p99(), 1) + ")");
        figure(
                page,
                "max corrected",
                ResultText.num(corrected.max(), 1),
                "ms (service " + ResultText.num(service.max(), 1) + ")");
        page.append("</div>");
    }

    private static void figure(StringBuilder page, String label, String value, String note) {
        page.append("<div><small>")
                .append(Html.escape(label))
                .append("</small><b>")
                .append(Html.escape(value))
                .append("</b><small>")
                .append(Html.escape(note))
                .append("</small></div>");
    }

    private static void thresholds(StringBuilder page, List<ThresholdResult> thresholds) {
        page.append("<h2>Thresholds</h2>");
        if (thresholds.isEmpty()) {
            page.append("<p class=\"na\">The scenario sets no thresholds.</p>");
            return;
        }
        page.append("<table><tr><th>metric</th><th>request</th><th>phase</th><th>must be below</th><th>actual</th>")
                .append("<th>verdict</th></tr>");
        for (ThresholdResult t : thresholds) {
            ThresholdCriterion c = t.criterion();
            String suffix = ResultText.unitSuffix(c.unit());
            String metric = c.metric().key() + (c.measure() == Threshold.Measure.SERVICE ? " (service time)" : "");
            page.append("<tr><td>")
                    .append(Html.escape(metric))
                    .append("</td><td>")
                    .append(Html.escape(c.request() == null ? "all" : c.request()))
                    .append("</td><td>")
                    .append(Html.escape(c.phase() == null ? "all" : c.phase()))
                    .append("</td><td class=\"n\">")
                    .append(Html.escape(ResultText.num(c.below(), 4) + suffix))
                    .append("</td><td class=\"n\">")
                    .append(Html.escape(ResultText.num(t.actual(), 4) + suffix))
                    .append("</td>")
                    .append(verdict(t.passed()))
                    .append("</tr>");
        }
        page.append("</table>");
    }

    private static void expectations(StringBuilder page, List<Verdict> expectations) {
        page.append("<h2>Alert expectations</h2>");
        if (expectations.isEmpty()) {
            page.append(
                    "<p class=\"na\">No alert expectations were checked (none in the scenario, or no Prometheus).</p>");
            return;
        }
        // the delivery column only where Alertmanager's notifications decided something
        boolean delivery = expectations.stream().anyMatch(e -> e.kind().delivery());
        // a fixed layout with wrapping cells keeps long details and expressions inside the page
        page.append("<table class=\"expectations\"><colgroup><col><col><col><col><col><col><col>")
                .append(delivery ? "<col class=\"delivery\">" : "")
                .append("<col class=\"margin\"><col class=\"detail\"></colgroup>")
                .append("<tr><th>alert</th><th>labels</th><th>expected</th><th>verdict</th><th>to pending</th>")
                .append("<th>to firing</th><th>to resolved</th>")
                .append(delivery ? "<th>delivery</th>" : "")
                .append("<th>margin</th><th>detail</th></tr>");
        for (Verdict e : expectations) {
            page.append("<tr><td>")
                    .append(Html.escape(e.alert()))
                    .append("</td><td>")
                    .append(Html.escape(labels(e.labels())))
                    .append("</td><td>")
                    .append(Html.escape(e.kind().key()))
                    .append("</td>")
                    .append(verdict(e.passed()))
                    .append("<td class=\"n\">")
                    .append(Html.escape(ResultText.duration(e.timeToPendingMs())))
                    .append("</td>")
                    .append("<td class=\"n\">")
                    .append(Html.escape(ResultText.duration(e.timeToFireMs())))
                    .append("</td>")
                    .append("<td class=\"n\">")
                    .append(Html.escape(ResultText.duration(e.timeToResolveMs())))
                    .append("</td><td>")
                    .append(delivery ? DeliveryCell.html(e) + "</td><td>" : "")
                    .append(margin(e.margin()))
                    .append("</td><td>")
                    .append(Html.escape(e.detail() == null ? "" : e.detail()))
                    .append("</td></tr>");
        }
        page.append("</table>");
    }

    private static String margin(Margin margin) {
        if (margin == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        out.append("threshold ")
                .append(Html.escape(ResultText.num(margin.threshold(), 4)))
                .append("<br>baseline max ")
                .append(Html.escape(ResultText.num(margin.baselineMax(), 4)))
                .append("<br>incident max ")
                .append(Html.escape(ResultText.num(margin.incidentMax(), 4)));
        if (margin.expr() != null) {
            out.append("<br><code>").append(Html.escape(margin.expr())).append("</code>");
        }
        return out.toString();
    }

    private static void byRequest(StringBuilder page, List<RequestRow> rows) {
        page.append("<h2>By request and phase</h2>");
        if (rows.isEmpty()) {
            page.append("<p class=\"na\">No requests completed.</p>");
            return;
        }
        page.append("<table><tr><th>request</th><th>phase</th><th>dropped</th><th>count</th><th>errors</th>")
                .append(
                        "<th>p50</th><th>p90</th><th>p99</th><th>max</th><th>p50 svc</th><th>p99 svc</th><th>max svc</th></tr>");
        for (RequestRow r : rows) {
            LatencySummary c = r.corrected();
            LatencySummary s = r.service();
            page.append("<tr><td>")
                    .append(Html.escape(r.request()))
                    .append("</td><td>")
                    .append(Html.escape(r.phase() == null ? "all" : r.phase()))
                    .append("</td>");
            cell(page, ResultText.num(r.dropped(), 0));
            cell(page, ResultText.num(r.count(), 0));
            page.append("<td>").append(Html.escape(errorBreakdown(r.errors()))).append("</td>");
            for (Double p : new Double[] {c.p50(), c.p90(), c.p99(), c.max()}) {
                cell(page, ResultText.num(p, 1));
            }
            for (Double p : new Double[] {s.p50(), s.p99(), s.max()}) {
                cell(page, ResultText.num(p, 1));
            }
            page.append("</tr>");
        }
        page.append("</table><p class=\"meta\">Latencies in ms; the first four columns are corrected.</p>");
    }

    private static void errorKinds(StringBuilder page, List<ErrorKind> kinds) {
        if (kinds.isEmpty()) {
            return;
        }
        page.append("<h2>Errors by kind</h2><table><tr><th>count</th><th>request</th><th>error</th><th>first</th>")
                .append("<th>last</th><th>first message</th><th>its trace</th></tr>");
        for (ErrorKind k : kinds) {
            page.append("<tr>");
            cell(page, ResultText.num(k.count(), 0));
            page.append("<td>")
                    .append(Html.escape(k.request()))
                    .append("</td><td>")
                    .append(Html.escape(k.error()))
                    .append("</td>");
            cell(page, ResultText.clock(k.firstMs()));
            cell(page, ResultText.clock(k.lastMs()));
            page.append("<td>")
                    .append(Html.escape(k.message()))
                    .append("</td><td><code>")
                    .append(Html.escape(k.traceId() == null ? "" : k.traceId()))
                    .append("</code></td></tr>");
        }
        page.append(
                        "</table><p class=\"meta\">Errors of a kind share the request, the class and the cause: the HTTP status and the ")
                .append(
                        "answer's error code, or the exception. Look the trace up in Tempo, or its trace_id in the logs.</p>");
    }

    private static void phasesAndFaults(StringBuilder page, RunReport report) {
        page.append(
                "<h2>Phases, faults and rate changes</h2><table><tr><th>what</th><th>from</th><th>to</th><th>detail</th></tr>");
        for (PhaseSpan p : report.status().phases()) {
            page.append("<tr><td>phase ")
                    .append(Html.escape(p.name()))
                    .append("</td><td class=\"n\">")
                    .append(ResultText.clock(p.startMs()))
                    .append("</td><td class=\"n\">")
                    .append(ResultText.clock(p.endMs()))
                    .append("</td><td></td></tr>");
        }
        for (FaultRow f : report.status().faults()) {
            String detail = f.state().key() + (f.error() != null ? ": " + f.error() : "");
            page.append("<tr><td>fault ")
                    .append(Html.escape(f.type()))
                    .append(" on ")
                    .append(Html.escape(f.target()))
                    .append("</td><td class=\"n\">")
                    .append(ResultText.clock(f.startMs()))
                    .append("</td><td class=\"n\">")
                    .append(ResultText.clock(f.endMs()))
                    .append("</td><td>")
                    .append(Html.escape(detail))
                    .append("</td></tr>");
        }
        for (RateChangeAt c : report.rateChanges()) {
            String detail = c.absolute() != null
                    ? "absolute rate " + ResultText.num(c.absolute(), 2) + " req/s"
                    : "multiplier ×" + ResultText.num(c.multiplier() == null ? 1.0 : c.multiplier(), 3);
            page.append("<tr><td>rate change</td><td class=\"n\">")
                    .append(ResultText.clock(c.tMs()))
                    .append("</td><td></td><td>")
                    .append(Html.escape(detail))
                    .append("</td></tr>");
        }
        page.append("</table>");
    }

    private static void cell(StringBuilder page, String value) {
        page.append("<td class=\"n\">").append(Html.escape(value)).append("</td>");
    }

    private static String verdict(boolean passed) {
        return passed ? "<td class=\"pass\">pass</td>" : "<td class=\"fail\">FAIL</td>";
    }

    private static String errorBreakdown(ErrorCounts errors) {
        if (errors.total() == 0) {
            return "0";
        }
        StringBuilder out = new StringBuilder();
        errors.byClass().forEach((key, n) -> {
            if (n > 0) {
                out.append(out.length() > 0 ? ", " : "").append(key).append(' ').append(n);
            }
        });
        return errors.total() + " (" + out + ")";
    }

    private static String labels(Map<String, String> labels) {
        StringBuilder out = new StringBuilder();
        labels.forEach((key, value) ->
                out.append(out.length() > 0 ? ", " : "").append(key).append('=').append(value));
        return out.toString();
    }
}
