package dev.chaoslab.simulator.scenario;

import java.time.Duration;
import java.util.Locale;

/**
 * A pass/fail criterion on the run's results, like a k6 threshold: {@code metric < below}.
 *
 * @param metric  what is measured
 * @param request a request name (a journey's name, or {@code journey.step} for one step), or null for all
 * @param phase   a phase name, or null for the whole run
 * @param measure for latency metrics: corrected (from intended send time, the default) or service time
 * @param below   the limit: milliseconds for latency metrics, a ratio in [0,1] for ratios
 * @param abortOnFail    whether the run stops as soon as the threshold fails while it runs (k6's {@code abortOnFail})
 * @param delayAbortEval how long into the run that check starts (k6's {@code delayAbortEval}): early figures rest on few
 *                       requests; zero when not given
 */
public record Threshold(
        Metric metric,
        String request,
        String phase,
        Measure measure,
        double below,
        boolean abortOnFail,
        Duration delayAbortEval) {

    public Threshold {
        delayAbortEval = delayAbortEval == null ? Duration.ZERO : delayAbortEval;
    }

    /** A threshold checked at the end of the run only. */
    public Threshold(Metric metric, String request, String phase, Measure measure, double below) {
        this(metric, request, phase, measure, below, false, Duration.ZERO);
    }

    /** The metrics a threshold can test. */
    public enum Metric {
        LATENCY_P50,
        LATENCY_P90,
        LATENCY_P95,
        LATENCY_P99,
        LATENCY_P999,
        LATENCY_MAX,
        LATENCY_MEAN,
        /** failed requests / completed requests (failed: anything but a 2xx/3xx answer). */
        ERROR_RATIO,
        /** dropped (in-flight cap) / scheduled. */
        DROPPED_RATIO;

        /** The name in scenario files, e.g. {@code latency_p99}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isLatency() {
            return name().startsWith("LATENCY_");
        }

        /** For latency percentiles: the percentile (50, 99, 99.9); 100 for max; NaN for mean and ratios. */
        public double percentile() {
            return switch (this) {
                case LATENCY_P50 -> 50;
                case LATENCY_P90 -> 90;
                case LATENCY_P95 -> 95;
                case LATENCY_P99 -> 99;
                case LATENCY_P999 -> 99.9;
                case LATENCY_MAX -> 100;
                default -> Double.NaN;
            };
        }
    }

    /** Which latency a latency threshold reads. */
    public enum Measure {
        CORRECTED,
        SERVICE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The unit of {@link #below()}: {@code ms} or {@code ratio}. */
    public String unit() {
        return metric.isLatency() ? "ms" : "ratio";
    }
}
