package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.result.AbortedBy;
import dev.chaoslab.simulator.result.ThresholdCriterion;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.scenario.Threshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Evaluates a scenario's thresholds on the run's statistics: what each measures now, the first
 * {@code abortOnFail} threshold that fails while the run goes (k6's {@code abortOnFail} and {@code delayAbortEval}),
 * and the results the report lists. The run only asks; stopping is the run's business.
 *
 * <p>Stateless beyond the thresholds; call from the run's context (the statistics are thread-safe).
 */
final class ThresholdEvaluator {
    private final List<Threshold> thresholds;

    ThresholdEvaluator(List<Threshold> thresholds) {
        this.thresholds = List.copyOf(thresholds);
    }

    /**
     * The first {@code abortOnFail} threshold past its {@code delayAbortEval} that fails at {@code nowMs} (ms from
     * the run start), or empty. One with nothing to measure yet (its phase not begun) waits.
     */
    Optional<AbortedBy> abort(RunStats stats, long nowMs) {
        for (int i = 0; i < thresholds.size(); i++) {
            Threshold t = thresholds.get(i);
            if (!t.abortOnFail() || nowMs < t.delayAbortEval().toMillis()) {
                continue;
            }
            Double actual = actual(stats, t);
            if (actual != null && actual >= t.below()) {
                return Optional.of(AbortedBy.of(i, ThresholdCriterion.of(t), nowMs, actual));
            }
        }
        return Optional.empty();
    }

    /**
     * Every threshold's result at the end of the run. The one that {@code aborted} the run failed while it went,
     * whatever the figures that came in while it drained.
     */
    List<ThresholdResult> results(RunStats stats, AbortedBy aborted) {
        List<ThresholdResult> out = new ArrayList<>(thresholds.size());
        for (int i = 0; i < thresholds.size(); i++) {
            Threshold t = thresholds.get(i);
            ThresholdCriterion criterion = ThresholdCriterion.of(t);
            Double actual = actual(stats, t);
            boolean abortedTheRun = t.abortOnFail() && aborted != null && aborted.threshold() == i;
            boolean passed = !abortedTheRun && criterion.passes(actual);
            out.add(new ThresholdResult(criterion, actual, passed, t.abortOnFail(), abortedTheRun));
        }
        return out;
    }

    /**
     * What {@code t} measures now: null when there is nothing to measure (a phase a stopped run never reached, a
     * request never picked), which fails, as for latencies: a ratio of nothing must not read as a pass.
     */
    static Double actual(RunStats stats, Threshold t) {
        RunStats.Cell cell = stats.select(t.request(), t.phase());
        switch (t.metric()) {
            case DROPPED_RATIO:
                return cell.scheduled == 0 ? null : (double) cell.dropped / cell.scheduled;
            case ERROR_RATIO:
                return cell.count == 0
                        ? null
                        : (double) (cell.count - cell.outcomes[Outcome.OK.ordinal()]) / cell.count;
            default: {
                Histogram h = t.measure() == Threshold.Measure.SERVICE ? cell.service : cell.corrected;
                if (h.getTotalCount() == 0) {
                    return null;
                }
                return t.metric() == Threshold.Metric.LATENCY_MEAN
                        ? h.getMean() / 1000.0
                        : RunStats.ms(h, t.metric().percentile());
            }
        }
    }
}
