package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.ChaosEngine;
import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.targets.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Registers the shop routes of a service so that each one goes through the chaos engine first, and answers
 * with the {@link Reply} its handler's future completes with (or the {@link ApiError} it fails with).
 */
public final class Routes {

    /** A shop route: computes the answer asynchronously; may throw or fail with {@link ApiError}. */
    @FunctionalInterface
    public interface JsonHandler {
        Future<Reply> handle(RoutingContext ctx);
    }

    private final Router router;
    private final ChaosEngine chaos;
    private final Handler<RoutingContext> bodies;

    Routes(Router router, ChaosEngine chaos, Handler<RoutingContext> bodies) {
        this.router = router;
        this.chaos = chaos;
        this.bodies = bodies;
    }

    public void get(String path, JsonHandler handler) {
        add(HttpMethod.GET, path, handler);
    }

    public void post(String path, JsonHandler handler) {
        add(HttpMethod.POST, path, handler);
    }

    public void delete(String path, JsonHandler handler) {
        add(HttpMethod.DELETE, path, handler);
    }

    private void add(HttpMethod method, String path, JsonHandler handler) {
        Route route = router.route(method, path);
        if (method == HttpMethod.POST) {
            route.handler(bodies);
        }
        route.handler(chaos.requestHandler(method.name(), path)).handler(ctx -> {
            Future<Reply> reply;
            try {
                reply = handler.handle(ctx);
            } catch (ApiError e) {
                reply = Future.failedFuture(e);
            }
            reply.onSuccess(r -> {
                        if (r.body() == null) {
                            ctx.response().setStatusCode(r.status()).end();
                        } else {
                            ctx.response()
                                    .setStatusCode(r.status())
                                    .putHeader("Content-Type", "application/json")
                                    .end(r.body().encode());
                        }
                    })
                    .onFailure(ctx::fail);
        });
    }
}
