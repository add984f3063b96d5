package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Outcome;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * One lane's share of the run's statistics, recorded without a lock shared with other lanes and added into the
 * run's {@link RunStats} once a second.
 *
 * <p>Thread-safety: one writer (the lane's context) calls the recording methods; one reader (the run's context)
 * calls {@link #addInto}. The writer records into the active {@link Tally}; {@code addInto} swaps it for the
 * inactive one and waits, with HdrHistogram's {@link WriterReaderPhaser}, until no write into the old one is under
 * way, then adds it to the run's figures and clears it. Writers never block or wait (two uncontended atomic
 * increments per call); the reader waits at most for one call in progress. Every call lands in exactly one
 * interval: nothing is counted twice or lost. This is the mechanism of HdrHistogram's
 * {@code SingleWriterRecorder}, with one phase flip covering the lane's counters and all its histograms, so the
 * counts and latencies of one call always land in the same second (a recorder per histogram would need a flip
 * each and could split one arrival across two seconds).
 *
 * <p>Usage: the lane calls {@code dispatched(...)}, then {@code arrivalEnded(...)}; the run's per-second tick calls
 * {@code addInto(stats)} for every lane, then {@code stats.closeSecond(...)}.
 *
 * <p>Memory: two tallies of the cells the lane touched (histograms auto-resized to the largest value seen).
 */
final class LaneStats {
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Tally active;
    private Tally inactive;

    LaneStats(int phases) {
        this.active = new Tally(phases);
        this.inactive = new Tally(phases);
    }

    /**
     * An arrival of {@code label} was dispatched: how late (the schedule lag), and whether it was sent or dropped at
     * the in-flight cap; the timeline counts it as scheduled in the second it was intended for.
     */
    void dispatched(String label, int phase, long intendedOffsetNanos, long lagNanos, boolean sent) {
        long entered = phaser.writerCriticalSectionEnter();
        try {
            active.dispatched(label, phase, intendedOffsetNanos, lagNanos, sent);
        } finally {
            phaser.writerCriticalSectionExit(entered);
        }
    }

    /** A request counted as sent found no connection and its lane's line for one full: it is dropped instead. */
    void poolBusy(String label, int phase) {
        long entered = phaser.writerCriticalSectionEnter();
        try {
            active.poolBusy(label, phase);
        } finally {
            phaser.writerCriticalSectionExit(entered);
        }
    }

    /** An arrival ended (a plain request, or a whole journey); {@code serviceNanos} negative: never sent. */
    void arrivalEnded(String label, int phase, Outcome outcome, long correctedNanos, long serviceNanos) {
        long entered = phaser.writerCriticalSectionEnter();
        try {
            active.arrivalEnded(label, phase, outcome, correctedNanos, serviceNanos);
        } finally {
            phaser.writerCriticalSectionExit(entered);
        }
    }

    /** One step of a journey ended: only its own cell. */
    void stepEnded(String label, int phase, Outcome outcome, long correctedNanos, long serviceNanos) {
        long entered = phaser.writerCriticalSectionEnter();
        try {
            active.cell(label, phase, outcome, correctedNanos, serviceNanos);
        } finally {
            phaser.writerCriticalSectionExit(entered);
        }
    }

    /** Adds everything recorded since the last call into {@code stats} and starts a new interval; one reader. */
    void addInto(RunStats stats) {
        phaser.readerLock();
        try {
            Tally done = active;
            active = inactive;
            inactive = done;
            phaser.flipPhase();
            stats.add(done);
            done.clear();
        } finally {
            phaser.readerUnlock();
        }
    }

    /** What one lane recorded in one interval; written by the lane, read by the run after the phase flip. */
    static final class Tally {
        final Map<String, RunStats.Cell[]> cells = new LinkedHashMap<>();
        final long[] outcomes = new long[Outcome.values().length];
        final Histogram corrected = RunStats.histogram();
        final Histogram service = RunStats.histogram();
        final Histogram lag = RunStats.histogram();
        private final int phases;
        long scheduled;
        /** Sent in this interval, less those found pool-busy in it (so it may be negative). */
        long sent;

        long dropped;
        long completed;
        /** Arrivals by intended second, {@code plannedFrom..plannedTo} touched. */
        long[] planned = new long[64];

        int plannedFrom = Integer.MAX_VALUE;
        int plannedTo = -1;

        Tally(int phases) {
            this.phases = phases;
        }

        void dispatched(String label, int phase, long intendedOffsetNanos, long lagNanos, boolean wasSent) {
            RunStats.record(lag, lagNanos);
            scheduled++;
            int second = (int) Math.max(0, intendedOffsetNanos / 1_000_000_000L);
            if (second >= planned.length) {
                planned = Arrays.copyOf(planned, Math.max(second + 1, planned.length * 2));
            }
            planned[second]++;
            plannedFrom = Math.min(plannedFrom, second);
            plannedTo = Math.max(plannedTo, second);
            RunStats.Cell cell = cellOf(label, phase);
            cell.scheduled++;
            if (wasSent) {
                sent++;
            } else {
                cell.dropped++;
                dropped++;
            }
        }

        void poolBusy(String label, int phase) {
            sent--;
            cellOf(label, phase).dropped++;
            dropped++;
        }

        void arrivalEnded(String label, int phase, Outcome outcome, long correctedNanos, long serviceNanos) {
            completed++;
            outcomes[outcome.ordinal()]++;
            RunStats.record(corrected, correctedNanos);
            RunStats.record(service, serviceNanos);
            cell(label, phase, outcome, correctedNanos, serviceNanos);
        }

        void cell(String label, int phase, Outcome outcome, long correctedNanos, long serviceNanos) {
            RunStats.Cell cell = cellOf(label, phase);
            cell.count++;
            cell.outcomes[outcome.ordinal()]++;
            RunStats.record(cell.corrected, correctedNanos);
            RunStats.record(cell.service, serviceNanos);
        }

        private RunStats.Cell cellOf(String label, int phase) {
            RunStats.Cell[] perPhase = cells.computeIfAbsent(label, l -> new RunStats.Cell[phases]);
            RunStats.Cell cell = perPhase[phase];
            if (cell == null) {
                cell = new RunStats.Cell();
                perPhase[phase] = cell;
            }
            return cell;
        }

        /** Whether {@code cell} was touched in this interval (every recording call counts something on it). */
        static boolean touched(RunStats.Cell cell) {
            return cell != null && (cell.count != 0 || cell.scheduled != 0 || cell.dropped != 0);
        }

        /** Empties the tally for the next interval, keeping its cells (and their histograms' memory). */
        void clear() {
            for (RunStats.Cell[] perPhase : cells.values()) {
                for (RunStats.Cell cell : perPhase) {
                    if (touched(cell)) {
                        cell.corrected.reset();
                        cell.service.reset();
                        Arrays.fill(cell.outcomes, 0);
                        cell.count = 0;
                        cell.scheduled = 0;
                        cell.dropped = 0;
                    }
                }
            }
            Arrays.fill(outcomes, 0);
            corrected.reset();
            service.reset();
            lag.reset();
            scheduled = 0;
            sent = 0;
            dropped = 0;
            completed = 0;
            if (plannedTo >= 0) {
                Arrays.fill(planned, plannedFrom, plannedTo + 1, 0);
            }
            plannedFrom = Integer.MAX_VALUE;
            plannedTo = -1;
        }
    }
}
