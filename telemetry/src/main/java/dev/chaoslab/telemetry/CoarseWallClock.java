package dev.chaoslab.telemetry;

import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A Micrometer {@link Clock} whose {@link #wallTime()} is the wall clock as last read by a tick (at most
 * {@link #TICK} old, plus the ticking thread's scheduling delay) and whose {@link #monotonicTime()} is
 * {@link System#nanoTime()}.
 *
 * <p>Micrometer reads its registry's wall clock on every observation of a timer (twice: the window of its maximum and
 * of its histogram buckets) and of a summary (once), only to see whether a window of tens of seconds has to rotate;
 * the registry's other uses (a series' created timestamp) want no more than a tick's precision either. One daemon
 * thread ({@value #THREAD_NAME}) ticks for the {@link #shared()} clock of every registry in the JVM.
 *
 * <p>Thread safety: safe from any thread; the time read is published through a volatile field.
 */
final class CoarseWallClock implements Clock {

    /**
     * How often the shared clock reads the wall clock: each tick wakes its thread, and a wake, not the read, is what
     * costs (about 0.2 ms of CPU time each on a busy virtual machine, more than a thousand observations save); a
     * second late, a window of tens of seconds rotates a second late, no observation is lost.
     */
    static final Duration TICK = Duration.ofSeconds(1);

    static final String THREAD_NAME = "chaoslab-meter-clock";

    private final LongSupplier wallMillis;
    private volatile long wallTime;

    /** A clock showing {@code wallMillis} as read at construction and at each {@link #tick()}. */
    CoarseWallClock(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
        this.wallTime = wallMillis.getAsLong();
    }

    /** The clock every service's registry shares, ticked every {@link #TICK} by a daemon thread started with it. */
    static CoarseWallClock shared() {
        return Shared.CLOCK;
    }

    /** Reads the wall clock again. */
    void tick() {
        wallTime = wallMillis.getAsLong();
    }

    @Override
    public long wallTime() {
        return wallTime;
    }

    @Override
    public long monotonicTime() {
        return System.nanoTime();
    }

    /** The shared clock and its ticking thread, made at first use. */
    private static final class Shared {
        static final CoarseWallClock CLOCK = new CoarseWallClock(System::currentTimeMillis);

        static {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, THREAD_NAME);
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(CLOCK::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
