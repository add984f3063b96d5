package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Responses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Random;
import java.util.Set;

/**
 * A minimal real HTTP service around a chaos engine: routes {@code GET /work}, {@code POST /work},
 * {@code GET /other}, and {@code GET /call} which "calls" the dependency {@code backend} (answering 200 when
 * the call may go, else the injected failure's kind). Listens on a free loopback port.
 */
final class ChaosTestServer {

    final ChaosEngine engine;
    final SimpleMeterRegistry registry;
    private final HttpServer server;

    private ChaosTestServer(ChaosEngine engine, SimpleMeterRegistry registry, HttpServer server) {
        this.engine = engine;
        this.registry = registry;
        this.server = server;
    }

    static ChaosTestServer start(Vertx vertx, ChaosOptions options, long seed, ChaosClock clock) {
        return start(vertx, options, seed, clock, false);
    }

    static ChaosTestServer start(Vertx vertx, ChaosOptions options, long seed, ChaosClock clock, boolean exposed) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ChaosEngine engine =
                new ChaosEngine("testsvc", vertx, registry, options, Set.of("backend"), new Random(seed), clock);
        Router router = Router.router(vertx);
        router.route("/chaos/*").handler(BodyHandler.create());
        new ChaosApi(engine, options.token(), exposed).mount(router);
        router.get("/work")
                .handler(engine.requestHandler("GET", "/work"))
                .handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("ok", true)));
        router.post("/work")
                .handler(engine.requestHandler("POST", "/work"))
                .handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("ok", true)));
        router.get("/other")
                .handler(engine.requestHandler("GET", "/other"))
                .handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("ok", true)));
        router.get("/call")
                .handler(engine.requestHandler("GET", "/call"))
                .handler(ctx -> engine.beforeCall("backend", ctx, 300)
                        .onSuccess(v -> Responses.json(ctx, 200, new JsonObject().put("called", true)))
                        .onFailure(e -> Responses.json(
                                ctx,
                                599,
                                new JsonObject()
                                        .put(
                                                "kind",
                                                ((InjectedFailure) e).kind().name())
                                        .put("status", ((InjectedFailure) e).status()))));
        router.route().failureHandler(ctx -> {
            if (ctx.failure() instanceof ApiError e) {
                Responses.error(ctx, e);
            } else {
                ctx.response().setStatusCode(500).end(String.valueOf(ctx.failure()));
            }
        });
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        return new ChaosTestServer(engine, registry, server);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    Future<Void> close() {
        return engine.close().eventually(server::close);
    }

    double injections(String fault, String route) {
        var counter = registry.find("chaos.injections")
                .tag("fault", fault)
                .tag("route", route)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    double active(String fault) {
        return registry.get("chaos.faults.active").tag("fault", fault).gauge().value();
    }
}
