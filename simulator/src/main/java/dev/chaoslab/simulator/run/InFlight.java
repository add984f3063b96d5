package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.metrics.RunLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's arrivals in flight, over all lanes: admits an arrival under the in-flight cap (over it, the arrival is
 * dropped) and, once traffic ended, tells the run when the last one is done.
 *
 * <p>Thread-safe: lanes call {@link #admit()} and {@link #release()} from their contexts; {@link #drain} is called on
 * the run's context and completes there.
 */
final class InFlight {
    /** How long a stopped or failed run waits for arrivals in flight before writing its report. */
    static final long STOP_DRAIN_MS = 2_000;

    private final AtomicLong count;
    private final long cap;
    /** How long a completed run waits for them: the longest an arrival's request can take, and a second. */
    private final long completedDrainMs;

    private final Vertx vertx;
    private final Context runContext;
    private final RunLog log;
    private volatile Promise<Void> drained;

    /**
     * @param count      the counter (the run reads it for its status)
     * @param load       the in-flight cap (one more arrival is dropped) and the timeouts that bound the drain
     * @param runContext where {@link #drain} completes
     */
    InFlight(AtomicLong count, LoadOptions load, Vertx vertx, Context runContext, RunLog log) {
        this.count = count;
        this.cap = load.inFlightCap();
        this.completedDrainMs = load.requestTimeoutMs() + load.connectTimeoutMs() + 1_000L;
        this.vertx = vertx;
        this.runContext = runContext;
        this.log = log;
    }

    /** Counts one more arrival in flight if under the cap; false (nothing counted) when it must be dropped. */
    boolean admit() {
        if (count.incrementAndGet() <= cap) {
            return true;
        }
        count.decrementAndGet();
        return false;
    }

    /** An admitted arrival ended. */
    void release() {
        long still = count.decrementAndGet();
        Promise<Void> draining = drained;
        if (draining != null && still == 0) {
            runContext.runOnContext(v -> draining.tryComplete());
        }
    }

    long get() {
        return count.get();
    }

    /**
     * Completes when no arrival is in flight any more, or at the latest after the longest a request can take when
     * the run {@code completed}, {@link #STOP_DRAIN_MS} otherwise (then a warning says how many are left); call on
     * the run's context once no arrival is admitted any more.
     */
    Future<Void> drain(boolean completed) {
        long timeoutMs = completed ? completedDrainMs : STOP_DRAIN_MS;
        Promise<Void> draining = Promise.promise();
        drained = draining;
        if (count.get() == 0) {
            // also when the last arrival ended between the lanes' stop and here
            return Future.succeededFuture();
        }
        long timer = vertx.setTimer(timeoutMs, t -> {
            if (draining.tryComplete()) {
                // clearing the faults next may end some of them (a hang fault's connections are reset): those still
                // count
                log.warn(
                        "{} request(s) still in flight after {} ms; the report counts those that end before it is written "
                                + "(clearing the run's faults may end them) and leaves the rest out",
                        count.get(),
                        timeoutMs);
            }
        });
        return draining.future().onComplete(ar -> vertx.cancelTimer(timer));
    }
}
