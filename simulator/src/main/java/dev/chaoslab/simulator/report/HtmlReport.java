package dev.chaoslab.simulator.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a run report (the report JSON of {@code docs/contracts.md}) as one self-contained HTML page:
 * inline CSS and server-side SVG charts, no scripts, stylesheets, fonts or images from anywhere else, so the
 * file can be mailed, archived or opened offline. Every value from the report is escaped.
 */
public final class HtmlReport {

  static final List<String> ERROR_CLASSES = List.of("http_4xx", "http_5xx", "timeout", "connect_refused", "reset",
      "other");
  private static final Map<String, String> ERROR_COLORS = Map.of("http_4xx", "#b8a200", "http_5xx", "#d62728",
      "timeout", "#9467bd", "connect_refused", "#8c564b", "reset", "#e377c2", "other", "#7f7f7f");

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
      figure.chart{margin:14px 0}figcaption{font-weight:600;margin-bottom:2px}svg{width:100%;height:auto;font-size:11px}
      .plot{fill:#fff;stroke:#ccc}.grid{stroke:#eee}.axis{fill:#555}.fault{fill:#d62728;fill-opacity:.12}
      .phase{stroke:#333;stroke-dasharray:4 3}.change{stroke:#1f77b4;stroke-dasharray:2 2}.marker{fill:#333}
      .threshold{stroke:#c62828;stroke-width:1.4;stroke-dasharray:8 4}.threshold-label{fill:#c62828;font-weight:600}
      .legend span{margin-right:14px;white-space:nowrap}.legend i{display:inline-block;width:14px;height:4px;margin-right:4px;vertical-align:middle}
      .legend i.fault-swatch{height:10px;background:rgba(214,39,40,.2)}.legend i.threshold-swatch{background:#c62828}
      .warn{background:#fff6e0;border:1px solid #f0d58a;padding:8px 12px;border-radius:6px}
      code{font-size:12px}
      """;

  private HtmlReport() {
  }

  /** The whole page for one report. */
  public static String render(JsonObject report) {
    JsonObject scenario = Format.object(report, "scenario");
    String name = Format.text(scenario, "name", "unnamed scenario");
    StringBuilder page = new StringBuilder(64 * 1024);
    page.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>chaoslab report: ").append(Html.escape(name)).append(" (")
        .append(Html.escape(Format.text(report, "runId", ""))).append(")</title><style>").append(STYLE)
        .append("</style></head><body>");
    header(page, report, scenario);
    figures(page, report);
    thresholds(page, Format.array(report, "thresholds"));
    expectations(page, Format.array(report, "expectations"));
    charts(page, report);
    byRequest(page, Format.array(report, "byRequest"));
    errorKinds(page, Format.array(report, "errorKinds"));
    phasesAndFaults(page, report);
    page.append("<p class=\"meta\">Times are offsets from the run start. Latency \"corrected\" is measured from ")
        .append("the intended send time (coordinated omission corrected); \"service\" from the actual send time.</p>");
    page.append("</body></html>\n");
    return page.toString();
  }

  private static void header(StringBuilder page, JsonObject report, JsonObject scenario) {
    String state = Format.text(report, "state", "unknown");
    page.append("<h1>").append(Html.escape(Format.text(scenario, "name", "unnamed scenario")))
        .append(" <span class=\"badge ").append(Html.escape(state)).append("\">").append(Html.escape(state))
        .append("</span></h1>");
    if (scenario.getString("description") != null) {
      page.append("<p>").append(Html.escape(scenario.getString("description"))).append("</p>");
    }
    page.append("<p class=\"meta\"><span>run <code>").append(Html.escape(report.getString("runId"))).append("</code></span>")
        .append("<span>started ").append(Html.escape(Format.text(report, "startedAt", "-"))).append("</span>")
        .append("<span>ended ").append(Html.escape(Format.text(report, "endedAt", "-"))).append("</span>")
        .append("<span>ran ").append(Html.escape(Format.duration(Format.ranMs(report))))
        .append(" of ").append(Html.escape(Format.duration(report.getNumber("durationMs")))).append(" planned</span>");
    if (scenario.getString("source") != null) {
      page.append("<span>from ").append(Html.escape(scenario.getString("source"))).append("</span>");
    }
    page.append("</p>");
    if (report.getValue("failure") != null) {
      page.append("<p class=\"warn\">The run failed: ").append(Html.escape(report.getValue("failure"))).append("</p>");
    } else if (report.getJsonObject("abortedBy") != null) {
      page.append("<p class=\"warn\">A threshold stopped the run before its end: ")
          .append(Html.escape(report.getJsonObject("abortedBy").getString("detail")))
          .append(". This report covers the part that ran.</p>");
    } else if ("stopped".equals(state)) {
      page.append("<p class=\"warn\">The run was stopped before its end; this report covers the part that ran.</p>");
    }
  }

  private static void figures(StringBuilder page, JsonObject report) {
    JsonObject totals = Format.object(report, "totals");
    long errors = Format.errorSum(totals.getJsonObject("errors"));
    long completed = Format.count(totals, "completed");
    JsonObject corrected = Format.object(Format.object(report, "latency"), "corrected");
    JsonObject service = Format.object(Format.object(report, "latency"), "service");
    page.append("<h2>Summary</h2><div class=\"figures\">");
    figure(page, "scheduled", Format.num(totals.getNumber("scheduled"), 0), "requests");
    figure(page, "sent", Format.num(totals.getNumber("sent"), 0), "requests");
    figure(page, "dropped", Format.num(totals.getNumber("dropped"), 0), "in-flight cap hit");
    figure(page, "completed", Format.num(totals.getNumber("completed"), 0), "responses and errors");
    figure(page, "errors", Long.toString(errors),
        completed > 0 ? Format.num(100.0 * errors / completed, 2) + " % of completed" : "no completed requests");
    figure(page, "p50 corrected", Format.num(corrected.getNumber("p50"), 1), "ms (service " + Format.num(service.getNumber("p50"), 1) + ")");
    figure(page, "p99 corrected", Format.num(corrected.getNumber("p99"), 1), "ms (service " + Format.num(service.getNumber("p99"), 1) + ")");
    figure(page, "max corrected", Format.num(corrected.getNumber("max"), 1), "ms (service " + Format.num(service.getNumber("max"), 1) + ")");
    page.append("</div>");
  }

  private static void figure(StringBuilder page, String label, String value, String note) {
    page.append("<div><small>").append(Html.escape(label)).append("</small><b>").append(Html.escape(value))
        .append("</b><small>").append(Html.escape(note)).append("</small></div>");
  }

  private static void thresholds(StringBuilder page, JsonArray thresholds) {
    page.append("<h2>Thresholds</h2>");
    if (thresholds.isEmpty()) {
      page.append("<p class=\"na\">The scenario sets no thresholds.</p>");
      return;
    }
    page.append("<table><tr><th>metric</th><th>request</th><th>phase</th><th>must be below</th><th>actual</th>")
        .append("<th>verdict</th></tr>");
    for (Object o : thresholds) {
      JsonObject t = (JsonObject) o;
      String suffix = Format.unitSuffix(t.getString("unit"));
      String metric = t.getString("metric") + ("service".equals(t.getString("measure")) ? " (service time)" : "");
      page.append("<tr><td>").append(Html.escape(metric)).append("</td><td>")
          .append(Html.escape(Format.text(t, "request", "all"))).append("</td><td>")
          .append(Html.escape(Format.text(t, "phase", "all"))).append("</td><td class=\"n\">")
          .append(Html.escape(Format.num(t.getNumber("below"), 4) + suffix)).append("</td><td class=\"n\">")
          .append(Html.escape(Format.num(t.getNumber("actual"), 4) + suffix)).append("</td>")
          .append(verdict(t.getBoolean("passed"))).append("</tr>");
    }
    page.append("</table>");
  }

  private static void expectations(StringBuilder page, JsonArray expectations) {
    page.append("<h2>Alert expectations</h2>");
    if (expectations.isEmpty()) {
      page.append("<p class=\"na\">No alert expectations were checked (none in the scenario, or no Prometheus).</p>");
      return;
    }
    page.append("<table><tr><th>alert</th><th>labels</th><th>expected</th><th>verdict</th><th>to pending</th>")
        .append("<th>to firing</th><th>to resolved</th><th>margin</th><th>detail</th></tr>");
    for (Object o : expectations) {
      JsonObject e = (JsonObject) o;
      page.append("<tr><td>").append(Html.escape(e.getString("alert"))).append("</td><td>")
          .append(Html.escape(labels(e.getJsonObject("labels")))).append("</td><td>")
          .append(Html.escape(e.getString("kind"))).append("</td>").append(verdict(e.getBoolean("passed")))
          .append("<td class=\"n\">").append(Html.escape(Format.duration(e.getNumber("timeToPendingMs")))).append("</td>")
          .append("<td class=\"n\">").append(Html.escape(Format.duration(e.getNumber("timeToFireMs")))).append("</td>")
          .append("<td class=\"n\">").append(Html.escape(Format.duration(e.getNumber("timeToResolveMs")))).append("</td><td>")
          .append(margin(e.getJsonObject("margin"))).append("</td><td>").append(Html.escape(Format.text(e, "detail", "")))
          .append("</td></tr>");
    }
    page.append("</table>");
  }

  private static String margin(JsonObject margin) {
    if (margin == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder();
    out.append("threshold ").append(Html.escape(Format.num(margin.getNumber("threshold"), 4)))
        .append("<br>baseline max ").append(Html.escape(Format.num(margin.getNumber("baselineMax"), 4)))
        .append("<br>incident max ").append(Html.escape(Format.num(margin.getNumber("incidentMax"), 4)));
    if (margin.getString("expr") != null) {
      out.append("<br><code>").append(Html.escape(margin.getString("expr"))).append("</code>");
    }
    return out.toString();
  }

  private static void charts(StringBuilder page, JsonObject report) {
    JsonArray timeline = Format.array(report, "timeline");
    page.append("<h2>Over time</h2>");
    if (timeline.isEmpty()) {
      page.append("<p class=\"na\">No traffic was recorded, so there is nothing to chart.</p>");
      return;
    }
    int n = timeline.size();
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = number(timeline.getJsonObject(i), "t") * 1000; // the timeline counts seconds; the charts use ms
    }
    double xMax = Math.max(durationMs(report), t[n - 1] + 1000);

    SvgChart rate = decorate(new SvgChart("Request rate: scheduled vs achieved", "requests/s", xMax), report, false)
        .series("scheduled", "#7f7f7f", t, column(timeline, "scheduled"), true)
        .series("achieved (sent)", "#1f77b4", t, column(timeline, "sent"), false)
        .series("dropped", "#d62728", t, column(timeline, "dropped"), false);
    page.append(rate.render());

    SvgChart latency = decorate(new SvgChart("Latency percentiles per second (log scale)", "ms", xMax).logScale(),
        report, false);
    addIfPresent(latency, timeline, t, "p50CorrectedMs", "p50 corrected", "#98df8a", false);
    addIfPresent(latency, timeline, t, "p50Ms", "p50 service", "#2ca02c", true);
    addIfPresent(latency, timeline, t, "p99CorrectedMs", "p99 corrected", "#d62728", false);
    addIfPresent(latency, timeline, t, "p99Ms", "p99 service", "#ff7f0e", true);
    for (Object o : Format.array(report, "thresholds")) {
      JsonObject th = (JsonObject) o;
      if ("ms".equals(th.getString("unit")) && th.getNumber("below") != null) {
        latency.level(th.getNumber("below").doubleValue(), thresholdLabel(th));
      }
    }
    page.append(latency.render());

    SvgChart errors = decorate(new SvgChart("Errors per second by class", "errors/s", xMax), report, true);
    for (String errorClass : errorClasses(timeline)) {
      double[] ys = new double[n];
      for (int i = 0; i < n; i++) {
        JsonObject e = timeline.getJsonObject(i).getJsonObject("errors");
        ys[i] = e == null || e.getNumber(errorClass) == null ? 0 : e.getNumber(errorClass).doubleValue();
      }
      errors.series(errorClass, ERROR_COLORS.getOrDefault(errorClass, "#17becf"), t, ys, false);
    }
    page.append(errors.render());

    double[] ratio = new double[n];
    for (int i = 0; i < n; i++) {
      JsonObject second = timeline.getJsonObject(i);
      double failed = Format.errorSum(second.getJsonObject("errors"));
      double done = failed + number(second, "ok");
      ratio[i] = done > 0 ? failed / done : Double.NaN;
    }
    SvgChart errorRatio = decorate(new SvgChart("Error ratio per second", "ratio", xMax).yCap(1), report, true)
        .series("errors / completed", "#d62728", t, ratio, false);
    for (Object o : Format.array(report, "thresholds")) {
      JsonObject th = (JsonObject) o;
      if ("error_ratio".equals(th.getString("metric")) && th.getNumber("below") != null) {
        errorRatio.level(th.getNumber("below").doubleValue(), thresholdLabel(th));
      }
    }
    page.append(errorRatio.render());
  }

  /** Fault windows shaded, phase boundaries and (optionally) rate changes as vertical lines. */
  private static SvgChart decorate(SvgChart chart, JsonObject report, boolean quiet) {
    for (Object o : Format.array(report, "faults")) {
      JsonObject fault = (JsonObject) o;
      String state = Format.text(fault, "state", "");
      if (!state.equals("active") && !state.equals("cleared")) {
        continue; // pending, skipped or refused by the target: nothing was injected, so nothing to shade
      }
      double start = number(fault, "startMs");
      double end = fault.getNumber("endMs") == null ? durationMs(report) : number(fault, "endMs");
      chart.band(start, end, Format.text(fault, "type", "fault") + " on " + Format.text(fault, "target", "?") + " ("
          + Format.text(fault, "state", "?") + ")");
    }
    JsonArray phases = Format.array(report, "phases");
    for (int i = 0; i < phases.size(); i++) {
      JsonObject phase = phases.getJsonObject(i);
      chart.marker(number(phase, "startMs"), quiet ? "" : Format.text(phase, "name", "phase " + (i + 1)), true);
    }
    if (!quiet) {
      for (Object o : Format.array(report, "rateChanges")) {
        JsonObject change = (JsonObject) o;
        String label = change.getNumber("absolute") != null
            ? "rate " + Format.num(change.getNumber("absolute"), 1) + "/s"
            : "rate ×" + Format.num(change.getNumber("multiplier"), 2);
        chart.marker(number(change, "tMs"), label, false);
      }
    }
    return chart;
  }

  private static void byRequest(StringBuilder page, JsonArray rows) {
    page.append("<h2>By request and phase</h2>");
    if (rows.isEmpty()) {
      page.append("<p class=\"na\">No requests completed.</p>");
      return;
    }
    page.append("<table><tr><th>request</th><th>phase</th><th>dropped</th><th>count</th><th>errors</th>")
        .append("<th>p50</th><th>p90</th><th>p99</th><th>max</th><th>p50 svc</th><th>p99 svc</th><th>max svc</th></tr>");
    for (Object o : rows) {
      JsonObject r = (JsonObject) o;
      JsonObject c = Format.object(r, "corrected");
      JsonObject s = Format.object(r, "service");
      page.append("<tr><td>").append(Html.escape(r.getString("request"))).append("</td><td>")
          .append(Html.escape(Format.text(r, "phase", "all"))).append("</td>");
      cell(page, Format.num(r.getNumber("dropped"), 0));
      cell(page, Format.num(r.getNumber("count"), 0));
      page.append("<td>").append(Html.escape(errorBreakdown(r.getJsonObject("errors")))).append("</td>");
      for (String p : new String[] {"p50", "p90", "p99", "max"}) {
        cell(page, Format.num(c.getNumber(p), 1));
      }
      for (String p : new String[] {"p50", "p99", "max"}) {
        cell(page, Format.num(s.getNumber(p), 1));
      }
      page.append("</tr>");
    }
    page.append("</table><p class=\"meta\">Latencies in ms; the first four columns are corrected.</p>");
  }

  private static void errorKinds(StringBuilder page, JsonArray kinds) {
    if (kinds.isEmpty()) {
      return;
    }
    page.append("<h2>Errors by kind</h2><table><tr><th>count</th><th>request</th><th>error</th><th>first</th>")
        .append("<th>last</th><th>first message</th><th>its trace</th></tr>");
    for (Object o : kinds) {
      JsonObject k = (JsonObject) o;
      page.append("<tr>");
      cell(page, Format.num(k.getNumber("count"), 0));
      page.append("<td>").append(Html.escape(k.getString("request"))).append("</td><td>")
          .append(Html.escape(k.getString("error"))).append("</td>");
      cell(page, Format.clock(number(k, "firstMs")));
      cell(page, Format.clock(number(k, "lastMs")));
      page.append("<td>").append(Html.escape(k.getString("message"))).append("</td><td><code>")
          .append(Html.escape(Format.text(k, "traceId", ""))).append("</code></td></tr>");
    }
    page.append("</table><p class=\"meta\">Errors of a kind share the request, the class and the cause: the HTTP status and the ")
        .append("answer's error code, or the exception. Look the trace up in Tempo, or its trace_id in the logs.</p>");
  }

  private static void phasesAndFaults(StringBuilder page, JsonObject report) {
    page.append("<h2>Phases, faults and rate changes</h2><table><tr><th>what</th><th>from</th><th>to</th><th>detail</th></tr>");
    for (Object o : Format.array(report, "phases")) {
      JsonObject p = (JsonObject) o;
      page.append("<tr><td>phase ").append(Html.escape(p.getString("name"))).append("</td><td class=\"n\">")
          .append(Format.clock(number(p, "startMs"))).append("</td><td class=\"n\">")
          .append(p.getNumber("endMs") == null ? "-" : Format.clock(number(p, "endMs"))).append("</td><td></td></tr>");
    }
    for (Object o : Format.array(report, "faults")) {
      JsonObject f = (JsonObject) o;
      String detail = Format.text(f, "state", "") + (f.getString("error") != null ? ": " + f.getString("error") : "");
      page.append("<tr><td>fault ").append(Html.escape(f.getString("type"))).append(" on ")
          .append(Html.escape(f.getString("target"))).append("</td><td class=\"n\">")
          .append(Format.clock(number(f, "startMs"))).append("</td><td class=\"n\">")
          .append(f.getNumber("endMs") == null ? "-" : Format.clock(number(f, "endMs"))).append("</td><td>")
          .append(Html.escape(detail)).append("</td></tr>");
    }
    for (Object o : Format.array(report, "rateChanges")) {
      JsonObject c = (JsonObject) o;
      String detail = c.getNumber("absolute") != null ? "absolute rate " + Format.num(c.getNumber("absolute"), 2) + " req/s"
          : "multiplier ×" + Format.num(c.getNumber("multiplier"), 3);
      page.append("<tr><td>rate change</td><td class=\"n\">").append(Format.clock(number(c, "tMs")))
          .append("</td><td></td><td>").append(Html.escape(detail)).append("</td></tr>");
    }
    page.append("</table>");
  }

  private static void cell(StringBuilder page, String value) {
    page.append("<td class=\"n\">").append(Html.escape(value)).append("</td>");
  }

  private static String verdict(Boolean passed) {
    if (passed == null) {
      return "<td class=\"na\">not checked</td>";
    }
    return passed ? "<td class=\"pass\">pass</td>" : "<td class=\"fail\">FAIL</td>";
  }

  private static String thresholdLabel(JsonObject th) {
    return Format.thresholdName(th) + " < " + Format.num(th.getNumber("below"), 4) + Format.unitSuffix(th.getString("unit"));
  }

  private static void addIfPresent(SvgChart chart, JsonArray timeline, double[] t, String field, String name,
                                   String color, boolean dashed) {
    boolean present = false;
    for (int i = 0; i < timeline.size() && !present; i++) {
      present = timeline.getJsonObject(i).containsKey(field);
    }
    if (present) {
      chart.series(name, color, t, column(timeline, field), dashed);
    }
  }

  private static double[] column(JsonArray timeline, String field) {
    double[] values = new double[timeline.size()];
    for (int i = 0; i < values.length; i++) {
      Number v = timeline.getJsonObject(i).getNumber(field);
      values[i] = v == null ? Double.NaN : v.doubleValue();
    }
    return values;
  }

  /** The known classes first, in a fixed order, then any other class the engine reported. */
  private static Set<String> errorClasses(JsonArray timeline) {
    Set<String> classes = new LinkedHashSet<>(ERROR_CLASSES);
    for (Object o : timeline) {
      JsonObject errors = ((JsonObject) o).getJsonObject("errors");
      if (errors != null) {
        classes.addAll(errors.fieldNames());
      }
    }
    return classes;
  }

  private static String errorBreakdown(JsonObject errors) {
    if (errors == null || Format.errorSum(errors) == 0) {
      return "0";
    }
    StringBuilder out = new StringBuilder();
    for (String key : errors.fieldNames()) {
      Number n = errors.getNumber(key);
      if (n != null && n.longValue() > 0) {
        out.append(out.length() > 0 ? ", " : "").append(key).append(' ').append(n.longValue());
      }
    }
    return Format.errorSum(errors) + " (" + out + ")";
  }

  private static String labels(JsonObject labels) {
    if (labels == null || labels.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String key : labels.fieldNames()) {
      out.append(out.length() > 0 ? ", " : "").append(key).append('=').append(labels.getValue(key));
    }
    return out.toString();
  }

  private static double durationMs(JsonObject report) {
    Number d = report.getNumber("durationMs");
    if (d == null) {
      d = report.getNumber("elapsedMs");
    }
    return d == null ? 0 : d.doubleValue();
  }

  private static double number(JsonObject o, String field) {
    Number n = o.getNumber(field);
    return n == null ? 0 : n.doubleValue();
  }
}
