package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.RecordedRule.LiveEpisode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LiveTransitionsTest {

    static final long T0 = 1_780_000_000_000L;
    static final long EVAL_OFFSET = 1_234; // Prometheus evaluates on its own phase, not on the run's grid

    @Test
    @DisplayName(
            "ALERTS samples give each episode's pending, firing and resolution at Prometheus' own evaluation times")
    void episodesFromAlertsSamples() {
        Map<String, String> labels = Map.of("alertname", "HighErrors", "service", "payments", "severity", "page");
        // pending at evaluations 10..21, firing 22..40, then inactive; again pending 60..62 (dropped, never fired)
        Series pending = series(labels, "pending", 10, 21, 60, 62);
        Series firing = series(labels, "firing", 22, 40);
        Map<String, String> other = Map.of("alertname", "HighErrors", "service", "orders", "severity", "page");
        // still firing when the recording ends at evaluation 100
        Series open = series(other, "firing", 95, 100);

        List<LiveEpisode> episodes = LiveTransitions.of(
                List.of(firing, pending, open, new Series(Map.of(), List.of(new Sample(T0, 1)))),
                T0,
                at(100) + 500,
                5_000);

        Map<String, String> instance = Map.of("alertname", "HighErrors", "service", "payments", "severity", "page");
        assertThat(episodes)
                .containsExactly(
                        new LiveEpisode(instance, at(10), at(22), at(41)),
                        new LiveEpisode(instance, at(60), null, at(63)),
                        new LiveEpisode(
                                Map.of("alertname", "HighErrors", "service", "orders", "severity", "page"),
                                at(95),
                                at(95),
                                null));
    }

    @Test
    @DisplayName("no ALERTS series (e.g. a scalar answer) gives no episodes; the selector names the alert and a range")
    void nothingToRead() {
        assertThat(LiveTransitions.of(List.of(new Series(Map.of(), List.of(new Sample(T0, 1)))), T0, 60_000, 5_000))
                .isEmpty();
        assertThat(LiveTransitions.query("High\"Errors", 600_500))
                .isEqualTo("ALERTS{alertname=\"High\\\"Errors\"}[601s]");
    }

    /** Evaluation k, ms from the run start. */
    private static long at(int k) {
        return k * 5_000L + EVAL_OFFSET;
    }

    /** One sample per evaluation in each [from, to] pair of evaluation numbers. */
    private static Series series(Map<String, String> labels, String state, int... ranges) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("__name__", "ALERTS");
        all.put("alertstate", state);
        List<Sample> samples = new ArrayList<>();
        for (int r = 0; r < ranges.length; r += 2) {
            for (int k = ranges[r]; k <= ranges[r + 1]; k++) {
                samples.add(new Sample(T0 + at(k), 1));
            }
        }
        return new Series(all, samples);
    }
}
