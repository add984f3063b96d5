package dev.chaoslab.simulator.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One alerting rule as a run recorded it: its definition as Prometheus loaded it, the values of each threshold
 * comparison of its expression at the group's evaluation interval, and the alert's transitions as Prometheus
 * reported them live (the reference the replay is held to).
 *
 * @param conditions the comparisons of the expression, as {@code RuleConditions} splits it; empty when it has none
 * @param unsplit    why the expression cannot be replayed from its comparisons, or null when it can
 * @param live       the alert's episodes as polled from Prometheus during the run
 */
public record RecordedRule(
        String alert,
        String group,
        String file,
        String expr,
        long forMs,
        long keepFiringForMs,
        long intervalMs,
        Map<String, String> labels,
        List<RecordedCondition> conditions,
        String unsplit,
        List<LiveEpisode> live) {

    public RecordedRule {
        if (alert == null || expr == null) {
            throw new IllegalArgumentException("a recorded rule needs an alert name and an expression");
        }
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("intervalMs (" + intervalMs + ") must be > 0");
        }
        labels = Map.copyOf(labels);
        conditions = List.copyOf(conditions);
        live = List.copyOf(live);
    }

    /** The same rule with another expression and the conditions' series evaluated under it (a tuned variant). */
    public RecordedRule with(String otherExpr, List<RecordedCondition> otherConditions) {
        return new RecordedRule(
                alert,
                group,
                file,
                otherExpr,
                forMs,
                keepFiringForMs,
                intervalMs,
                labels,
                otherConditions,
                unsplit,
                live);
    }

    /**
     * One comparison {@code left op threshold} with its left side's series.
     *
     * @param group   the {@code or} alternative it belongs to; within a group all must hold
     * @param primary whether it is the value the alert reports (the first operand of its {@code and} chain)
     */
    public record RecordedCondition(
            String left,
            String op,
            String right,
            double threshold,
            int group,
            boolean primary,
            List<RecordedSeries> series) {
        public RecordedCondition {
            series = List.copyOf(series);
        }
    }

    /**
     * A series sampled every {@code stepMs} from {@code startMs}; {@code values} holds null where the expression
     * had no value.
     */
    public record RecordedSeries(Map<String, String> labels, long startMs, long stepMs, List<Double> values) {
        public RecordedSeries {
            if (stepMs <= 0) {
                throw new IllegalArgumentException("stepMs (" + stepMs + ") must be > 0");
            }
            labels = Map.copyOf(labels);
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** A pending → firing → resolved episode of one alert instance; ms from the run start, null when it did not happen. */
    public record LiveEpisode(Map<String, String> labels, Long pendingMs, Long firingMs, Long resolvedMs) {
        public LiveEpisode {
            labels = Map.copyOf(labels);
        }
    }
}
