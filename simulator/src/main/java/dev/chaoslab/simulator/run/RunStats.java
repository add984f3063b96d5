package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.result.ErrorCounts;
import dev.chaoslab.simulator.result.Latency;
import dev.chaoslab.simulator.result.LatencySummary;
import dev.chaoslab.simulator.result.Recent;
import dev.chaoslab.simulator.result.RequestRow;
import dev.chaoslab.simulator.result.SecondRow;
import dev.chaoslab.simulator.result.Totals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The run's counts and latency histograms, in HdrHistogram (microseconds, 3 significant digits, so each
 * percentile is within 0.1 % of the recorded value).
 *
 * <p>Two levels are kept. <em>Arrivals</em> (one per scheduled send; a journey is one arrival) make the
 * totals, the run-wide latency and the per-second timeline. <em>Cells</em> hold the histograms of one
 * request label in one phase: a plain request's name, a journey's name (the whole journey) and
 * {@code journey.step} for each step of a journey.
 *
 * <p>Memory is fixed however long the run: each histogram auto-resizes to the largest value seen (bounded by
 * the request timeout) and never to the number of requests; one cell per label and phase. The per-second view (the
 * timeline, the {@code recent} window) is {@link RunSeconds}'.
 *
 * <p>Written and read on the run's context: the lanes record into their own {@link LaneStats} without a shared
 * lock, and the run adds those in with {@link #add} (once a second and before the report). Other threads read the
 * JSON snapshots the run publishes.
 */
final class RunStats {
    private static final int SIGNIFICANT_DIGITS = 3;

    /** One request label in one phase. */
    static final class Cell {
        final Histogram corrected = histogram();
        final Histogram service = histogram();
        final long[] outcomes = new long[Outcome.values().length];
        /** Ended. */
        long count;
        /** Arrival labels only (plain requests, journeys): dispatched, and of those dropped without being sent. */
        long scheduled;

        long dropped;
    }

    private final List<String> phases;
    private final Map<String, Cell[]> cells = new LinkedHashMap<>();
    private final Set<String> arrivalLabels = new HashSet<>();
    private final long[] outcomes = new long[Outcome.values().length];
    private final Histogram corrected = histogram();
    private final Histogram service = histogram();
    private final Histogram lag = histogram();
    private long scheduled;
    private long sent;
    private long dropped;
    private long completed;
    private final RunSeconds seconds = new RunSeconds();

    RunStats(List<String> phases) {
        this.phases = List.copyOf(phases);
    }

    /**
     * Adds one lane's interval: to the totals, the cells and the second under way. Called on the run's context by
     * {@link LaneStats#addInto}, after the lane stopped writing into {@code tally}.
     */
    synchronized void add(LaneStats.Tally tally) {
        lag.add(tally.lag);
        scheduled += tally.scheduled;
        sent += tally.sent;
        dropped += tally.dropped;
        completed += tally.completed;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] += tally.outcomes[i];
        }
        corrected.add(tally.corrected);
        service.add(tally.service);
        seconds.add(tally);
        tally.cells.forEach((label, perPhase) -> {
            for (int phase = 0; phase < perPhase.length; phase++) {
                if (LaneStats.Tally.touched(perPhase[phase])) {
                    addInto(cellOf(label, phase), perPhase[phase]);
                }
            }
        });
    }

    /** Arrivals intended for second {@code t} of the run (dispatched so far). */
    synchronized long plannedInSecond(long t) {
        return seconds.plannedInSecond(t);
    }

    /** The schedule lag summary (ms), the scheduler's own lateness over the run. */
    synchronized LatencySummary lag() {
        return summary(lag);
    }

    private Cell cellOf(String label, int phase) {
        Cell[] perPhase = cells.get(label);
        if (perPhase == null) {
            perPhase = new Cell[phases.size()];
            cells.put(label, perPhase);
        }
        Cell cell = perPhase[phase];
        if (cell == null) {
            cell = new Cell();
            perPhase[phase] = cell;
        }
        return cell;
    }

    /** Whether anything was sent, dropped or ended in the second under way. */
    synchronized boolean secondHasActivity() {
        return seconds.hasActivity();
    }

    /** Closes the second that ends at {@code t} (seconds from the start) and starts the next one. */
    synchronized RunSeconds.Second closeSecond(long t, long inFlight) {
        return seconds.close(t, inFlight);
    }

    /** The status's {@code recent} object ({@link RunSeconds#recent()}). */
    synchronized Recent recent() {
        return seconds.recent();
    }

    synchronized long scheduledCount() {
        return scheduled;
    }

    synchronized long sentCount() {
        return sent;
    }

    synchronized long droppedCount() {
        return dropped;
    }

    synchronized long completedCount() {
        return completed;
    }

    synchronized List<RunSeconds.Second> timeline() {
        return seconds.timeline();
    }

    /** The totals object of the status and report. */
    synchronized Totals totals() {
        return new Totals(scheduled, sent, dropped, completed, outcomes[Outcome.OK.ordinal()], errorCounts(outcomes));
    }

    /** The run-wide {@code latency} object: corrected and service summaries. */
    synchronized Latency latency() {
        return new Latency(summary(corrected), summary(service));
    }

    /** {@code byRequest}: one row per label and phase, plus a row over all phases for labels seen in several. */
    synchronized List<RequestRow> byRequest() {
        List<RequestRow> rows = new ArrayList<>();
        cells.forEach((label, perPhase) -> {
            int seen = 0;
            for (int p = 0; p < perPhase.length; p++) {
                if (perPhase[p] != null) {
                    seen++;
                    rows.add(row(label, phases.get(p), perPhase[p], arrivalLabels.contains(label)));
                }
            }
            if (seen > 1) {
                rows.add(row(label, null, merge(perPhase), arrivalLabels.contains(label)));
            }
        });
        return rows;
    }

    /** The per-second timeline's rows. */
    synchronized List<SecondRow> secondRows() {
        return seconds.rows();
    }

    /**
     * The cells a threshold reads, merged: {@code label} null means all arrivals; {@code phase} null means all
     * phases. Empty when nothing matched.
     */
    synchronized Cell select(String label, String phase) {
        Cell out = new Cell();
        int phaseIndex = phase == null ? -1 : phases.indexOf(phase);
        if (phase != null && phaseIndex < 0) {
            return out;
        }
        if (label == null && phase == null) {
            out.corrected.add(corrected);
            out.service.add(service);
            System.arraycopy(outcomes, 0, out.outcomes, 0, outcomes.length);
            out.count = completed;
            out.scheduled = scheduled;
            out.dropped = dropped;
            return out;
        }
        for (String l : label == null ? arrivalLabels : Set.of(label)) {
            Cell[] perPhase = cells.get(l);
            for (int p = 0; perPhase != null && p < perPhase.length; p++) {
                if (phaseIndex < 0 || p == phaseIndex) {
                    addInto(out, perPhase[p]);
                }
            }
        }
        return out;
    }

    /** Has {@code listener} see each second's histograms as it closes. */
    synchronized void onSecondClosed(StatsHistograms.SecondListener listener) {
        seconds.onClosed(listener);
    }

    /** Shows {@code visitor} the run-wide histograms (label and phase null), then every cell's. */
    synchronized void visitHistograms(StatsHistograms.Visitor visitor) {
        visitor.visit(null, null, corrected, service);
        cells.forEach((label, perPhase) -> {
            for (int p = 0; p < perPhase.length; p++) {
                if (perPhase[p] != null) {
                    visitor.visit(label, phases.get(p), perPhase[p].corrected, perPhase[p].service);
                }
            }
        });
    }

    /** The scheduler's lag histogram (a copy). */
    synchronized Histogram lagHistogram() {
        return lag.copy();
    }

    /** Declares which labels are arrival level (plain requests and journeys, not journey steps). */
    synchronized void arrivalLabel(String label) {
        arrivalLabels.add(label);
    }

    static void addInto(Cell into, Cell from) {
        if (from == null) {
            return;
        }
        into.corrected.add(from.corrected);
        into.service.add(from.service);
        for (int i = 0; i < from.outcomes.length; i++) {
            into.outcomes[i] += from.outcomes[i];
        }
        into.count += from.count;
        into.scheduled += from.scheduled;
        into.dropped += from.dropped;
    }

    private static Cell merge(Cell[] perPhase) {
        Cell out = new Cell();
        for (Cell c : perPhase) {
            addInto(out, c);
        }
        return out;
    }

    private static RequestRow row(String label, String phase, Cell cell, boolean arrival) {
        // a journey step is not scheduled on its own: a journey dropped at a later step counts on the journey's row
        return new RequestRow(
                label,
                phase,
                arrival ? cell.scheduled : null,
                arrival ? cell.dropped : null,
                cell.count,
                cell.outcomes[Outcome.OK.ordinal()],
                errorCounts(cell.outcomes),
                summary(cell.corrected),
                summary(cell.service));
    }

    static ErrorCounts errorCounts(long[] outcomes) {
        Map<String, Long> errors = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            if (o.isError()) {
                errors.put(o.label(), outcomes[o.ordinal()]);
            }
        }
        return new ErrorCounts(errors);
    }

    /** p50/p90/p99/p999/max/mean in ms; nulls when nothing was recorded. */
    static LatencySummary summary(Histogram h) {
        if (h.getTotalCount() == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(
                ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0, round3(h.getMean() / 1000.0));
    }

    /** A percentile (0-100; 100 is the max) in ms, NaN when empty. */
    static double ms(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return Double.NaN;
        }
        long micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return micros / 1000.0;
    }

    static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** Records in microseconds; a negative value means "not measured" (service time of a request never sent). */
    static void record(Histogram h, long nanos) {
        if (nanos < 0) {
            return;
        }
        h.recordValue(Math.max(1, nanos / 1_000));
    }

    static Histogram histogram() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }
}
