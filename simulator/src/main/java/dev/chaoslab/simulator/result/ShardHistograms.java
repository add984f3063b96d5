package dev.chaoslab.simulator.result;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A shard's latency histograms (microseconds), written beside its report in HdrHistogram's log format
 * ({@link HistogramLog}) so that {@code chaoslab merge} can add them exactly.
 *
 * @param entries every histogram with what it measures
 */
public record ShardHistograms(List<Entry> entries) {

    /** What a histogram measures: the run, one request label in one phase, or one second of the run. */
    public enum Scope {
        RUN,
        CELL,
        SECOND
    }

    /** Which latency: corrected (from the intended time), service (from the send), or the scheduler's lag. */
    public enum Measure {
        CORRECTED,
        SERVICE,
        LAG
    }

    /**
     * One histogram.
     *
     * @param label  the request label of a {@link Scope#CELL}, else null
     * @param phase  the phase of a {@link Scope#CELL}, else null
     * @param second the second of a {@link Scope#SECOND} (0, 1, …), else -1
     */
    public record Entry(Scope scope, Measure measure, String label, String phase, long second, Histogram histogram) {}

    public ShardHistograms {
        entries = List.copyOf(entries);
    }
}
