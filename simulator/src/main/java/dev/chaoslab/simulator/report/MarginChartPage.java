package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.MarginPoint;
import dev.chaoslab.simulator.result.MarginTrace;
import dev.chaoslab.simulator.result.RecordedRule.LiveEpisode;
import dev.chaoslab.simulator.result.ResultText;
import dev.chaoslab.simulator.result.RunTimeline;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained HTML page with one margin chart ({@link SvgChart}): a rule variant's value over a recorded run
 * against its threshold, its pending and firing time shaded along the bottom, the faults shaded and the phase
 * starts marked, the same chart the HTML report draws per expectation. Inline CSS and SVG only. Stateless.
 */
public final class MarginChartPage {

    private static final String STYLE = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}
      h1{font-size:19px;margin:0 0 4px}p{margin:4px 0}code{font-size:12px}
      """;

    private MarginChartPage() {}

    /** The whole page. */
    public static String html(MarginTrace trace) {
        StringBuilder page = new StringBuilder(32 * 1024);
        page.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(trace.title()))
                .append("</title><style>")
                .append(STYLE)
                .append(SvgChart.STYLE)
                .append("</style></head><body><h1>")
                .append(Html.escape(trace.title()))
                .append("</h1><p><code>")
                .append(Html.escape(trace.value()))
                .append(' ')
                .append(Html.escape(trace.op()))
                .append(' ')
                .append(Html.escape(ResultText.num(trace.threshold(), 4)))
                .append("</code>")
                .append(trace.forMs() > 0 ? " for " + Html.escape(ResultText.duration(trace.forMs())) : "")
                .append("; the worst matching series at each evaluation of the replay.</p>")
                .append(svg(trace))
                .append("</body></html>\n");
        return page.toString();
    }

    /** The chart alone, as an inline {@code <figure>} with its SVG. */
    public static String svg(MarginTrace trace) {
        List<MarginPoint> points = trace.values();
        double[] t = new double[points.size()];
        double[] v = new double[points.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = points.get(i).tMs();
            Double value = points.get(i).value();
            v[i] = value == null ? Double.NaN : value;
        }
        double xMax = Math.max(trace.endMs(), t.length == 0 ? 1000 : t[t.length - 1] + 1000);
        SvgChart chart = new SvgChart("The rule's value against its threshold", "value", xMax)
                .series(trace.value(), "#1f77b4", t, v, false);
        chart.level(
                trace.threshold(),
                trace.op() + " " + ResultText.num(trace.threshold(), 4)
                        + (trace.forMs() > 0 ? " for " + ResultText.duration(trace.forMs()) : ""));
        for (RunTimeline.FaultWindow f : trace.faults()) {
            if (f.applied()) {
                chart.band(f.startMs(), Math.max(f.startMs(), f.endMs()), f.type() + " on " + f.target());
            }
        }
        for (RunTimeline.PhaseWindow p : trace.phases()) {
            chart.marker(p.startMs(), p.name() == null ? "phase " + (p.index() + 1) : p.name(), true);
        }
        for (LiveEpisode e : trace.episodes()) {
            chart.episode(e, trace.endMs(), instance(e.labels()));
        }
        return chart.render();
    }

    private static String instance(Map<String, String> labels) {
        return labels.isEmpty() ? "" : " " + new TreeMap<>(labels);
    }
}
