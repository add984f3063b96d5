package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.MarginPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tuning help: for an alert rule, each threshold condition's value over the run next to its threshold,
 * the peak during the quiet part of the run and during the incident, and a plain sentence when the margin is
 * thin or the threshold was never crossed. Pure: the caller fetches the series (see {@link PrometheusAlertCheck}).
 *
 * <p>When several series match (e.g. one per service and the expectation names no service), the worst one
 * counts at each instant: the highest for a {@code >} rule, the lowest for a {@code <} rule.
 */
public final class Margins {

    /** At most this many [t, value] points per condition go into the report. */
    public static final int MAX_POINTS = 300;
    /** A baseline above this fraction of a {@code >} threshold is a thin margin. */
    static final double THIN_BASELINE = 0.8;
    /** An incident peak below this multiple of a {@code >} threshold is a thin margin. */
    static final double THIN_INCIDENT = 1.25;

    /**
     * The data of one condition. {@code threshold} is the constant threshold, or null when the threshold is a
     * series ({@code thresholdSeries}); then values are compared as the ratio value / threshold against 1.
     */
    public record ConditionData(
            RuleConditions.Condition condition, List<Series> values, Double threshold, List<Series> thresholdSeries) {}

    private Margins() {}

    /**
     * @param quiet    the quiet part of the run (before the first fault), or the window a silent expectation covers
     * @param incident the incident window (null for a silent expectation)
     * @param stepMs   the range query's step, to turn sample counts into durations
     */
    public static Margin of(
            AlertRule rule,
            List<ConditionData> data,
            Map<String, String> matchers,
            Window quiet,
            Window incident,
            long runStartMs,
            long stepMs) {
        List<Margin> conditions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean attention = false;
        for (ConditionData d : data) {
            Margin c = condition(d, matchers, quiet, incident, runStartMs, stepMs, data.size() > 1, rule.forDuration());
            notes.add(c.note());
            attention |= c.needsAttention();
            conditions.add(c);
        }
        if (conditions.isEmpty()) {
            return Margin.noted(
                    rule.name(),
                    rule.expr(),
                    null,
                    "The rule `" + rule.expr() + "` has no threshold comparison to show a margin for.");
        }
        return conditions
                .get(0)
                .forRule(
                        rule.name(),
                        rule.forDuration().toMillis(),
                        String.join(" ", notes),
                        attention,
                        conditions.size() > 1 ? conditions : null);
    }

    private static Margin condition(
            ConditionData d,
            Map<String, String> matchers,
            Window quiet,
            Window incident,
            long runStartMs,
            long stepMs,
            boolean several,
            Duration forDuration) {
        RuleConditions.Condition c = d.condition();
        boolean relative = d.threshold() == null;
        double threshold = relative ? 1.0 : d.threshold();
        TreeMap<Long, Double> worst = worstPerInstant(c, d, threshold, matchers, runStartMs);
        String subject =
                (several ? "`" + c.left() + "`" : c.left().length() <= 70 ? "`" + c.left() + "`" : "the rule's value")
                        + (relative ? " relative to its threshold" : "");
        Double shownThreshold = relative ? null : threshold;
        Boolean relativeFlag = relative ? Boolean.TRUE : null;
        if (worst.isEmpty()) {
            String note = subject + " returned no data" + (matchers.isEmpty() ? "" : " for " + new TreeMap<>(matchers))
                    + " during the run: the rule cannot fire on it (check metric names and labels).";
            return new Margin(
                    null,
                    null,
                    c.left(),
                    c.op(),
                    shownThreshold,
                    c.right(),
                    !c.primary(),
                    relativeFlag,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    note,
                    true,
                    null,
                    null,
                    null);
        }
        Peak q = Peak.over(worst, quiet);
        Peak i = Peak.over(worst, incident);
        Window crossingWindow = incident != null ? incident : quiet;
        long longest = longestCrossing(worst, c, threshold, crossingWindow, stepMs);
        Note note = sentence(subject, c, threshold, q, i, quiet, incident, longest, forDuration);
        return new Margin(
                null,
                null,
                c.left(),
                c.op(),
                shownThreshold,
                c.right(),
                !c.primary(),
                relativeFlag,
                q.max,
                i.max,
                c.firesBelow() ? q.min : null,
                c.firesBelow() ? i.min : null,
                longest,
                downsample(worst, c),
                note.text(),
                note.attention(),
                null,
                null,
                null);
    }

    private static TreeMap<Long, Double> worstPerInstant(
            RuleConditions.Condition c,
            ConditionData d,
            double threshold,
            Map<String, String> matchers,
            long runStartMs) {
        TreeMap<Long, Double> worst = new TreeMap<>();
        List<Series> thresholdSeries = d.thresholdSeries() == null ? List.of() : d.thresholdSeries();
        for (Series s : d.values()) {
            if (!s.agreesWith(matchers)) {
                continue;
            }
            Map<Long, Double> divisor = d.threshold() == null ? thresholdFor(s, thresholdSeries) : null;
            for (Sample sample : s.samples()) {
                double v = sample.value();
                if (divisor != null) {
                    Double t = divisor.get(sample.timeMs());
                    v = t == null || t == 0 ? Double.NaN : v / t;
                }
                if (Double.isNaN(v)) {
                    continue;
                }
                long t = sample.timeMs() - runStartMs;
                double value = v;
                worst.merge(t, value, (a, b) -> worse(c, threshold, a, b));
            }
        }
        return worst;
    }

