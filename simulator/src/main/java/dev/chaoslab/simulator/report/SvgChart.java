package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.ResultText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart over the run's time axis, rendered server-side as inline SVG so that the report page needs
 * no script, stylesheet or font from anywhere. X values are milliseconds from the run start; a NaN y value
 * leaves a gap (a second without completed requests has no percentile).
 */
final class SvgChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 34;
    /** The bottom of a logarithmic axis; smaller values are drawn on it. */
    private static final double LOG_FLOOR = 0.1;

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
        double yMax = logScale
                ? Math.pow(10, Math.ceil(Math.log10(Math.max(maxY(), 10))))
                : Math.min(niceCeiling(maxY()), yCap);
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
            double x1 = x(Math.max(0, band.fromMs()));
            double x2 = x(Math.min(xMaxMs, band.toMs()));
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
            double x1 = x(Math.max(0, state.fromMs()));
            double x2 = x(Math.min(xMaxMs, state.toMs()));
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
        yAxis(svg, yMax);
        xAxis(svg);
        for (Marker marker : markers) {
            double x = x(marker.atMs());
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
                    .append(path(s, yMax))
                    .append("\"><title>")
                    .append(Html.escape(s.name()))
                    .append("</title></path>");
        }
        for (Level level : levels) {
            double y = y(level.y(), yMax);
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

    private void yAxis(StringBuilder svg, double yMax) {
        int ticks = logScale ? (int) Math.round(Math.log10(yMax / LOG_FLOOR)) : 4;
        for (int i = 0; i <= ticks; i++) {
            double v = logScale ? LOG_FLOOR * Math.pow(10, i) : yMax * i / ticks;
            double y = y(v, yMax);
            svg.append("<line class=\"grid\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(LEFT + plotWidth())
                    .append("\" y1=\"")
                    .append(f(y))
                    .append("\" y2=\"")
                    .append(f(y))
                    .append("\"/>");
            svg.append("<text class=\"axis\" x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(f(y + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(Html.escape(ResultText.num(v, v < 10 ? 2 : 0)))
                    .append("</text>");
        }
        svg.append("<text class=\"axis\" x=\"12\" y=\"")
                .append(TOP + plotHeight() / 2)
                .append("\" transform=\"rotate(-90 12 ")
                .append(TOP + plotHeight() / 2)
                .append(")\" text-anchor=\"middle\">")
                .append(Html.escape(unit))
                .append("</text>");
    }

    private void xAxis(StringBuilder svg) {
        double step = niceStep(xMaxMs / 8);
        for (double t = 0; t <= xMaxMs + 1e-6; t += step) {
            double x = x(t);
            svg.append("<text class=\"axis\" x=\"")
                    .append(f(x))
                    .append("\" y=\"")
                    .append(HEIGHT - BOTTOM + 16)
                    .append("\" text-anchor=\"middle\">")
                    .append(ResultText.clock(t))
                    .append("</text>");
        }
        svg.append("<text class=\"axis\" x=\"")
                .append(LEFT + plotWidth())
                .append("\" y=\"")
                .append(HEIGHT - 4)
                .append("\" text-anchor=\"end\">time since start (m:ss)</text>");
    }

    private String path(Series s, double yMax) {
        StringBuilder d = new StringBuilder(s.xs().length * 14);
        boolean penDown = false;
        int n = Math.min(s.xs().length, s.ys().length);
        for (int i = 0; i < n; i++) {
            double v = s.ys()[i];
            if (Double.isNaN(v)) {
                penDown = false;
                continue;
            }
            d.append(penDown ? 'L' : 'M').append(f(x(s.xs()[i]))).append(',').append(f(y(v, yMax)));
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

    private double x(double ms) {
        return LEFT + plotWidth() * Math.max(0, Math.min(ms, xMaxMs)) / xMaxMs;
    }

    private double y(double v, double yMax) {
        double fraction;
        if (logScale) {
            double clamped = Math.max(LOG_FLOOR, Math.min(v, yMax));
            fraction = Math.log10(clamped / LOG_FLOOR) / Math.log10(yMax / LOG_FLOOR);
        } else {
            fraction = Math.max(0, Math.min(v, yMax)) / yMax;
        }
        return TOP + plotHeight() - plotHeight() * fraction;
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    /** Rounds up to a round multiple of a power of ten, so the axis ticks are readable. */
    static double niceCeiling(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max * 1.05)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * magnitude >= max * 1.05) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** A tick step for time axes: 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10 … min. */
    private static double niceStep(double roughMs) {
        double[] steps = {
            1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000
        };
        for (double step : steps) {
            if (step >= roughMs) {
                return step;
            }
        }
        return Math.ceil(roughMs / 3_600_000) * 3_600_000;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
