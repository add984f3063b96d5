package dev.chaoslab.simulator.result;

import java.util.List;

/**
 * The report of a finished (completed, stopped or failed) run, what {@code report.json} holds: the final status
 * (with the phases as they ran and every kind of error) plus the details.
 *
 * @param byRequest    one row per request label and phase, plus one over all phases for labels seen in several
 * @param timeline     one row per second
 * @param expectations the alert verdicts
 * @param recording    the series behind the checked alert rules (written beside the report, not in it); null
 *                     when alerts were not checked or the report was read back from disk
 * @param shard        a sharded run's (or a merged report's) shard block; null for a whole run
 * @param histograms   a sharded run's latency histograms (written beside the report as {@link HistogramLog}, not
 *                     in it); null otherwise or when read back from disk
 */
public record RunReport(
        RunStatus status,
        List<RequestRow> byRequest,
        List<SecondRow> timeline,
        List<ThresholdResult> thresholds,
        List<RateChangeAt> rateChanges,
        List<Verdict> expectations,
        Recording recording,
        ShardBlock shard,
        ShardHistograms histograms) {

    public RunReport {
        if (status == null) {
            throw new IllegalArgumentException("a run report needs a status");
        }
        byRequest = List.copyOf(byRequest);
        timeline = List.copyOf(timeline);
        thresholds = List.copyOf(thresholds);
        rateChanges = List.copyOf(rateChanges);
        expectations = List.copyOf(expectations);
    }

    /** This report with {@code r} as its recording. */
    public RunReport withRecording(Recording r) {
        return new RunReport(status, byRequest, timeline, thresholds, rateChanges, expectations, r, shard, histograms);
    }

    /** This report with {@code block} as its shard block and {@code h} as its histograms. */
    public RunReport withShard(ShardBlock block, ShardHistograms h) {
        return new RunReport(status, byRequest, timeline, thresholds, rateChanges, expectations, recording, block, h);
    }

    public String runId() {
        return status.runId();
    }

    public RunState state() {
        return status.state();
    }

    /** Whether every threshold passed (true when there are none). */
    public boolean thresholdsPassed() {
        return thresholds.stream().allMatch(ThresholdResult::passed);
    }

    /** Whether every alert expectation passed (true when there are none). */
    public boolean expectationsPassed() {
        return expectations.stream().allMatch(Verdict::passed);
    }
}
