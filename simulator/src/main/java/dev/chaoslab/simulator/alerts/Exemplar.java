package dev.chaoslab.simulator.alerts;

import java.util.Map;

/**
 * An exemplar from {@code /api/v1/query_exemplars}: the labels of the series it belongs to, its own labels
 * ({@code trace_id}, {@code span_id}), value and time.
 */
public record Exemplar(Map<String, String> seriesLabels, Map<String, String> labels, double value, long timeMs) {

    public Exemplar {
        seriesLabels = Map.copyOf(seriesLabels);
        labels = Map.copyOf(labels);
    }
}
