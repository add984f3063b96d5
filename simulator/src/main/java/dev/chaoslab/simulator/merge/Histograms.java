package dev.chaoslab.simulator.merge;

import dev.chaoslab.simulator.result.LatencySummary;
import dev.chaoslab.simulator.result.ShardHistograms;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The shards' histograms added up by what they measure: adding HdrHistograms is exact, so every percentile of the
 * merge is the one a single recorder fed all the values would give. Figures as the run reports them (ms).
 */
final class Histograms {
    private record Key(
            ShardHistograms.Scope scope, ShardHistograms.Measure measure, String label, String phase, long second) {}

    private final Map<Key, Histogram> merged = new HashMap<>();

    Histograms(List<ShardHistograms> shards) {
        for (ShardHistograms shard : shards) {
            for (ShardHistograms.Entry e : shard.entries()) {
                Key key = new Key(e.scope(), e.measure(), e.label(), e.phase(), e.second());
                merged.computeIfAbsent(key, k -> new Histogram(3)).add(e.histogram());
            }
        }
    }

    /** The run-wide histogram of {@code measure} (empty when no shard had one). */
    Histogram run(ShardHistograms.Measure measure) {
        return get(new Key(ShardHistograms.Scope.RUN, measure, null, null, -1));
    }

    /** One request label's histogram in one phase. */
    Histogram cell(ShardHistograms.Measure measure, String label, String phase) {
        return get(new Key(ShardHistograms.Scope.CELL, measure, label, phase, -1));
    }

    /** One second's histogram. */
    Histogram second(ShardHistograms.Measure measure, long t) {
        return get(new Key(ShardHistograms.Scope.SECOND, measure, null, null, t));
    }

    private Histogram get(Key key) {
        Histogram h = merged.get(key);
        return h == null ? new Histogram(3) : h;
    }

    /** p50/p90/p99/p999/max/mean in ms, as the run's own report computes them; nulls when empty. */
    static LatencySummary summary(Histogram h) {
        if (h.getTotalCount() == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(
                ms(h, 50),
                ms(h, 90),
                ms(h, 99),
                ms(h, 99.9),
                h.getMaxValue() / 1000.0,
                Math.round(h.getMean() / 1000.0 * 1000.0) / 1000.0);
    }

    /** A percentile (100: the max) in ms; null when empty. */
    static Double ms(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return null;
        }
        long micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return micros / 1000.0;
    }
}
