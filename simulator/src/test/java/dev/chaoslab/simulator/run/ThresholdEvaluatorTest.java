package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.result.AbortedBy;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.scenario.Threshold;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThresholdEvaluatorTest {
    private static final long MS = 1_000_000;

    /** 10 arrivals of "bad" (all 503) and 10 of "good" (all ok, 5 ms) in phase "only". */
    private static RunStats stats() {
        RunStats stats = new RunStats(List.of("only"));
        stats.arrivalLabel("good");
        stats.arrivalLabel("bad");
        LaneStats lane = new LaneStats(1);
        for (int i = 0; i < 10; i++) {
            lane.dispatched("good", 0, i * MS, 0, true);
            lane.arrivalEnded("good", 0, Outcome.OK, 5 * MS, 4 * MS);
            lane.dispatched("bad", 0, i * MS, 0, true);
            lane.arrivalEnded("bad", 0, Outcome.HTTP_5XX, 5 * MS, 4 * MS);
        }
        lane.addInto(stats);
        return stats;
    }

    private final List<Threshold> thresholds = List.of(
            new Threshold(Threshold.Metric.ERROR_RATIO, "good", null, null, 0.01, true, Duration.ZERO),
            new Threshold(Threshold.Metric.ERROR_RATIO, "bad", null, null, 0.1),
            new Threshold(Threshold.Metric.ERROR_RATIO, "bad", null, null, 0.1, true, Duration.ofSeconds(2)),
            new Threshold(Threshold.Metric.LATENCY_P99, null, "later", Threshold.Measure.SERVICE, 100));

    @Test
    @DisplayName("the first abortOnFail threshold failing past its delayAbortEval is the abort, with its sentence")
    void abort() {
        ThresholdEvaluator evaluator = new ThresholdEvaluator(thresholds);
        assertThat(evaluator.abort(stats(), 1_999))
                .as("before its delayAbortEval")
                .isEmpty();

        Optional<AbortedBy> abort = evaluator.abort(stats(), 2_000);
        assertThat(abort)
                .contains(new AbortedBy(
                        2,
                        2_000,
                        1.0,
                        "error_ratio bad was 1 at 0:02, not below 0.1; "
                                + "the threshold aborts the run on failure (abortOnFail)"));
    }

    @Test
    @DisplayName("results: the aborting threshold failed whatever came later; nothing to measure fails")
    void results() {
        ThresholdEvaluator evaluator = new ThresholdEvaluator(thresholds);
        RunStats stats = stats();
        AbortedBy byFirst = new AbortedBy(0, 1_000, 0.5, "it failed then");
        List<ThresholdResult> results = evaluator.results(stats, byFirst);

        assertThat(results.get(0).actual()).isZero();
        assertThat(results.get(0).passed()).as("aborted the run").isFalse();
        assertThat(results.get(0).aborted()).isTrue();
        assertThat(results.get(1).actual()).isEqualTo(1.0);
        assertThat(results.get(1).passed()).isFalse();
        assertThat(results.get(1).abortOnFail()).isFalse();
        assertThat(results.get(2).aborted()).isFalse();
        assertThat(results.get(3).actual()).as("a phase that never ran").isNull();
        assertThat(results.get(3).passed()).isFalse();
        assertThat(results.get(3).criterion().unit()).isEqualTo("ms");
    }
}
