package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.MarginPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tuning help: for an alert rule, each threshold condition's value over the run next to its threshold,
 * the peak during the quiet part of the run and during the incident, and a plain sentence when the margin is
 * thin or the threshold was never crossed ({@link MarginNotes}). Pure: the caller fetches the series (see
 * {@link MarginQueries}).
 *
 * <p>When several series match (e.g. one per service and the expectation names no service), the worst one
 * counts at each instant: the highest for a {@code >} rule, the lowest for a {@code <} rule.
 */
public final class Margins {

    /** At most this many [t, value] points per condition go into the report. */
    public static final int MAX_POINTS = 300;

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
        MarginNotes.Note note =
                MarginNotes.sentence(subject, c, threshold, q, i, quiet, incident, longest, forDuration);
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

    /** The highest and lowest value within a window; nulls when it has no value there. */
    record Peak(Double max, Double min) {
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
}
