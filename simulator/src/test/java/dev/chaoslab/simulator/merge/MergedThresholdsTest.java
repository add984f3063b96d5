package dev.chaoslab.simulator.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.ShardHistograms;
import dev.chaoslab.simulator.result.ShardHistograms.Entry;
import dev.chaoslab.simulator.result.ShardHistograms.Measure;
import dev.chaoslab.simulator.result.ShardHistograms.Scope;
import dev.chaoslab.simulator.result.ThresholdResult;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Thresholds are judged on the merged figures, not per shard. */
class MergedThresholdsTest {

    /**
     * Shard {@code index} of three: 100 arrivals of {@code a}, {@code slow} of them at 200 ms (the rest at 2 ms) and
     * {@code failed} of them answered 5xx.
     */
    private static ShardInput shard(int index, int slow, int failed) {
        Histogram latency = new Histogram(3);
        latency.recordValueWithCount(2_000, 100 - slow);
        if (slow > 0) {
            latency.recordValueWithCount(200_000, slow);
        }
        String errors = "{\"http_5xx\": " + failed + "}";
        RunReport report = ResultJson.decodeReport(
                new JsonObject("""
                {"runId": "s-%d", "state": "completed",
                 "totals": {"scheduled": 100, "sent": 100, "dropped": 0, "completed": 100, "ok": %d, "errors": %s},
                 "byRequest": [{"request": "a", "phase": "p", "scheduled": 100, "dropped": 0, "count": 100,
                                "ok": %d, "errors": %s}],
                 "thresholds": [{"metric": "latency_p99", "below": 50, "passed": true},
                                {"metric": "error_ratio", "request": "a", "phase": "p", "below": 0.01, "passed": true}],
                 "shard": {"index": %d, "count": 3, "plan": "sha256:00", "seed": 1, "rateMultiplier": 1.0,
                           "startAt": "2026-01-01T00:00:00Z"}}
                """.formatted(index, 100 - failed, errors, 100 - failed, errors, index)));
        ShardHistograms histograms = new ShardHistograms(List.of(
                new Entry(Scope.RUN, Measure.CORRECTED, null, null, -1, latency),
                new Entry(Scope.CELL, Measure.CORRECTED, "a", "p", -1, latency)));
        return new ShardInput(Path.of("shard-" + index), report, histograms);
    }

    @Test
    @DisplayName("A shard that fails a threshold alone passes on the merge, when the whole run holds")
    void oneShardFailsAloneTheMergePasses() {
        // shard 0 alone: p99 = 200 ms (2 % slow) and 2 % errors, both over their limits; the whole run: 2 of 300
        RunReport merged = ReportMerger.merge(List.of(shard(1, 0, 0), shard(0, 2, 2), shard(2, 0, 0)));

        List<ThresholdResult> results = merged.thresholds();
        assertThat(results).hasSize(2);
        assertThat(results.get(0).actual()).isEqualTo(2.0);
        assertThat(results.get(0).passed()).isTrue();
        assertThat(results.get(1).actual()).isEqualTo(2.0 / 300);
        assertThat(results.get(1).passed()).isTrue();
        // a percentile reads as the top of its HdrHistogram bucket (3 significant digits): 200 ms reads 200.063 ms
        double slow = new Histogram(3).highestEquivalentValue(200_000) / 1000.0;
        assertThat(merged.shard().shards()).extracting(r -> r.p99Ms()).containsExactly(slow, 2.0, 2.0);
    }

    @Test
    @DisplayName("The merge judges the merged figures, never the shards' own results (which all say passed here)")
    void shardVerdictsAreNotCopied() {
        // every shard's report says both thresholds passed; the figures say 1 % errors, not below 1 %
        RunReport merged = ReportMerger.merge(List.of(shard(0, 1, 1), shard(1, 1, 1), shard(2, 1, 1)));

        // each shard: 1 of 100 slow, p99 at rank 99 is 2 ms (passes); the merge: 3 of 300, p99 at rank 297 is 2 ms
        assertThat(merged.thresholds().get(0).passed()).isTrue();
        // 3 errors of 300 is not below 1 %: failed, whatever the shards claimed
        assertThat(merged.thresholds().get(1).actual()).isEqualTo(0.01);
        assertThat(merged.thresholds().get(1).passed()).isFalse();
        assertThat(merged.status().totals().ok()).isEqualTo(297);
        assertThat(merged.status().latency().corrected().p99()).isEqualTo(2.0);
    }
}
