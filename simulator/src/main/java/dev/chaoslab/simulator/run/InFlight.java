package dev.chaoslab.simulator.run;

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
  private final AtomicLong count;
  private final long cap;
  private final Vertx vertx;
  private final Context runContext;
  private final RunLog log;
  private volatile Promise<Void> drained;

  /**
   * @param count      the counter (the run reads it for its status)
   * @param cap        arrivals in flight at most; one more is dropped
   * @param runContext where {@link #drain} completes
   */
  InFlight(AtomicLong count, long cap, Vertx vertx, Context runContext, RunLog log) {
    if (cap <= 0) {
      throw new IllegalArgumentException("the in-flight cap must be > 0, not " + cap);
    }
    this.count = count;
    this.cap = cap;
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
   * Completes when no arrival is in flight any more, or after {@code timeoutMs} (then a warning says how many are
   * left); call on the run's context once no arrival is admitted any more.
   */
  Future<Void> drain(long timeoutMs) {
    Promise<Void> draining = Promise.promise();
    drained = draining;
    if (count.get() == 0) {
      // also when the last arrival ended between the lanes' stop and here
      return Future.succeededFuture();
    }
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (draining.tryComplete()) {
        // clearing the faults next may end some of them (a hang fault's connections are reset): those still count
        log.warn("{} request(s) still in flight after {} ms; the report counts those that end before it is written "
          + "(clearing the run's faults may end them) and leaves the rest out", count.get(), timeoutMs);
      }
    });
    return draining.future().onComplete(ar -> vertx.cancelTimer(timer));
  }
}
