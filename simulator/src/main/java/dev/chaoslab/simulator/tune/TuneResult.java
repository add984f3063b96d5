package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.RecordedRule;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code tune} found for one alert rule over the given recordings.
 *
 * @param rule        the rule as the first recording holds it
 * @param recordings  the run ids replayed
 * @param rows        every variant tried, the current rule first
 * @param recommended the variant recommended (the current one when nothing beats it)
 * @param why         the plain sentence that says why
 * @param yamlDiff    the rule as a YAML diff from the current to the recommended variant (empty when equal)
 * @param windowFixed why no other window was tried, or null when windows were
 */
public record TuneResult(
        RecordedRule rule,
        List<String> recordings,
        List<TuneRow> rows,
        TuneRow recommended,
        String why,
        String yamlDiff,
        String windowFixed) {

    public TuneResult {
        recordings = List.copyOf(recordings);
        rows = List.copyOf(rows);
    }

    /** The Pareto front, by detection time. */
    public List<TuneRow> front() {
        return rows.stream()
                .filter(TuneRow::pareto)
                .sorted(Comparator.comparingLong((TuneRow r) -> r.score().detectionKey())
                        .thenComparingLong(r -> r.score().falseAlarmMs()))
                .toList();
    }

    public TuneRow current() {
        return rows.get(0);
    }
}
