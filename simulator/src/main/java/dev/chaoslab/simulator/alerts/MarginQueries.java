package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Adds to each verdict the margin of the rules its expectation involves: fetches each threshold condition's
 * series from {@code query_range} over the observed run and hands them to {@link Margins} to measure.
 */
final class MarginQueries {

    /** At most this many points per range query (Prometheus refuses more than 11 000). */
    static final int RANGE_POINTS = 600;

    private final PrometheusClient prometheus;
    private final Function<String, List<AlertRule>> rulesFor;

    /** @param rulesFor the alerting rules Prometheus has under an alert name (empty when none) */
    MarginQueries(PrometheusClient prometheus, Function<String, List<AlertRule>> rulesFor) {
        this.prometheus = prometheus;
        this.rulesFor = rulesFor;
    }

    /**
     * The verdicts, in their order, each with its margin (and the margin's sentence in the detail where it needs
     * attention); a rule whose series cannot be fetched gets a margin that says why.
     */
    Future<List<Verdict>> attach(
            List<Expectation> expectations,
            List<Verdict> verdicts,
            Instant runStart,
            long observedUntilMs,
            List<Window> windows,
            Collection<Window> faults,
            long runEndMs) {
        Instant end = runStart.plusMillis(Math.max(observedUntilMs, 1000));
        long stepMs = Math.max(1000, ((observedUntilMs / RANGE_POINTS) + 999) / 1000 * 1000);
        Map<String, Future<List<Margins.ConditionData>>> byRule = new HashMap<>();
        List<Future<Margin>> margins = new ArrayList<>();
        long firstFault = faults.stream().mapToLong(Window::startMs).min().orElse(runEndMs);
        for (int i = 0; i < verdicts.size(); i++) {
            Expectation e = expectations.get(i);
            Window ref = windows.get(i);
            Window quiet;
            Window incident;
            if (e.kind() == Expectation.Kind.SILENT || e.kind() == Expectation.Kind.NOT_NOTIFIED) {
                quiet = ref;
                incident = null;
            } else {
                long quietEnd = Math.min(firstFault, ref.startMs());
                quiet = quietEnd > 0 ? new Window("the baseline before the first fault", 0, quietEnd) : null;
                long incidentEnd = Math.min(
                        observedUntilMs,
                        Math.max(ref.endMs(), ref.startMs() + e.within().toMillis()));
                incident = new Window(ref.name(), ref.startMs(), Math.max(incidentEnd, ref.startMs()));
            }
            List<AlertRule> rules = rulesFor.apply(e.alert()).stream()
                    .filter(r -> r.agreesWith(e.labels()))
                    .toList();
            if (rules.isEmpty()) {
                margins.add(Future.succeededFuture(null));
                continue;
            }
            List<Future<Margin>> perRule = new ArrayList<>();
            for (AlertRule rule : rules) {
                String key = rule.group() + "/" + rule.name() + "/" + rule.expr();
                Future<List<Margins.ConditionData>> data =
                        byRule.computeIfAbsent(key, k -> conditionData(rule, runStart, end, stepMs));
                perRule.add(data.map(
                                d -> Margins.of(rule, d, e.labels(), quiet, incident, runStart.toEpochMilli(), stepMs))
                        .recover(failure -> Future.succeededFuture(Margin.noted(
                                rule.name(),
                                rule.expr(),
                                failure.getMessage(),
                                "The margin could not be computed: " + failure.getMessage()))));
            }
            margins.add(Future.all(perRule).map(all -> {
                List<Margin> list = all.list();
                Margin first = list.get(0);
                return list.size() > 1 ? first.withOtherRules(list.subList(1, list.size())) : first;
            }));
        }
        return Future.all(margins).map(all -> {
            List<Verdict> out = new ArrayList<>();
            for (int i = 0; i < verdicts.size(); i++) {
                Verdict v = verdicts.get(i).withMargin(all.resultAt(i));
                Margin margin = v.margin();
                // the margin's plain sentence goes into the detail where it matters: a failure, a thin margin, a rule
                // that never crossed its threshold; so the CLI summary and the HTML report show it too
                if (margin != null && margin.note() != null && (!v.passed() || margin.needsAttention())) {
                    v = v.withDetail(v.detail() + " Margin: " + margin.note());
                }
                out.add(v);
            }
            return out;
        });
    }

    private Future<List<Margins.ConditionData>> conditionData(AlertRule rule, Instant start, Instant end, long stepMs) {
        List<Future<Margins.ConditionData>> futures = new ArrayList<>();
        for (RuleConditions.Condition c : RuleConditions.of(rule.expr())) {
            futures.add(ConditionRange.fetch(prometheus, c, start, end, Duration.ofMillis(stepMs))
                    .map(r -> new Margins.ConditionData(
                            c, r.left(), r.constant(), r.constant() == null ? r.thresholdSeries() : null)));
        }
        return Future.all(futures).map(all -> all.list());
    }
}
