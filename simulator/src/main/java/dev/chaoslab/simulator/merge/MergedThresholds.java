package dev.chaoslab.simulator.merge;

import dev.chaoslab.simulator.result.RequestRow;
import dev.chaoslab.simulator.result.ShardHistograms.Measure;
import dev.chaoslab.simulator.result.ThresholdCriterion;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Totals;
import dev.chaoslab.simulator.scenario.Threshold;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The thresholds judged on the merged figures, as the run judges them on its own (the same cells, ratios and
 * percentiles), never per shard: a threshold each shard passes alone may fail on the whole, and the other way round.
 */
final class MergedThresholds {
    private final List<RequestRow> rows;
    private final Totals totals;
    private final Histograms histograms;

    /** @param rows the merged per-phase rows (those with a phase); arrival rows are the ones with a scheduled count */
    MergedThresholds(List<RequestRow> rows, Totals totals, Histograms histograms) {
        this.rows = rows.stream().filter(r -> r.phase() != null).toList();
        this.totals = totals;
        this.histograms = histograms;
    }

    /**
     * Each of the leader's thresholds judged again; one that stopped a shard's run (abortOnFail) stays failed.
     *
     * @param perShard every shard's threshold results, in the same order
     */
    List<ThresholdResult> judge(List<List<ThresholdResult>> perShard) {
        List<ThresholdResult> leader = perShard.get(0);
        List<ThresholdResult> out = new ArrayList<>(leader.size());
        for (int i = 0; i < leader.size(); i++) {
            ThresholdCriterion c = leader.get(i).criterion();
            int index = i;
            boolean aborted = perShard.stream()
                    .anyMatch(results ->
                            results.size() > index && results.get(index).aborted());
            Double actual = actual(c);
            out.add(new ThresholdResult(
                    c, actual, !aborted && c.passes(actual), leader.get(i).abortOnFail(), aborted));
        }
        return out;
    }

    /** What {@code c} measures on the merge: null when there is nothing to measure (which fails). */
    Double actual(ThresholdCriterion c) {
        long scheduled = 0;
        long dropped = 0;
        long count = 0;
        long ok = 0;
        Histogram latency = new Histogram(3);
        Measure measure = c.measure() == Threshold.Measure.SERVICE ? Measure.SERVICE : Measure.CORRECTED;
        if (c.request() == null && c.phase() == null) {
            scheduled = totals.scheduled();
            dropped = totals.dropped();
            count = totals.completed();
            ok = totals.ok();
            latency.add(histograms.run(measure));
        } else {
            for (RequestRow r : rows) {
                boolean label = c.request() == null
                        ? r.scheduled() != null
                        : c.request().equals(r.request());
                if (label && (c.phase() == null || c.phase().equals(r.phase()))) {
                    scheduled += r.scheduled() == null ? 0 : r.scheduled();
                    dropped += r.dropped() == null ? 0 : r.dropped();
                    count += r.count();
                    ok += r.ok();
                    latency.add(histograms.cell(measure, r.request(), r.phase()));
                }
            }
        }
        return switch (c.metric()) {
            case DROPPED_RATIO -> scheduled == 0 ? null : (double) dropped / scheduled;
            case ERROR_RATIO -> count == 0 ? null : (double) (count - ok) / count;
            case LATENCY_MEAN -> latency.getTotalCount() == 0 ? null : latency.getMean() / 1000.0;
            default -> Histograms.ms(latency, c.metric().percentile());
        };
    }
}
