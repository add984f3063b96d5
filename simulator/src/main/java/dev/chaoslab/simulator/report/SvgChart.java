package dev.chaoslab.simulator.report;

import static dev.chaoslab.simulator.report.PlotScale.HEIGHT;
import static dev.chaoslab.simulator.report.PlotScale.LEFT;
import static dev.chaoslab.simulator.report.PlotScale.TOP;
import static dev.chaoslab.simulator.report.PlotScale.WIDTH;
import static dev.chaoslab.simulator.report.PlotScale.plotHeight;
import static dev.chaoslab.simulator.report.PlotScale.plotWidth;

import dev.chaoslab.simulator.result.RecordedRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart over the run's time axis, rendered server-side as inline SVG so that the report page needs
 * no script, stylesheet or font from anywhere. X values are milliseconds from the run start; a NaN y value
 * leaves a gap (a second without completed requests has no percentile).
 */
final class SvgChart {

    record Series(String name, String color, double[] xs, double[] ys, boolean dashed) {}

    /** A shaded time window (a fault). */
    record Band(double fromMs, double toMs, String label) {}

    /** An alert state window (pending or firing), drawn as a strip along the bottom of the plot. */
    record StateBand(double fromMs, double toMs, String label, boolean firing) {}

    /** The styles the chart's SVG classes need; every page that embeds a chart includes them once. */
    static final String STYLE = """
      figure.chart{margin:14px 0}figcaption{font-weight:600;margin-bottom:2px}svg{width:100%;height:auto;font-size:11px}
      .plot{fill:#fff;stroke:#ccc}.grid{stroke:#eee}.axis{fill:#555}.fault{fill:#d62728;fill-opacity:.12}
      .pending{fill:#f0b400;fill-opacity:.55}.firing{fill:#7b1fa2;fill-opacity:.55}
      .phase{stroke:#333;stroke-dasharray:4 3}.change{stroke:#1f77b4;stroke-dasharray:2 2}.marker{fill:#333}
      .threshold{stroke:#c62828;stroke-width:1.4;stroke-dasharray:8 4}.threshold-label{fill:#c62828;font-weight:600}
      .legend span{margin-right:14px;white-space:nowrap}.legend i{display:inline-block;width:14px;height:4px;margin-right:4px;vertical-align:middle}
      .legend i.fault-swatch{height:10px;background:rgba(214,39,40,.2)}.legend i.threshold-swatch{background:#c62828}
      .legend i.pending-swatch{height:10px;background:rgba(240,180,0,.55)}.legend i.firing-swatch{height:10px;background:rgba(123,31,162,.55)}
      """;

    /** Height of the pending/firing strip, px. */
    private static final int STATE_STRIP = 12;

    /** A vertical line (a phase boundary or a rate change). */
    record Marker(double atMs, String label, boolean strong) {}

    /** A horizontal line (a threshold). */
    record Level(double y, String label) {}

    private final String title;
    private final String unit;
    private final double xMaxMs;
    private final List<Series> series = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<StateBand> states = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private boolean logScale;
    private double yCap = Double.POSITIVE_INFINITY;

    SvgChart(String title, String unit, double xMaxMs) {
        this.title = title;
        this.unit = unit;
        this.xMaxMs = xMaxMs > 0 ? xMaxMs : 1000;
    }

    /**
     * A logarithmic y axis (powers of ten), for latencies: one stall of seconds would otherwise flatten every
     * millisecond-scale line and threshold to the bottom of the plot.
     */
    SvgChart logScale() {
        this.logScale = true;
        return this;
    }

    /** The y axis never goes above this (1 for ratios). */
    SvgChart yCap(double cap) {
        this.yCap = cap;
        return this;
    }

    SvgChart series(String name, String color, double[] xs, double[] ys, boolean dashed) {
        series.add(new Series(name, color, xs, ys, dashed));
        return this;
    }

    SvgChart band(double fromMs, double toMs, String label) {
        bands.add(new Band(fromMs, toMs, label));
        return this;
    }

    /**
     * Shades one alert episode: pending from its pending time until it fired (or ended), firing until it resolved;
     * an episode still open ends at {@code openEndMs}. {@code who} follows "pending"/"firing" in the labels.
     */
    SvgChart episode(RecordedRule.LiveEpisode e, double openEndMs, String who) {
        double end = e.resolvedMs() == null ? openEndMs : e.resolvedMs();
        if (e.pendingMs() != null) {
            double pendingEnd = e.firingMs() == null ? end : e.firingMs();
            if (pendingEnd > e.pendingMs()) {
                state(e.pendingMs(), pendingEnd, "pending" + who, false);
            }
        }
        if (e.firingMs() != null && end > e.firingMs()) {
            state(e.firingMs(), end, "firing" + who, true);
        }
        return this;
    }

    /** Shades {@code [fromMs, toMs)} along the bottom of the plot as the alert's pending or firing time. */
    SvgChart state(double fromMs, double toMs, String label, boolean firing) {
        states.add(new StateBand(fromMs, toMs, label, firing));
        return this;
    }

    SvgChart marker(double atMs, String label, boolean strong) {
        markers.add(new Marker(atMs, label, strong));
        return this;
    }

    SvgChart level(double y, String label) {
        levels.add(new Level(y, label));
        return this;
    }

