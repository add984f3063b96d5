package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.RecordedCounter;
import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.RecordedCondition;
import dev.chaoslab.simulator.result.RecordedRule.RecordedSeries;
import dev.chaoslab.simulator.result.Recording;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The window of a recorded rule and the rule re-evaluated over another one. A rule's window is the one range of
 * the {@code rate()}/{@code increase()} calls its compared sides read, directly or through the recording rules
 * they name (one level of expansion; {@link WindowExpr} says which shapes it reads). A rule whose sides read
 * several ranges (a burn-rate pair), a shape outside that part of PromQL, or counters the run did not record, has
 * a fixed window, and {@link #fixed()} says why.
 */
public final class RuleWindows {

    private final RecordedRule rule;
    private final List<WindowExpr.Node> sides;
    private final long windowMs;
    private final long counterStepMs;
    private final String fixed;

    private RuleWindows(
            RecordedRule rule, List<WindowExpr.Node> sides, long windowMs, long counterStepMs, String fixed) {
        this.rule = rule;
        this.sides = sides;
        this.windowMs = windowMs;
        this.counterStepMs = counterStepMs;
        this.fixed = fixed;
    }

    /** The window of {@code rule} as {@code recording} holds it (its counters and recording rules). */
    public static RuleWindows of(Recording recording, RecordedRule rule) {
        try {
            if (recording.counters().isEmpty()) {
                throw new WindowFixedException("run " + recording.runId() + " recorded no counters (it was recorded "
                        + "before recordings held them, or Prometheus did not answer)");
            }
            List<WindowExpr.Node> sides = new ArrayList<>();
            Set<Long> ranges = new TreeSet<>();
            for (RecordedCondition c : rule.conditions()) {
                WindowExpr.Node n = WindowExpr.parse(c.left(), recording.recordingRules());
                sides.add(n);
                ranges.addAll(WindowExpr.ranges(n));
            }
            if (ranges.isEmpty()) {
                throw new WindowFixedException("its sides read no rate() or increase() of a counter");
            }
            if (ranges.size() > 1) {
                List<String> shown = ranges.stream().map(RuleYaml::duration).toList();
                throw new WindowFixedException("its sides read several windows (" + String.join(", ", shown)
                        + "); only a rule with one window is re-windowed");
            }
            long step = 0;
            for (RecordedCounter counter : recording.counters()) {
                for (RecordedSeries s : counter.series()) {
                    step = Math.max(step, s.stepMs());
                }
            }
            if (step == 0) {
                throw new WindowFixedException("run " + recording.runId() + " recorded no counter series");
            }
            WindowEval check =
                    new WindowEval(selector -> recording.counter(selector).orElse(null), 0, step, 1);
            sides.forEach(check::series);
            return new RuleWindows(rule, List.copyOf(sides), ranges.iterator().next(), step, null);
        } catch (WindowFixedException e) {
            return new RuleWindows(rule, List.of(), 0, 0, e.getMessage());
        }
    }

    /**
     * The replay of {@code rule} over {@code window}: as recorded where {@code window} is the rule's own
     * ({@code ownWindowMs}) or 0, else re-evaluated from the recording's counters.
     */
    public static RuleReplay replay(Recording recording, RecordedRule rule, long ownWindowMs, long window) {
        if (window == 0 || window == ownWindowMs) {
            return new RuleReplay(rule);
        }
        RuleWindows windows = of(recording, rule);
        if (windows.fixed() != null) {
            throw new UntunableRuleException("alert " + rule.alert() + " cannot be replayed over "
                    + RuleYaml.duration(window) + " on run " + recording.runId() + ": " + windows.fixed());
        }
        return new RuleReplay(windows.rewindowed(recording, window));
    }

    /** Why the window cannot be varied, or null when it can. */
    public String fixed() {
        return fixed;
    }

    /** The rule's one window, ms; 0 when {@link #fixed()}. */
    public long windowMs() {
        return windowMs;
    }

    /** The step the counters were recorded at; a window must be at least twice as long. */
    public long counterStepMs() {
        return counterStepMs;
    }

    /**
     * The rule with each compared side's series evaluated from the recorded counters over {@code window}, at the
     * rule's evaluation interval over the whole recording (NaN before a side has a value).
     */
    public RecordedRule rewindowed(Recording recording, long window) {
        if (fixed != null) {
            throw new IllegalStateException("the window of " + rule.alert() + " is fixed: " + fixed);
        }
        long step = rule.intervalMs();
        long start = Long.MAX_VALUE;
        for (RecordedCounter counter : recording.counters()) {
            for (RecordedSeries s : counter.series()) {
                start = Math.min(start, s.startMs());
            }
        }
        start = start == Long.MAX_VALUE ? 0 : start / step * step;
        int steps = (int) Math.max(1, (recording.observedUntilMs() - start) / step + 1);
        WindowEval eval = new WindowEval(selector -> recording.counter(selector).orElse(null), start, step, steps);
        List<RecordedCondition> conditions = new ArrayList<>();
        for (int c = 0; c < sides.size(); c++) {
            RecordedCondition was = rule.conditions().get(c);
            Map<Map<String, String>, double[]> series =
                    eval.series(WindowExpr.rewindow(sides.get(c), windowMs, window));
            List<RecordedSeries> out = new ArrayList<>();
            for (Map.Entry<Map<String, String>, double[]> s : series.entrySet()) {
                List<Double> values = new ArrayList<>(steps);
                for (double v : s.getValue()) {
                    values.add(Double.isNaN(v) ? null : v);
                }
                out.add(new RecordedSeries(s.getKey(), start, step, values));
            }
            conditions.add(new RecordedCondition(
                    was.left(), was.op(), was.right(), was.threshold(), was.group(), was.primary(), out));
        }
        return rule.with(rule.expr(), conditions);
    }
}
