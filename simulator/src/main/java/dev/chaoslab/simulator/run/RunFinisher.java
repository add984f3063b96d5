package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.Verdict;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finishes a run once it begins ending: stops its traffic, waits for the arrivals in flight, clears the faults, lets the alerts
 * settle (a completed run only), judges them and records their series, closes the statistics and saves the report.
 * A failure on the way (the chaos API, the alert check, the store) is logged and never keeps the report back.
 *
 * <p>Runs on the run's context, once per run; {@link #reported()} may be read from any thread (the lanes ask it
 * before recording an outcome).
 */
final class RunFinisher {
    /** The alert verdicts and the series behind them (null when alerts are not checked or recording failed). */
    private record Judged(List<Verdict> verdicts, Recording recording) {
        static final Judged NONE = new Judged(List.of(), null);
    }

    private final String id;
    private final RunRecord record;
    private final AlertSteps alertSteps;
    private final ThresholdEvaluator thresholds;
    private final ReportSink sink;
    private final RunClock clock;
    private final RunLog log;
    private final ShardPlan shard;
    private volatile boolean reported;

    RunFinisher(
            String id,
            RunRecord record,
            AlertSteps alertSteps,
            ThresholdEvaluator thresholds,
            ReportSink sink,
            RunClock clock,
            RunLog log,
            ShardPlan shard) {
        this.id = id;
        this.record = record;
        this.alertSteps = alertSteps;
        this.thresholds = thresholds;
        this.sink = sink;
        this.clock = clock;
        this.log = log;
        this.shard = shard;
    }

    /** True once the report is built: outcomes recorded from then on are left out. */
    boolean reported() {
        return reported;
    }

    /**
     * Stops the run's {@code traffic} and finishes the run in {@code finalState}; completes with the report (never
     * fails). Call once, after the record began ending.
     *
     * @param endMs    when traffic ended, from the run's start
     * @param timeline the run's timeline as it is when asked (the verdicts and the report read it)
     */
    Future<RunReport> finish(
            TrafficWiring.Traffic traffic, RunState finalState, long endMs, Supplier<RunTimeline> timeline) {
        boolean completed = finalState == RunState.COMPLETED;
        traffic.lanes().stop();
        traffic.ticker().merge();
        if (completed) {
            log.info(
                    "traffic ended after {} ms: {} scheduled, {} sent, {} dropped",
                    endMs,
                    traffic.stats().scheduledCount(),
                    traffic.stats().sentCount(),
                    traffic.stats().droppedCount());
        } else {
            String failure = record.failure();
            log.warn("run {} after {} ms{}", finalState.key(), endMs, failure == null ? "" : ": " + failure);
        }
        record.phase(null);
        record.publish();
        return traffic.gate()
                .drain(completed)
                .compose(v -> traffic.chaos().clearAll())
                .compose(v -> completed ? alertSteps.settle(timeline, this::settling) : Future.<Void>succeededFuture())
                .compose(v -> alertSteps.verdicts(timeline.get()))
                .compose(verdicts -> alertSteps.recording(timeline.get()).map(r -> new Judged(verdicts, r)))
                .recover(err -> {
                    log.error("run {} could not finish cleanly: {}", id, err.toString());
                    return Future.succeededFuture(Judged.NONE);
                })
                .map(judged -> report(traffic, finalState, timeline, judged))
                .compose(report -> sink.save(report)
                        .recover(err -> {
                            log.error("the report of run {} could not be saved: {}", id, err.getMessage());
                            return Future.succeededFuture();
                        })
                        .map(report));
    }

    private void settling() {
        record.phase("settling");
        record.publish();
    }

    /** The final status plus the details; what the lanes record after the last merge here is left out. */
    private RunReport report(
            TrafficWiring.Traffic traffic, RunState finalState, Supplier<RunTimeline> timeline, Judged judged) {
        traffic.ticker().finish();
        record.finished(finalState, clock.now());
        record.publish();
        reported = true;
        return shard.decorate(
                record.report(
                                timeline.get(),
                                thresholds.results(traffic.stats(), record.abortedBy()),
                                judged.verdicts())
                        .withRecording(judged.recording()),
                traffic.stats());
    }
}
