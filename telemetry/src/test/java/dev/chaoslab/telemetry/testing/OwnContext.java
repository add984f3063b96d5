package dev.chaoslab.telemetry.testing;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A Vert.x context of its own for a test, made with public API only: the context of a deployment that does
 * nothing, as a run or a service deployed as a verticle would have. Each call gives a distinct context.
 */
public final class OwnContext {

    private OwnContext() {}

    /** Deploys a no-op {@link Deployable} on {@code vertx} and completes with its context. */
    public static Future<Context> deploy(Vertx vertx) {
        Context[] deployed = new Context[1];
        Deployable capture = context -> {
            deployed[0] = context;
            return Future.succeededFuture();
        };
        return vertx.deployVerticle(capture).map(id -> deployed[0]);
    }
}
