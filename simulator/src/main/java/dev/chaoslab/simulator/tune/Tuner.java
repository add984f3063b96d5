package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.Recording;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Tunes one alert over recorded runs: replays every variant of {@link VariantGrid} on every recording, scores it
 * ({@link Scorer}), marks the Pareto front and recommends one ({@link Recommendation}).
 */
public final class Tuner {

    /** Default grace after a fault's end before firing counts as a false alarm (the shipped scenarios resolve within 3m). */
    public static final long DEFAULT_GRACE_MS = 180_000;

    private final Scorer scorer;
    private final List<Long> windowsMs;

    /** A tuner that tries the windows of {@link VariantGrid#WINDOW_MS} where a rule's window can vary. */
    public Tuner(long graceMs, Map<String, String> matchers) {
        this(graceMs, matchers, List.of());
    }

    /** @param windowsMs the windows to try where a rule's window can vary; empty for {@link VariantGrid#WINDOW_MS} */
    public Tuner(long graceMs, Map<String, String> matchers, List<Long> windowsMs) {
        this.scorer = new Scorer(graceMs, matchers);
        this.windowsMs = List.copyOf(windowsMs);
    }

    /**
     * One result per rule of {@code alert} (an alert may have several rules).
     *
     * @throws UntunableRuleException when there are no recordings, no recording has the alert, or its rule cannot be split
     */
    public List<TuneResult> tune(List<Recording> recordings, String alert) {
        if (recordings.isEmpty()) {
            throw new UntunableRuleException(
                    "no recordings to replay: run a scenario with alert expectations first "
                            + "(chaoslab run --local-prometheus or --prometheus URL); each run writes recording.json into its folder");
        }
        List<RecordedRule> rules = recordings.get(0).rules(alert);
        for (Recording r : recordings) {
            if (rules.isEmpty()) {
                rules = r.rules(alert);
            }
        }
        if (rules.isEmpty()) {
            TreeSet<String> known = new TreeSet<>();
            recordings.forEach(r -> r.rules().forEach(x -> known.add(x.alert())));
            throw new UntunableRuleException("no recording holds the alert rule " + alert + "; recorded alerts: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        List<TuneResult> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            out.add(tuneRule(recordings, alert, i, rules.get(i)));
        }
        return out;
    }

    private TuneResult tuneRule(List<Recording> recordings, String alert, int index, RecordedRule rule) {
        List<Recording> used = new ArrayList<>();
        List<RecordedRule> recorded = new ArrayList<>();
        for (Recording r : recordings) {
            List<RecordedRule> same = r.rules(alert);
            if (same.size() > index && same.get(index).expr().equals(rule.expr())) {
                used.add(r);
                recorded.add(same.get(index));
                new RuleReplay(same.get(index)); // refuses a rule it cannot split, with the reason
            }
        }
        RuleWindows windows = null;
        for (int i = 0; i < used.size() && (windows == null || windows.fixed() == null); i++) {
            windows = RuleWindows.of(used.get(i), recorded.get(i));
        }
        List<Long> tried = VariantGrid.windows(windows, windowsMs);
        Map<Long, List<RuleReplay>> replays = new LinkedHashMap<>();
        for (long w : tried) {
            List<RuleReplay> list = new ArrayList<>();
            for (int i = 0; i < used.size(); i++) {
                list.add(RuleWindows.replay(used.get(i), recorded.get(i), windows.windowMs(), w));
            }
            replays.put(w, list);
        }
        Variant current = replays.get(tried.get(0)).get(0).current(tried.get(0));
        boolean[] primary = new boolean[rule.conditions().size()];
        for (int c = 0; c < primary.length; c++) {
            primary[c] = rule.conditions().get(c).primary();
        }
        boolean[] moves = VariantGrid.moving(current.thresholds(), primary);
        List<TuneRow> rows = new ArrayList<>();
        for (Variant v : VariantGrid.of(current, moves, rule.intervalMs(), tried)) {
            rows.add(new TuneRow(v, score(used, replays.get(v.windowMs()), v), v.equals(current), false));
        }
        List<TuneRow> marked = new ArrayList<>();
        for (TuneRow row : rows) {
            boolean dominated = rows.stream().anyMatch(o -> o.score().dominates(row.score()));
            marked.add(row.onFront(!dominated));
        }
        TuneRow best = Recommendation.pick(marked, moves);
        String why = Recommendation.sentence(rule, marked.get(0), best, moves);
        String diff = RuleYaml.diff(rule, used.get(0).recordingRules(), current, best.variant());
        return new TuneResult(
                rule, used.stream().map(Recording::runId).toList(), marked, best, why, diff, windows.fixed());
    }

    /** The score of one variant over all recordings. */
    public Score score(List<Recording> recordings, List<RuleReplay> replays, Variant v) {
        List<Scorer.Tally> tallies = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            RuleReplay replay = replays.get(i);
            tallies.add(scorer.tally(recordings.get(i), replay, replay.replay(v)));
        }
        return Scorer.total(tallies);
    }
}
