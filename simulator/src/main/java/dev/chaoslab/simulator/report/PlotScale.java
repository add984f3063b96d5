package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.ResultText;

/**
 * Where a chart's values land: the plot area inside the SVG's fixed size, the time axis from 0 to {@code xMaxMs}, the
 * value axis from 0 (or {@link #LOG_FLOOR} when logarithmic) to {@code yMax}, and the two axes' ticks and labels.
 *
 * @param xMaxMs   the end of the time axis, ms from the run start
 * @param yMax     the top of the value axis
 * @param logScale powers of ten on the value axis
 */
record PlotScale(double xMaxMs, double yMax, boolean logScale) {
    static final int WIDTH = 960;
    static final int HEIGHT = 260;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 34;
    /** The bottom of a logarithmic axis; smaller values are drawn on it. */
    static final double LOG_FLOOR = 0.1;

    /**
     * The scale for values up to {@code maxY}: a logarithmic axis to the next power of ten (at least 10), a linear one
     * to a round ceiling no higher than {@code yCap}.
     */
    static PlotScale of(double xMaxMs, double maxY, double yCap, boolean logScale) {
        double yMax =
                logScale ? Math.pow(10, Math.ceil(Math.log10(Math.max(maxY, 10)))) : Math.min(niceCeiling(maxY), yCap);
        return new PlotScale(xMaxMs, yMax, logScale);
    }

    void yAxis(StringBuilder svg, String unit) {
        int ticks = logScale ? (int) Math.round(Math.log10(yMax / LOG_FLOOR)) : 4;
        for (int i = 0; i <= ticks; i++) {
            double v = logScale ? LOG_FLOOR * Math.pow(10, i) : yMax * i / ticks;
            double y = y(v);
            svg.append("<line class=\"grid\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(LEFT + plotWidth())
                    .append("\" y1=\"")
                    .append(SvgChart.f(y))
                    .append("\" y2=\"")
                    .append(SvgChart.f(y))
                    .append("\"/>");
            svg.append("<text class=\"axis\" x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(SvgChart.f(y + 4))
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

    void xAxis(StringBuilder svg) {
        double step = niceStep(xMaxMs / 8);
        for (double t = 0; t <= xMaxMs + 1e-6; t += step) {
            double x = x(t);
            svg.append("<text class=\"axis\" x=\"")
                    .append(SvgChart.f(x))
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

    double x(double ms) {
        return LEFT + plotWidth() * Math.max(0, Math.min(ms, xMaxMs)) / xMaxMs;
    }

    double y(double v) {
        double fraction;
        if (logScale) {
            double clamped = Math.max(LOG_FLOOR, Math.min(v, yMax));
            fraction = Math.log10(clamped / LOG_FLOOR) / Math.log10(yMax / LOG_FLOOR);
        } else {
            fraction = Math.max(0, Math.min(v, yMax)) / yMax;
        }
        return TOP + plotHeight() - plotHeight() * fraction;
    }

    static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    static int plotHeight() {
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
}
