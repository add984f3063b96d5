package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.RecordedCounter;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records the raw counters under the checked rules' {@code rate()}/{@code increase()} selectors, for {@code tune}'s
 * window variants: the recording rules the checked rules read (one level, from {@code /api/v1/rules}), and each
 * distinct selector of the rules and of those recording rules by {@code query_range} of the selector itself at
 * {@code stepMs} (which must not exceed the scrape interval, so a rate over another window sees every scrape).
 *
 * <p>Bounded: a selector that selects more than {@link #MAX_SERIES} series is skipped (with the reason), and once
 * {@link #MAX_TOTAL_SERIES} series are recorded the remaining selectors are skipped.
 */
final class CounterRecorder {

    /** Series per selector at most. */
    static final int MAX_SERIES = 200;
    /** Series per recording at most, over all selectors. */
    static final int MAX_TOTAL_SERIES = 1000;

    /** What was recorded: the recording rules read, by name, and one counter per selector. */
    record Counters(Map<String, String> recordingRules, List<RecordedCounter> counters) {}

    private final PrometheusClient prometheus;

    CounterRecorder(PrometheusClient prometheus) {
        this.prometheus = prometheus;
    }

    /** The counters under {@code exprs} from {@code start} to {@code end}; Prometheus failures record nothing. */
    Future<Counters> record(List<String> exprs, Instant start, Instant end, long stepMs) {
        return prometheus
                .rules()
                .recover(failure -> Future.succeededFuture(List.of()))
                .compose(rules -> {
                    Map<String, String> recording = recordingRules(rules);
                    Map<String, String> read = new LinkedHashMap<>();
                    Set<String> selectors = new LinkedHashSet<>();
                    for (String expr : exprs) {
                        selectors.addAll(CounterSelectors.of(expr));
                        for (String name : CounterSelectors.recordingRulesRead(expr, recording)) {
                            read.put(name, recording.get(name));
                            selectors.addAll(CounterSelectors.of(recording.get(name)));
                        }
                    }
                    List<Future<List<Series>>> queries = new ArrayList<>();
                    for (String s : selectors) {
                        queries.add(prometheus
                                .queryRange(s, start, end, Duration.ofMillis(stepMs))
                                .recover(failure -> Future.succeededFuture(null)));
                    }
                    return Future.join(queries).map(all -> {
                        List<RecordedCounter> out = new ArrayList<>();
                        int total = 0;
                        int i = 0;
                        for (String s : selectors) {
                            List<Series> series = all.resultAt(i++);
                            String skipped = null;
                            if (series == null) {
                                skipped = "Prometheus did not answer the range query of the selector";
                            } else if (series.size() > MAX_SERIES) {
                                skipped = "it selects " + series.size() + " series, more than the " + MAX_SERIES
                                        + " a selector may record";
                            } else if (total + series.size() > MAX_TOTAL_SERIES) {
                                skipped = "the recording already holds " + total + " counter series (at most "
                                        + MAX_TOTAL_SERIES + ")";
                            }
                            if (skipped != null) {
                                out.add(new RecordedCounter(s, skipped, List.of()));
                                continue;
                            }
                            total += series.size();
                            out.add(new RecordedCounter(
                                    s,
                                    null,
                                    series.stream()
                                            .map(x -> RuleRecorder.recorded(x, start, stepMs))
                                            .toList()));
                        }
                        return new Counters(read, out);
                    });
                });
    }

    /** Recording rules by the name they record; a name recorded by two different expressions is left out. */
    private static Map<String, String> recordingRules(List<AlertRule> rules) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> ambiguous = new LinkedHashSet<>();
        for (AlertRule r : rules) {
            if (r.type() != AlertRule.Type.RECORDING) {
                continue;
            }
            String before = out.putIfAbsent(r.name(), r.expr());
            if (before != null && !before.equals(r.expr())) {
                ambiguous.add(r.name());
            }
        }
        ambiguous.forEach(out::remove);
        return out;
    }
}
