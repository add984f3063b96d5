package dev.chaoslab.simulator.api;

import dev.chaoslab.telemetry.ReadDeadlines;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the REST API. Refuses to start on a non-loopback address without a token
 * ({@link ApiOptions#checkSafe()}).
 */
public final class ApiVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(ApiVerticle.class);
    /** Seconds a connection may stay silent; far above any answer's time, as status polls are short requests. */
    static final int IDLE_TIMEOUT_SECONDS = 60;

    private final ApiOptions options;
    private final Function<Vertx, Router> routerFactory;
    private HttpServer server;

    public ApiVerticle(ApiOptions options, Function<Vertx, Router> routerFactory) {
        this.options = options;
        this.routerFactory = routerFactory;
    }

    @Override
    public Future<?> start() {
        try {
            options.checkSafe();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        Router router = routerFactory.apply(vertx);
        // a client that stops sending or reading (a slow or abandoned connection) is closed, not held forever;
        // one that sends too slowly is cut off at the read deadlines (the API reads every body at once)
        ReadDeadlines deadlines = new ReadDeadlines(options.readDeadlines(), "simulator-api", options.meterRegistry());
        server = deadlines.createServer(
                vertx,
                new HttpServerOptions()
                        .setHost(options.host())
                        .setPort(options.port())
                        .setIdleTimeout(IDLE_TIMEOUT_SECONDS),
                request -> {
                    deadlines.bodyStarts(request);
                    router.handle(request);
                });
        return server.listen()
                .onSuccess(s -> log.info(
                        "simulator API listening on http://{}:{}{}",
                        options.host(),
                        s.actualPort(),
                        options.token() != null ? " (mutating calls need the bearer token)" : ""));
    }

    /** The port actually bound (useful when port 0 asked for a free one). */
    public int actualPort() {
        return server.actualPort();
    }
}
