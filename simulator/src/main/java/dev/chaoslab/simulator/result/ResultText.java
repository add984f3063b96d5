package dev.chaoslab.simulator.result;

import dev.chaoslab.simulator.scenario.Threshold;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How results read as text: numbers, clock offsets, instants and threshold names, shared by the report and CLI. */
public final class ResultText {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ResultText() {}

    /** A number with at most {@code decimals} decimals and no trailing zeros; "-" for null, NaN and infinities. */
    public static String num(Number value, int decimals) {
        if (value == null) {
            return "-";
        }
        double d = value.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "-";
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", d);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** A duration given in milliseconds as "1m 05s", "12.5 s" or "350 ms"; "-" for null. */
    public static String duration(Number ms) {
        if (ms == null) {
            return "-";
        }
        double v = ms.doubleValue();
        if (v < 1000) {
            return num(v, 1) + " ms";
        }
        if (v < 60_000) {
            return num(v / 1000, 1) + " s";
        }
        long s = Math.round(v / 1000);
        return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }

    /** An offset in milliseconds as "m:ss" (chart axes, tables). */
    public static String clock(double ms) {
        long s = Math.round(ms / 1000);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** An instant to the second in UTC, e.g. {@code 2026-12-06 14:24:42 UTC}; "-" for null. */
    public static String instant(Instant at) {
        return at == null ? "-" : INSTANT.format(at);
    }

    /** " ms" for latencies; nothing for ratios and counts (the number speaks for itself). */
    public static String unitSuffix(String unit) {
        return unit == null || unit.isEmpty() || unit.equals("ratio") ? "" : " " + unit;
    }

    /** A threshold's subject: {@code latency_p99 checkout (phase steady, service time)}. */
    public static String thresholdName(ThresholdCriterion t) {
        StringBuilder name = new StringBuilder(t.metric().key());
        if (t.request() != null) {
            name.append(' ').append(t.request());
        }
        String phase = t.phase();
        boolean serviceTime = t.measure() == Threshold.Measure.SERVICE;
        if (phase != null || serviceTime) {
            name.append(" (")
                    .append(phase != null ? "phase " + phase : "")
                    .append(phase != null && serviceTime ? ", " : "")
                    .append(serviceTime ? "service time" : "")
                    .append(')');
        }
        return name.toString();
    }
}