    /** Of two values at one instant, the one nearer to firing: higher for {@code >}, lower for {@code <}, for {@code ==} the closer one. */
    private static double worse(RuleConditions.Condition c, double threshold, double a, double b) {
        return switch (c.op()) {
            case "<", "<=" -> Math.min(a, b);
            case "==" -> Math.abs(a - threshold) <= Math.abs(b - threshold) ? a : b;
            case "!=" -> Math.abs(a - threshold) >= Math.abs(b - threshold) ? a : b;
            default -> Math.max(a, b);
        };
    }

    /** The threshold series compared with {@code s}: the one with the same labels, else the only one. */
    private static Map<Long, Double> thresholdFor(Series s, List<Series> thresholds) {
        Series match = thresholds.stream()
                .filter(t -> t.labels().equals(s.labels()))
                .findFirst()
                .orElse(thresholds.size() == 1 ? thresholds.get(0) : null);
        Map<Long, Double> byTime = new TreeMap<>();
        if (match != null) {
            match.samples().forEach(x -> byTime.put(x.timeMs(), x.value()));
        }
        return byTime;
    }

    private record Peak(Double max, Double min) {
        static Peak over(TreeMap<Long, Double> worst, Window w) {
            if (w == null) {
                return new Peak(null, null);
            }
            Double max = null;
            Double min = null;
            for (Map.Entry<Long, Double> e :
                    worst.subMap(w.startMs(), true, w.endMs(), false).entrySet()) {
                max = max == null ? e.getValue() : Math.max(max, e.getValue());
                min = min == null ? e.getValue() : Math.min(min, e.getValue());
            }
            return new Peak(max, min);
        }
    }

    private static long longestCrossing(
            TreeMap<Long, Double> worst, RuleConditions.Condition c, double threshold, Window w, long stepMs) {
        if (w == null) {
            return 0;
        }
        // samples come every step, unless the expression had no value; a gap wider than that breaks a crossing
        long spacing = Math.max(stepMs, minimumGap(worst));
        long longest = 0;
        Long runStart = null;
        Long previous = null;
        for (Map.Entry<Long, Double> e :
                worst.subMap(w.startMs(), true, w.endMs(), false).entrySet()) {
            boolean holds = c.holds(e.getValue(), threshold);
            boolean contiguous = previous != null && e.getKey() - previous <= spacing * 3 / 2;
            if (holds) {
                if (runStart == null || !contiguous) {
                    runStart = e.getKey();
                }
                longest = Math.max(longest, e.getKey() - runStart + spacing);
            } else {
                runStart = null;
            }
            previous = e.getKey();
        }
        return longest;
    }

