package dev.chaoslab.simulator.result;

import dev.chaoslab.simulator.scenario.Threshold;

/**
 * What a threshold tests, as its result reports it: {@code metric < below} over a request (null: all arrivals) and
 * a phase (null: the whole run).
 *
 * @param measure for latency metrics the latency read (corrected or service time); null for ratios
 */
public record ThresholdCriterion(
        Threshold.Metric metric, String request, String phase, Threshold.Measure measure, double below) {

    public ThresholdCriterion {
        if (metric == null) {
            throw new IllegalArgumentException("a threshold needs a metric");
        }
        if (metric.isLatency() && measure == null) {
            measure = Threshold.Measure.CORRECTED;
        } else if (!metric.isLatency()) {
            measure = null;
        }
    }

    /** The criterion of a scenario's threshold. */
    public static ThresholdCriterion of(Threshold t) {
        return new ThresholdCriterion(t.metric(), t.request(), t.phase(), t.measure(), t.below());
    }

    /** The unit of {@link #below()}: {@code ms} for latencies, {@code ratio} for ratios. */
    public String unit() {
        return metric.isLatency() ? "ms" : "ratio";
    }

    /** Whether {@code actual} passes; nothing measured ({@code null}) fails. */
    public boolean passes(Double actual) {
        return actual != null && actual < below;
    }
}
