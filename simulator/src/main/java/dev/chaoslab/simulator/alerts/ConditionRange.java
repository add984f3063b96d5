package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One threshold comparison's data over a time range, from {@code query_range}: its left side's series and its
 * threshold, as a constant where the right side is a number or one unlabelled constant series (e.g.
 * {@code 14.4 * (1 - 0.999)}), else as the right side's series. The one range query of the margins and of the
 * recordings.
 *
 * @param constant        the threshold when it is constant, else null
 * @param thresholdSeries the right side's series when the threshold is not constant, else empty
 */
record ConditionRange(
        RuleConditions.Condition condition, List<Series> left, Double constant, List<Series> thresholdSeries) {

    ConditionRange {
        left = List.copyOf(left);
        thresholdSeries = List.copyOf(thresholdSeries);
    }

    /** Queries both sides of {@code c} from {@code start} to {@code end} every {@code step}. */
    static Future<ConditionRange> fetch(
            PrometheusClient prometheus, RuleConditions.Condition c, Instant start, Instant end, Duration step) {
        Future<List<Series>> values = prometheus.queryRange(c.left(), start, end, step);
        if (c.literal() != null) {
            return values.map(v -> new ConditionRange(c, v, c.literal(), List.of()));
        }
        Future<List<Series>> threshold = prometheus.queryRange(c.right(), start, end, step);
        return Future.all(values, threshold).map(both -> {
            List<Series> t = both.resultAt(1);
            Double constant = constant(t);
            return new ConditionRange(c, both.resultAt(0), constant, constant == null ? t : List.of());
        });
    }

    /** The value of a threshold that is one unlabelled constant series, else null. */
    static Double constant(List<Series> threshold) {
        if (threshold.size() != 1 || !threshold.get(0).labels().isEmpty()) {
            return null;
        }
        Double value = null;
        for (Sample s : threshold.get(0).samples()) {
            if (value != null && Double.compare(value, s.value()) != 0) {
                return null;
            }
            value = s.value();
        }
        return value;
    }
}