    private static long minimumGap(TreeMap<Long, Double> worst) {
        long min = Long.MAX_VALUE;
        Long previous = null;
        for (Long t : worst.keySet()) {
            if (previous != null) {
                min = Math.min(min, t - previous);
            }
            previous = t;
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    /** A margin sentence, and whether it needs attention (thin margin, never crossed, no data). */
    private record Note(String text, boolean attention) {}

    private static Note sentence(
            String subject,
            RuleConditions.Condition c,
            double threshold,
            Peak quiet,
            Peak incident,
            Window quietWindow,
            Window incidentWindow,
            long longestCrossingMs,
            Duration forDuration) {
        if (c.op().equals("==") || c.op().equals("!=")) {
            return equality(subject, c, threshold, quiet, incident, quietWindow, incidentWindow);
        }
        String t = fmt(threshold);
        boolean above = !c.firesBelow();
        StringBuilder s = new StringBuilder(capitalised(subject));
        boolean attention = false;
        if (incidentWindow != null) {
            Double peak = above ? incident.max : incident.min;
            String during = " during " + incidentWindow.name();
            if (peak == null) {
                s.append(" has no data").append(during);
                attention = true;
            } else if (longestCrossingMs == 0) {
                s.append(above ? " peaked at " : " fell only to ")
                        .append(fmt(peak))
                        .append(during)
                        .append("; threshold ")
                        .append(t)
                        .append(" was never crossed");
                if (above && peak > 0 && threshold > 0) {
                    s.append(" (it needed ").append(fmt(threshold / peak)).append("× more)");
                }
                attention = true;
            } else if (c.primary() && forDuration != null && longestCrossingMs < forDuration.toMillis()) {
                s.append(" crossed ")
                        .append(t)
                        .append(" (")
                        .append(above ? "peak " : "low ")
                        .append(fmt(peak))
                        .append(")")
                        .append(during)
                        .append(" for at most ")
                        .append(VerdictRules.human(longestCrossingMs))
                        .append(" at a time, shorter than the rule's for: ")
                        .append(VerdictRules.human(forDuration.toMillis()));
                attention = true;
            } else if (c.primary() && above && threshold > 0 && peak < THIN_INCIDENT * threshold) {
                s.append(" peaked at ")
                        .append(fmt(peak))
                        .append(during)
                        .append(", only ")
                        .append(fmt(peak / threshold))
                        .append("× the threshold ")
                        .append(t)
                        .append(": thin margin, a slightly milder incident would not fire");
                attention = true;
            } else {
                s.append(above ? " peaked at " : " fell to ")
                        .append(fmt(peak))
                        .append(during)
                        .append(" (threshold ")
                        .append(t);
                if (above && threshold > 0) {
                    s.append(", ").append(fmt(peak / threshold)).append("×");
                }
                s.append(")");
            }
        }
        Double quietPeak = quietWindow == null ? null : above ? quiet.max : quiet.min;
        String then = incidentWindow != null ? "; it " : " ";
        if (quietWindow != null && quietPeak == null && incidentWindow == null) {
            s.append(" has no data during ").append(quietWindow.name());
            attention = true;
        } else if (quietPeak != null && c.primary()) {
            // only the value the alert reports speaks for the baseline: a filter such as "request rate > 0.5" is meant
            // to hold there
            String during = " during " + quietWindow.name();
            if (c.holds(quietPeak, threshold)) {
                s.append(then)
                        .append("crossed the threshold ")
                        .append(t)
                        .append(during)
                        .append(above ? " (peak " : " (low ")
                        .append(fmt(quietPeak))
                        .append(")");
                attention = true;
            } else if (above && threshold > 0 && quietPeak >= THIN_BASELINE * threshold) {
                s.append(then)
                        .append("reached ")
                        .append(fmt(quietPeak))
                        .append(during)
                        .append(", ")
                        .append(pct(quietPeak / threshold))
                        .append(" of the threshold ")
                        .append(t)
                        .append(": thin margin, noise may fire this alert");
                attention = true;
            } else if (above) {
                s.append(then)
                        .append("peaked at ")
                        .append(fmt(quietPeak))
                        .append(during)
                        .append(
                                threshold > 0
                                        ? " (" + pct(quietPeak / threshold) + " of " + t + ")"
                                        : " (threshold " + t + ")");
            } else {
                s.append(then)
                        .append("stayed at or above ")
                        .append(fmt(quietPeak))
                        .append(during)
                        .append(" (threshold ")
                        .append(t)
                        .append(")");
            }
        } else if (quietPeak != null && incidentWindow == null) {
            s.append(above ? " peaked at " : " fell to ")
                    .append(fmt(quietPeak))
                    .append(" during ")
                    .append(quietWindow.name())
                    .append(" (threshold ")
                    .append(t)
                    .append("; a filter of the rule, expected to hold)");
        }
        return new Note(s.append('.').toString(), attention);
    }

    /** {@code up == 0} and the like: no margin to speak of, only whether the value ever matched. */
    private static Note equality(
            String subject,
            RuleConditions.Condition c,
            double threshold,
            Peak quiet,
            Peak incident,
            Window quietWindow,
            Window incidentWindow) {
        Window w = incidentWindow != null ? incidentWindow : quietWindow;
        Peak p = incidentWindow != null ? incident : quiet;
        if (w == null || p.min == null) {
            return new Note(
                    capitalised(subject) + " has no data" + (w == null ? "" : " during " + w.name()) + ".", true);
        }
        boolean matched = c.op().equals("==")
                ? p.min <= threshold && p.max >= threshold
                : p.min != threshold || p.max != threshold;
        String range = p.min.equals(p.max) ? "was " + fmt(p.min) : "ranged from " + fmt(p.min) + " to " + fmt(p.max);
        return new Note(
                capitalised(subject) + " " + range + " during " + w.name() + " (the rule fires when it is " + c.op()
                        + " " + fmt(threshold) + ")" + (matched ? ", and it matched." : "."),
                incidentWindow == null && matched);
    }

    private static String capitalised(String s) {
        return s.isEmpty() || s.startsWith("`") ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static List<MarginPoint> downsample(TreeMap<Long, Double> worst, RuleConditions.Condition c) {
        List<MarginPoint> out = new ArrayList<>();
        List<Map.Entry<Long, Double>> entries = new ArrayList<>(worst.entrySet());
        int bucket = Math.max(1, (entries.size() + MAX_POINTS - 1) / MAX_POINTS);
        for (int i = 0; i < entries.size(); i += bucket) {
            Map.Entry<Long, Double> pick = entries.get(i);
            for (int j = i + 1; j < Math.min(entries.size(), i + bucket); j++) {
                Map.Entry<Long, Double> e = entries.get(j);
                // keep the bucket's worst value so a short spike survives downsampling
                if (c.firesBelow() ? e.getValue() < pick.getValue() : e.getValue() > pick.getValue()) {
                    pick = e;
                }
            }
            out.add(new MarginPoint(pick.getKey(), pick.getValue()));
        }
        return out;
    }

    static String fmt(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String pct(double ratio) {
        return Math.round(ratio * 100) + " %";
    }
}
