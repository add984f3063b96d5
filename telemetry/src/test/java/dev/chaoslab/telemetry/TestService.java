package dev.chaoslab.telemetry;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;

/** A service under test: its telemetry, its own Vert.x instance and a router on a free loopback port. */
final class TestService {

    final ServiceTelemetry telemetry;
    final Vertx vertx;
    final Router router;
    private HttpServer server;

    private TestService(ServiceTelemetry telemetry) {
        this.telemetry = telemetry;
        this.vertx = telemetry.newVertx(new VertxOptions().setEventLoopPoolSize(1));
        this.router = Router.router(vertx);
        telemetry.installAccessLog(router);
        router.get("/metrics").handler(telemetry.metricsHandler());
    }

    /** Starts a service whose routes {@code routes} adds (after the access log and /metrics). */
    static Future<TestService> start(TelemetryOptions options, BiConsumer<TestService, Router> routes) {
        TestService service = new TestService(ServiceTelemetry.create(options));
        routes.accept(service, service.router);
        return service.vertx
                .createHttpServer()
                .requestHandler(service.router)
                .listen(0, "127.0.0.1")
                .map(server -> {
                    service.server = server;
                    return service;
                });
    }

    static Handler<RoutingContext> ok(String body) {
        return ctx -> ctx.response().end(body);
    }

    int port() {
        return server.actualPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Closes the Vert.x instance (its last spans end), then the telemetry (they are flushed). */
    void close() {
        vertx.close().await();
        telemetry.close();
    }
}
