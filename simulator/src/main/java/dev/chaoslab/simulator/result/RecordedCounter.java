package dev.chaoslab.simulator.result;

import dev.chaoslab.simulator.result.RecordedRule.RecordedSeries;
import java.util.List;

/**
 * The raw series one range-vector selector of a {@code rate()} or {@code increase()} selects (in a checked rule's
 * expression or in a recording rule it reads), sampled by {@code query_range} of the selector itself, so
 * {@code tune} can evaluate the rate over another window.
 *
 * @param selector the selector as written, without its range and without whitespace outside strings
 *                 ({@code vertx_http_server_requests_total{code=~"5..",route!~"/metrics"}})
 * @param skipped  why its series are not recorded (a cap was reached), or null when they are
 * @param series   the selected series with their {@code __name__}; empty when skipped
 */
public record RecordedCounter(String selector, String skipped, List<RecordedSeries> series) {

    public RecordedCounter {
        if (selector == null || selector.isBlank()) {
            throw new IllegalArgumentException("a recorded counter needs its selector");
        }
        series = List.copyOf(series);
    }
}
