package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.LiveEpisode;
import dev.chaoslab.simulator.result.RecordedRule.RecordedCondition;
import dev.chaoslab.simulator.result.RecordedRule.RecordedSeries;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Records what a run's verdicts rest on, for {@code tune}: for each checked alerting rule, the left side of each
 * comparison of its expression ({@link RuleConditions}) from {@code query_range} at the rule group's evaluation
 * interval over the whole observed run, the constant thresholds, and the alert's live episodes: from Prometheus'
 * own {@code ALERTS} samples, exact to the evaluation ({@link LiveTransitions}), or as polled during the run where
 * Prometheus has no {@code ALERTS} samples of the alert (e.g. it was restarted).
 *
 * Beside them, the raw counters under the rules' {@code rate()} selectors ({@link CounterRecorder}), at the
 * smallest step of the checked rules.
 *
 * <p>Bounded: at most {@link #MAX_POINTS} points per series (the step grows in whole evaluation intervals beyond
 * that) and {@link #MAX_SERIES} series per comparison.
 */
final class RuleRecorder {

    /** Points per series at most (Prometheus answers at most 11 000 per query). */
    static final int MAX_POINTS = 10_000;
    /** Series per comparison at most (one per service for the shipped rules). */
    static final int MAX_SERIES = 50;

    private static final Pattern UNLESS = Pattern.compile("(?i)\\bunless\\b");

    private final PrometheusClient prometheus;

    RuleRecorder(PrometheusClient prometheus) {
        this.prometheus = prometheus;
    }

    Future<Recording> record(
            String scenario,
            RunTimeline timeline,
            long observedUntilMs,
            List<AlertRule> rules,
            List<AlertHistory.Instance> instances) {
        List<Future<RecordedRule>> recorded = new ArrayList<>();
        long counterStep = Long.MAX_VALUE;
        for (AlertRule rule : rules) {
            recorded.add(rule(rule, timeline.startedAt(), observedUntilMs, instances));
            counterStep = Math.min(counterStep, step(rule, observedUntilMs));
        }
        Future<CounterRecorder.Counters> counters = rules.isEmpty()
                ? Future.succeededFuture(new CounterRecorder.Counters(Map.of(), List.of()))
                : new CounterRecorder(prometheus)
                        .record(
                                rules.stream().map(AlertRule::expr).toList(),
                                timeline.startedAt(),
                                timeline.startedAt().plusMillis(observedUntilMs),
                                counterStep);
        return Future.all(Future.all(recorded), counters).map(both -> {
            CounterRecorder.Counters c = both.resultAt(1);
            return new Recording(
                    timeline.runId(),
                    scenario,
                    timeline.startedAt(),
                    timeline.endMs(),
                    observedUntilMs,
                    timeline.phases(),
                    timeline.faults(),
                    both.<CompositeFuture>resultAt(0).list(),
                    c.recordingRules(),
                    c.counters());
        });
    }

    /** The recording step of {@code rule}: its evaluation interval, in whole intervals beyond {@link #MAX_POINTS}. */
    private static long step(AlertRule rule, long observedUntilMs) {
        long interval = Math.max(1000, rule.evaluationInterval().toMillis());
        long points = Math.max(1, observedUntilMs / interval + 1);
        return interval * ((points + MAX_POINTS - 1) / MAX_POINTS);
    }

    private Future<RecordedRule> rule(
            AlertRule rule, Instant runStart, long observedUntilMs, List<AlertHistory.Instance> instances) {
        long interval = Math.max(1000, rule.evaluationInterval().toMillis());
        long step = step(rule, observedUntilMs);
        Instant end = runStart.plusMillis(observedUntilMs);
        List<LiveEpisode> polled = live(rule.name(), runStart, instances);
        Future<List<LiveEpisode>> live = prometheus
                .query(LiveTransitions.query(rule.name(), observedUntilMs + 2 * interval), end)
                .map(alerts -> LiveTransitions.of(alerts, runStart.toEpochMilli(), observedUntilMs, interval))
                .map(fromAlerts -> fromAlerts.isEmpty() ? polled : fromAlerts)
                .recover(failure -> Future.succeededFuture(polled));
        List<RuleConditions.Condition> conditions = RuleConditions.of(rule.expr());
        String unsplit = UNLESS.matcher(rule.expr()).find()
                ? "its expression has an `unless` side, which the replay does not evaluate"
                : null;
        List<Future<RecordedCondition>> futures = new ArrayList<>();
        for (RuleConditions.Condition c : conditions) {
            futures.add(ConditionRange.fetch(prometheus, c, runStart, end, Duration.ofMillis(step))
                    .map(range -> {
                        List<Series> series = range.left();
                        Double t = range.constant();
                        return new RecordedCondition(
                                c.left(),
                                c.op(),
                                c.right(),
                                t == null ? Double.NaN : t,
                                c.group(),
                                c.primary(),
                                series.stream()
                                        .limit(MAX_SERIES)
                                        .map(s -> recorded(s, runStart, step))
                                        .toList());
                    }));
        }
        return Future.all(Future.all(futures), live).map(both -> {
            List<RecordedCondition> recorded = both.<CompositeFuture>resultAt(0).list();
            String why = unsplit;
            for (RecordedCondition c : recorded) {
                if (why == null && Double.isNaN(c.threshold())) {
                    why = "the threshold `" + c.right() + "` of `" + c.left() + "` is a series, not a constant";
                }
            }
            return new RecordedRule(
                    rule.name(),
                    rule.group(),
                    rule.file(),
                    rule.expr(),
                    rule.forDuration().toMillis(),
                    0,
                    step,
                    rule.labels(),
                    why == null
                            ? recorded
                            : recorded.stream()
                                    .map(c -> new RecordedCondition(
                                            c.left(),
                                            c.op(),
                                            c.right(),
                                            Double.isNaN(c.threshold()) ? 0 : c.threshold(),
                                            c.group(),
                                            c.primary(),
                                            c.series()))
                                    .toList(),
                    why,
                    both.<List<LiveEpisode>>resultAt(1));
        });
    }

    /** {@code s} on a grid of {@code step} from its first sample, ms from {@code runStart}; null where it had no value. */
    static RecordedSeries recorded(Series s, Instant runStart, long step) {
        List<Sample> samples = s.samples();
        if (samples.isEmpty()) {
            return new RecordedSeries(s.labels(), 0, step, List.of());
        }
        long first = samples.get(0).timeMs() - runStart.toEpochMilli();
        long last = samples.get(samples.size() - 1).timeMs() - runStart.toEpochMilli();
        int n = (int) ((last - first) / step) + 1;
        List<Double> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(null);
        }
        for (Sample x : samples) {
            int k = (int) Math.round((x.timeMs() - runStart.toEpochMilli() - first) / (double) step);
            if (k >= 0 && k < n && !Double.isNaN(x.value())) {
                values.set(k, x.value());
            }
        }
        return new RecordedSeries(s.labels(), first, step, values);
    }

    private static List<LiveEpisode> live(String alert, Instant runStart, List<AlertHistory.Instance> instances) {
        List<LiveEpisode> out = new ArrayList<>();
        for (AlertHistory.Instance i : instances) {
            if (!i.name().equals(alert)) {
                continue;
            }
            for (AlertHistory.Episode e : i.episodes()) {
                out.add(new LiveEpisode(
                        i.labels(),
                        offset(e.pendingAt(), runStart),
                        offset(e.firingAt(), runStart),
                        offset(e.resolvedAt(), runStart)));
            }
        }
        return out;
    }

    private static Long offset(Instant at, Instant runStart) {
        return at == null ? null : Duration.between(runStart, at).toMillis();
    }
}
