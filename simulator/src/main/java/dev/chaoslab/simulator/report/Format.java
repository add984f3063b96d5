package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.ResultText;
import dev.chaoslab.simulator.result.ThresholdCriterion;
import java.time.Instant;
import java.util.Locale;

/** Number, duration and time formatting shared by the HTML report and the command line's tables. */
public final class Format {

    private Format() {}

    /** A number with at most {@code decimals} decimals and no trailing zeros; "-" for null. */
    public static String num(Number value, int decimals) {
        return ResultText.num(value, decimals);
    }

    /** A duration given in milliseconds as "1m 05s", "12.5s" or "350 ms"; "-" for null. */
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

    /** An offset in milliseconds as "m:ss" for chart axes. */
    public static String clock(double ms) {
        return ResultText.clock(ms);
    }

    /** An instant to the second in UTC, e.g. {@code 2026-12-06 14:24:42 UTC}; "-" for null. */
    public static String instant(Instant at) {
        return ResultText.instant(at);
    }

    /** " ms" for latencies; nothing for ratios and counts (the number speaks for itself). */
    public static String unitSuffix(String unit) {
        return ResultText.unitSuffix(unit);
    }

    /** A threshold's subject: {@code latency_p99 checkout (phase steady, service time)}. */
    public static String thresholdName(ThresholdCriterion threshold) {
        return ResultText.thresholdName(threshold);
    }
}
