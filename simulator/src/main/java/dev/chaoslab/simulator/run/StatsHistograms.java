package dev.chaoslab.simulator.run;

import org.HdrHistogram.Histogram;

/** How a sharded run reads the latency histograms out of {@link RunStats} for its histogram log. */
final class StatsHistograms {
    private StatsHistograms() {}

    /** Sees each second's latency histograms as the second closes, before they are reset. */
    interface SecondListener {
        void closed(long t, Histogram service, Histogram corrected);
    }

    /** Sees the run's histograms: the run-wide ones (label and phase null), then each cell's. */
    interface Visitor {
        void visit(String label, String phase, Histogram corrected, Histogram service);
    }
}
