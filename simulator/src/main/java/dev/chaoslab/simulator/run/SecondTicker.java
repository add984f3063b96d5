package dev.chaoslab.simulator.run;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The run's per-second tick: at each whole second from the start it adds the lanes' statistics into the run's,
 * closes the second in the timeline, measures the achieved rate over the window's real length and tells the run.
 *
 * <p>Confined to the run's context (its timer fires there). Time is read from the {@link RunClock} only; the
 * timer comes from Vert.x, and each one is set for the next whole second on the clock, so a late tick never
 * shifts the ones after it.
 */
final class SecondTicker {
    /** What the run does once a second is closed (e.g. check its thresholds and publish its status). */
    interface Listener {
        /** @param achievedRate requests sent per second over the window just closed, one decimal */
        void secondClosed(RunSeconds.Second second, double achievedRate);
    }

    private static final long SECOND = 1_000_000_000L;

    private final Vertx vertx;
    private final RunClock clock;
    private final long startNanos;
    private final RunStats stats;
    private final List<LaneStats> lanes;
    private final LongSupplier inFlight;
    private final Listener listener;
    private long seconds;
    private long lastTickNanos;
    private long timer = -1;
    private boolean finished;

    /**
     * @param startNanos the run's start on {@code clock}
     * @param lanes      the lanes' statistics, added into {@code stats} at each tick
     * @param inFlight   arrivals in flight now (each second's row shows it)
     */
    SecondTicker(
            Vertx vertx,
            RunClock clock,
            long startNanos,
            RunStats stats,
            List<LaneStats> lanes,
            LongSupplier inFlight,
            Listener listener) {
        this.vertx = vertx;
        this.clock = clock;
        this.startNanos = startNanos;
        this.stats = stats;
        this.lanes = List.copyOf(lanes);
        this.inFlight = inFlight;
        this.listener = listener;
        this.lastTickNanos = startNanos;
    }

    /** Sets the timer for the next whole second. */
    void start() {
        timer = vertx.setTimer(nextDelayMs(), t -> {
            timer = -1;
            tick();
            if (!finished) {
                start();
            }
        });
    }

    /** Milliseconds from now to the end of the second under way (at least 1). */
    long nextDelayMs() {
        long due = startNanos + (seconds + 1) * SECOND;
        return Math.max(1, (due - clock.nanoTime()) / 1_000_000);
    }

    /** Closes the second under way now: what the timer does, callable directly on a fake clock. */
    void tick() {
        if (finished) {
            return;
        }
        merge();
        RunSeconds.Second second = stats.closeSecond(seconds++, inFlight.getAsLong());
        // per the window's real length: a late tick must not read as a higher rate
        long now = clock.nanoTime();
        double achieved = Math.round(second.sent() * 1e9 / Math.max(1, now - lastTickNanos) * 10.0) / 10.0;
        lastTickNanos = now;
        listener.secondClosed(second, achieved);
    }

    /** Adds what the lanes recorded so far into the run's statistics (the second under way stays open). */
    void merge() {
        if (!finished) {
            lanes.forEach(lane -> lane.addInto(stats));
        }
    }

    /**
     * The last merge, for the report: stops the timer, adds what the lanes recorded, and closes the second under way
     * if anything happened in it, so that the timeline adds up to the totals (a run's last second usually ends
     * before its tick). Anything recorded after this is never added: the report is final.
     */
    void finish() {
        cancel();
        if (finished) {
            return;
        }
        merge();
        finished = true;
        if (stats.secondHasActivity()) {
            stats.closeSecond(seconds++, inFlight.getAsLong());
        }
    }

    /** Stops the timer (the run is over, or its clean-up runs). */
    void cancel() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
