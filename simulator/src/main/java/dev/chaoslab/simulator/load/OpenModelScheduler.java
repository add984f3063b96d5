package dev.chaoslab.simulator.load;

import io.vertx.core.Context;
import java.util.function.LongSupplier;

/**
 * Sends at the intended times of an {@link ArrivalSchedule}, whatever the targets do (open model).
 *
 * <p>Intended times are absolute offsets from the run start, so timer jitter never accumulates into drift.
 * Each tick dispatches every arrival that is due (in batches of at most {@link #MAX_BATCH}, then the event
 * loop gets a turn) and sets a one-shot timer for the next intended time; it pulls arrivals at most
 * {@link #HORIZON_NANOS} ahead of now, so a rate change applies within that horizon. Dispatch never waits
 * for responses. How late each dispatch is compared to its intended time goes to the dispatcher, which
 * reports it ({@code chaoslab_schedule_lag_seconds}) and measures corrected latency from the intended time.
 *
 * <p>Confined to one Vert.x context: {@link #start()}, {@link #wakeUp()} and {@link #stop()} on that context;
 * the dispatcher is called there too.
 */
public final class OpenModelScheduler {
    /** Arrivals dispatched in one go before yielding to the event loop. */
    public static final int MAX_BATCH = 256;
    /** How far ahead of now arrivals are pulled from the schedule: the delay before a rate change applies. */
    public static final long HORIZON_NANOS = 5_000_000;

    /** Receives each due arrival. */
    public interface Dispatcher {
        /**
         * @param intendedOffsetNanos the intended send time, ns from the run start
         * @param lagNanos            how much later than intended this dispatch happens (≥ 0)
         * @param phaseIndex          the phase the arrival belongs to
         */
        void dispatch(long intendedOffsetNanos, long lagNanos, int phaseIndex);
    }

    private final Context context;
    private final ArrivalSchedule schedule;
    private final Dispatcher dispatcher;
    private final Runnable onEnd;
    private final LongSupplier clock;
    private final long startNanos;
    private long pending = ArrivalSchedule.NOT_YET;
    private int pendingPhase;
    private long timerId = -1;
    private long generation;
    private boolean running;

    /**
     * @param startNanos the run start on {@code clock} ({@link System#nanoTime()} in production)
     * @param onEnd      called once when the schedule is over (not when stopped)
     */
    public OpenModelScheduler(
            Context context,
            ArrivalSchedule schedule,
            long startNanos,
            LongSupplier clock,
            Dispatcher dispatcher,
            Runnable onEnd) {
        this.context = context;
        this.schedule = schedule;
        this.startNanos = startNanos;
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.onEnd = onEnd;
    }

    public void start() {
        running = true;
        tick(generation);
    }

    /** Re-reads the schedule now (after a rate change) instead of at the next planned wake-up. */
    public void wakeUp() {
        if (running) {
            cancelTimer();
            tick(++generation);
        }
    }

    public void stop() {
        running = false;
        cancelTimer();
        generation++;
    }

    public boolean running() {
        return running;
    }

    private void tick(long gen) {
        if (!running || gen != generation) {
            return;
        }
        timerId = -1;
        int batch = 0;
        while (true) {
            long now = clock.getAsLong() - startNanos;
            if (pending == ArrivalSchedule.NOT_YET) {
                pending = schedule.nextBefore(now + HORIZON_NANOS);
                pendingPhase = schedule.lastPhaseIndex();
            }
            if (pending == ArrivalSchedule.FINISHED) {
                running = false;
                onEnd.run();
                return;
            }
            long wait = pending == ArrivalSchedule.NOT_YET ? HORIZON_NANOS : pending - now;
            if (wait > 0) {
                // Vert.x timers have millisecond resolution: wake at most 1 ms early and re-check rather than late
                timerId = context.owner().setTimer(Math.max(1, wait / 1_000_000), id -> tick(gen));
                return;
            }
            if (batch == MAX_BATCH) {
                context.runOnContext(v -> tick(gen));
                return;
            }
            long intended = pending;
            pending = ArrivalSchedule.NOT_YET;
            dispatcher.dispatch(intended, now - intended, pendingPhase);
            batch++;
            if (!running || gen != generation) {
                return;
            }
        }
    }

    private void cancelTimer() {
        if (timerId >= 0) {
            context.owner().cancelTimer(timerId);
            timerId = -1;
        }
    }
}
