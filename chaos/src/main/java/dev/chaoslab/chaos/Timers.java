package dev.chaoslab.chaos;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Waiting without blocking: a Vert.x timer as a future. */
final class Timers {

    private Timers() {}

    /** Completes after at least {@code ms} (rounded up to whole ms, the timer resolution). */
    static Future<Void> after(Vertx vertx, double ms) {
        long wait = (long) Math.ceil(ms);
        if (wait <= 0) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        vertx.setTimer(wait, id -> promise.complete());
        return promise.future();
    }
}
