package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.result.Recent;
import dev.chaoslab.simulator.result.SecondRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The run's per-second view: the second under way (what was sent, dropped and ended in it, and its latencies), the
 * timeline of closed seconds, the arrivals planned per intended second, and the {@code recent} window of the last
 * {@link #RECENT_SECONDS} closed seconds.
 *
 * <p>Memory is fixed per second of run: one small {@link Second} and one long each; the window keeps
 * {@link #RECENT_SECONDS} cells, reused.
 *
 * <p>Not thread-safe: {@link RunStats} owns it and calls it under its own lock.
 */
final class RunSeconds {
    /** The live status's {@code recent} window: the last seconds closed, so a change shows within it. */
    static final int RECENT_SECONDS = 10;

    /** One second of the run, fixed size. */
    record Second(
            long t,
            long sent,
            long dropped,
            long inFlight,
            long[] outcomes,
            double p50Ms,
            double p99Ms,
            double p50CorrectedMs,
            double p99CorrectedMs) {}

    private final List<Second> timeline = new ArrayList<>();
    private final Histogram service = RunStats.histogram();
    private final Histogram corrected = RunStats.histogram();
    /** Sees each second's histograms as it closes (a sharded run keeps them for its histogram log); may be null. */
    private StatsHistograms.SecondListener listener;

    private final long[] outcomes = new long[Outcome.values().length];
    /** Arrivals by intended second; one long per second of run, grown as the run goes (fixed per second). */
    private long[] plannedBySecond = new long[64];

    private long sent;
    private long dropped;
    /** The last {@link #RECENT_SECONDS} closed seconds, a ring indexed by second (closed seconds so far). */
    private final RunStats.Cell[] recent = new RunStats.Cell[RECENT_SECONDS];

    private long closedSeconds;

    /** Adds one lane's interval to the second under way and to the arrivals planned per second. */
    void add(LaneStats.Tally tally) {
        if (tally.plannedTo >= plannedBySecond.length) {
            plannedBySecond = Arrays.copyOf(plannedBySecond, Math.max(tally.plannedTo + 1, plannedBySecond.length * 2));
        }
        for (int second = tally.plannedFrom; second <= tally.plannedTo; second++) {
            plannedBySecond[second] += tally.planned[second];
        }
        sent += tally.sent;
        dropped += tally.dropped;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] += tally.outcomes[i];
        }
        corrected.add(tally.corrected);
        service.add(tally.service);
    }

    /** Arrivals intended for second {@code t} of the run (dispatched so far). */
    long plannedInSecond(long t) {
        return t < plannedBySecond.length ? plannedBySecond[(int) t] : 0;
    }

    /** Whether anything was sent, dropped or ended in the second under way. */
    boolean hasActivity() {
        return sent != 0 || dropped != 0 || Arrays.stream(outcomes).anyMatch(n -> n != 0);
    }

    /** Closes the second that ends at {@code t} (seconds from the start) and starts the next one. */
    Second close(long t, long inFlight) {
        Second s = new Second(
                t,
                sent,
                dropped,
                inFlight,
                outcomes.clone(),
                RunStats.ms(service, 50),
                RunStats.ms(service, 99),
                RunStats.ms(corrected, 50),
                RunStats.ms(corrected, 99));
        timeline.add(s);
        if (listener != null) {
            listener.closed(t, service, corrected);
        }
        keepRecent();
        sent = 0;
        dropped = 0;
        Arrays.fill(outcomes, 0);
        service.reset();
        corrected.reset();
        return s;
    }

    private void keepRecent() {
        int slot = (int) (closedSeconds++ % RECENT_SECONDS);
        RunStats.Cell cell = recent[slot];
        if (cell == null) {
            cell = new RunStats.Cell();
            recent[slot] = cell;
        } else {
            cell.corrected.reset();
            cell.service.reset();
        }
        cell.corrected.add(corrected);
        cell.service.add(service);
        System.arraycopy(outcomes, 0, cell.outcomes, 0, outcomes.length);
        cell.count = Arrays.stream(outcomes).sum();
        cell.dropped = dropped;
    }

    /**
     * The status's {@code recent} object: arrivals that ended, errors, drops and latency over the last
     * {@link #RECENT_SECONDS} closed seconds ({@code seconds} says how many there were yet), what an operator turning
     * the rate dial or watching a fault start wants to see — since-start figures hide a change behind the history.
     */
    Recent recent() {
        RunStats.Cell window = new RunStats.Cell();
        int seconds = (int) Math.min(closedSeconds, RECENT_SECONDS);
        for (int i = 0; i < seconds; i++) {
            RunStats.addInto(window, recent[i]);
        }
        return new Recent(
                seconds,
                window.count,
                window.outcomes[Outcome.OK.ordinal()],
                RunStats.errorCounts(window.outcomes),
                window.dropped,
                RunStats.summary(window.corrected),
                RunStats.summary(window.service));
    }

    /** The closed seconds, oldest first. */
    List<Second> timeline() {
        return List.copyOf(timeline);
    }

    /** The per-second timeline's rows. */
    List<SecondRow> rows() {
        List<SecondRow> out = new ArrayList<>(timeline.size());
        for (Second s : timeline) {
            out.add(new SecondRow(
                    s.t(),
                    plannedInSecond(s.t()),
                    s.sent(),
                    s.dropped(),
                    s.inFlight(),
                    s.outcomes()[Outcome.OK.ordinal()],
                    RunStats.errorCounts(s.outcomes()),
                    RunStats.nanToNull(s.p50Ms()),
                    RunStats.nanToNull(s.p99Ms()),
                    RunStats.nanToNull(s.p50CorrectedMs()),
                    RunStats.nanToNull(s.p99CorrectedMs())));
        }
        return out;
    }

    /** Has {@code listener} see each second's histograms as it closes. */
    void onClosed(StatsHistograms.SecondListener listener) {
        this.listener = listener;
    }
}