    String render() {
        PlotScale scale = PlotScale.of(xMaxMs, maxY(), yCap, logScale);
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<figure class=\"chart\"><figcaption>")
                .append(Html.escape(title))
                .append("</figcaption>");
        svg.append("<svg viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title))
                .append("\">");
        svg.append("<rect x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(TOP)
                .append("\" width=\"")
                .append(plotWidth())
                .append("\" height=\"")
                .append(plotHeight())
                .append("\" class=\"plot\"/>");
        for (Band band : bands) {
            double x1 = scale.x(Math.max(0, band.fromMs()));
            double x2 = scale.x(Math.min(xMaxMs, band.toMs()));
            svg.append("<rect class=\"fault\" x=\"")
                    .append(f(x1))
                    .append("\" y=\"")
                    .append(TOP)
                    .append("\" width=\"")
                    .append(f(Math.max(1, x2 - x1)))
                    .append("\" height=\"")
                    .append(plotHeight())
                    .append("\"><title>")
                    .append(Html.escape(band.label()))
                    .append("</title></rect>");
        }
        for (StateBand state : states) {
            double x1 = scale.x(Math.max(0, state.fromMs()));
            double x2 = scale.x(Math.min(xMaxMs, state.toMs()));
            svg.append("<rect class=\"")
                    .append(state.firing() ? "firing" : "pending")
                    .append("\" x=\"")
                    .append(f(x1))
                    .append("\" y=\"")
                    .append(TOP + plotHeight() - STATE_STRIP)
                    .append("\" width=\"")
                    .append(f(Math.max(1, x2 - x1)))
                    .append("\" height=\"")
                    .append(STATE_STRIP)
                    .append("\"><title>")
                    .append(Html.escape(state.label()))
                    .append("</title></rect>");
        }
        scale.yAxis(svg, unit);
        scale.xAxis(svg);
        for (Marker marker : markers) {
            double x = scale.x(marker.atMs());
            svg.append("<line class=\"")
                    .append(marker.strong() ? "phase" : "change")
                    .append("\" x1=\"")
                    .append(f(x))
                    .append("\" x2=\"")
                    .append(f(x))
                    .append("\" y1=\"")
                    .append(TOP)
                    .append("\" y2=\"")
                    .append(TOP + plotHeight())
                    .append("\"><title>")
                    .append(Html.escape(marker.label()))
                    .append("</title></line>");
            svg.append("<text class=\"marker\" x=\"")
                    .append(f(x + 3))
                    .append("\" y=\"")
                    .append(TOP + 11)
                    .append("\">")
                    .append(Html.escape(marker.label()))
                    .append("</text>");
        }
        for (Series s : series) {
            svg.append("<path fill=\"none\" stroke=\"")
                    .append(Html.escape(s.color()))
                    .append("\" stroke-width=\"1.6\"")
                    .append(s.dashed() ? " stroke-dasharray=\"5 3\"" : "")
                    .append(" d=\"")
                    .append(path(s, scale))
                    .append("\"><title>")
                    .append(Html.escape(s.name()))
                    .append("</title></path>");
        }
        for (Level level : levels) {
            double y = scale.y(level.y());
            svg.append("<line class=\"threshold\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(LEFT + plotWidth())
                    .append("\" y1=\"")
                    .append(f(y))
                    .append("\" y2=\"")
                    .append(f(y))
                    .append("\"><title>")
                    .append(Html.escape(level.label()))
                    .append("</title></line>");
            svg.append("<text class=\"threshold-label\" x=\"")
                    .append(LEFT + plotWidth() - 4)
                    .append("\" y=\"")
                    .append(f(y - 3))
                    .append("\" text-anchor=\"end\">")
                    .append(Html.escape(level.label()))
                    .append("</text>");
        }
        svg.append("</svg>");
        legend(svg);
        svg.append("</figure>");
        return svg.toString();
    }

    private void legend(StringBuilder out) {
        out.append("<div class=\"legend\">");
        for (Series s : series) {
            out.append("<span><i style=\"background:")
                    .append(Html.escape(s.color()))
                    .append("\"></i>")
                    .append(Html.escape(s.name()))
                    .append("</span>");
        }
        if (!bands.isEmpty()) {
            out.append("<span><i class=\"fault-swatch\"></i>fault active</span>");
        }
        if (states.stream().anyMatch(b -> !b.firing())) {
            out.append("<span><i class=\"pending-swatch\"></i>pending</span>");
        }
        if (states.stream().anyMatch(StateBand::firing)) {
            out.append("<span><i class=\"firing-swatch\"></i>firing</span>");
        }
        if (!levels.isEmpty()) {
            out.append("<span><i class=\"threshold-swatch\"></i>threshold</span>");
        }
        out.append("</div>");
    }

    private static String path(Series s, PlotScale scale) {
        StringBuilder d = new StringBuilder(s.xs().length * 14);
        boolean penDown = false;
        int n = Math.min(s.xs().length, s.ys().length);
        for (int i = 0; i < n; i++) {
            double v = s.ys()[i];
            if (Double.isNaN(v)) {
                penDown = false;
                continue;
            }
            d.append(penDown ? 'L' : 'M')
                    .append(f(scale.x(s.xs()[i])))
                    .append(',')
                    .append(f(scale.y(v)));
            penDown = true;
        }
        return d.toString();
    }

    private double maxY() {
        double max = 0;
        for (Series s : series) {
            for (double v : s.ys()) {
                if (!Double.isNaN(v) && v > max) {
                    max = v;
                }
            }
        }
        for (Level level : levels) {
            max = Math.max(max, level.y());
        }
        return max;
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
