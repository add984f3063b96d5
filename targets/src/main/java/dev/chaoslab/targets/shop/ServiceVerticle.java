package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.ChaosApi;
import dev.chaoslab.chaos.ChaosEngine;
import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.ChunkedFraming;
import dev.chaoslab.chaos.http.FailureHandler;
import dev.chaoslab.chaos.http.Responses;
import dev.chaoslab.targets.http.Downstream;
import dev.chaoslab.telemetry.ReadDeadlines;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every target service has: {@code /health}, {@code /ready}, {@code /metrics}, the chaos API, JSON errors
 * for every failure (never a stack trace), and its shop routes behind the chaos engine.
 */
public abstract class ServiceVerticle extends VerticleBase {

    /** Largest request body the services read; bigger bodies get 413. */
    public static final long MAX_BODY_BYTES = 64 * 1024;
    /** Seconds a connection may stay silent: longer than any injected hang or latency, shorter than forever. */
    static final int IDLE_TIMEOUT_SECONDS = 120;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceVerticle.class);

    protected final ServiceSettings settings;
    private final String service;
    private final Map<String, Downstream> downstreams = new LinkedHashMap<>();
    protected ChaosEngine chaos;
    private HttpServer server;

    protected ServiceVerticle(String service, ServiceSettings settings) {
        this.service = service;
        this.settings = settings;
    }

    public String service() {
        return service;
    }

    /** The services this one calls, by name. */
    protected abstract Set<String> dependencies();

    protected abstract void routes(Routes routes);

    /** How long a call to {@code dependency} may take; a hop that itself makes several calls needs longer. */
    protected long requestTimeoutMs(String dependency) {
        return settings.client().requestTimeoutMs();
    }

    protected Downstream downstream(String name) {
        return downstreams.get(name);
    }

    /** Port the service listens on (the real one when configured with 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    @Override
    public Future<?> start() {
        chaos = new ChaosEngine(
                service,
                vertx,
                settings.registry(),
                settings.chaos(),
                dependencies(),
                settings.random(),
                settings.clock());
        for (String dependency : dependencies()) {
            downstreams.put(
                    dependency,
                    new Downstream(
                            vertx,
                            service,
                            dependency,
                            settings.dependencyUrls().get(dependency),
                            settings.client(),
                            requestTimeoutMs(dependency),
                            chaos));
        }
        boolean exposed = !isLoopback(settings.host());
        ChaosApi chaosApi = new ChaosApi(chaos, settings.chaos().token(), exposed);
        if (exposed && settings.chaos().token() == null) {
            LOG.warn(
                    "{} listens on {} (not loopback) and CHAOS_TOKEN is not set: the chaos API refuses every change",
                    service,
                    settings.host());
        }

        // a slow client is cut off at the read deadlines once a route starts reading its body, not while a fault
        // holds the request before that
        ReadDeadlines.Options defaults = ReadDeadlines.Options.defaults(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS));
        ReadDeadlines deadlines = new ReadDeadlines(
                new ReadDeadlines.Options(
                        settings.readHeadTimeout(),
                        defaults.keepAlive(),
                        settings.readBodyTimeout(),
                        defaults.minBytesPerSecond()),
                service,
                settings.registry());
        Handler<RoutingContext> bodies =
                deadlines.reading(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        Router router = Router.router(vertx);
        settings.accessLog().accept(router);
        router.route().handler(new ChunkedFraming());
        router.get("/health")
                .handler(ctx -> Responses.json(
                        ctx, 200, new JsonObject().put("status", "UP").put("service", service)));
        router.get("/ready").handler(this::ready);
        router.get("/metrics").handler(settings.metricsHandler());
        router.route("/chaos/*").handler(bodies);
        chaosApi.mount(router);
        routes(new Routes(router, chaos, bodies));
        router.route().failureHandler(new FailureHandler(service, MAX_BODY_BYTES, LOG));
        router.errorHandler(
                404,
                ctx -> Responses.error(
                        ctx,
                        ApiError.notFound(
                                "not_found",
                                "no route " + ctx.request().method() + " "
                                        + shorten(ctx.request().path()) + " on " + service)));
        router.errorHandler(
                405,
                ctx -> Responses.error(
                        ctx,
                        new ApiError(
                                405,
                                "method_not_allowed",
                                ctx.request().method() + " is not allowed on "
                                        + ctx.request().path())));

        // a client that stops sending or reading is closed after a minute of silence instead of holding a connection
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS);
        return deadlines.createServer(vertx, options, router).listen().onSuccess(s -> {
            server = s;
            LOG.info("{} listening on http://{}:{}", service, settings.host(), s.actualPort());
        });
    }

    private void ready(RoutingContext ctx) {
        List<String> missing = new ArrayList<>();
        downstreams.values().stream().filter(d -> !d.configured()).forEach(d -> missing.add(d.name()));
        JsonObject body = new JsonObject().put("service", service);
        if (missing.isEmpty()) {
            Responses.json(ctx, 200, body.put("status", "READY"));
        } else {
            Responses.json(
                    ctx,
                    503,
                    body.put("status", "NOT_READY")
                            .put("message", "the URLs of " + String.join(", ", missing) + " are not configured"));
        }
    }

    @Override
    public Future<?> stop() {
        downstreams.values().forEach(Downstream::close);
        return chaos.close();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** What an error quotes of a request's path: enough to recognise it, never the whole of a long one. */
    private static String shorten(String path) {
        return path.length() > 60 ? path.substring(0, 60) + "…" : path;
    }
}
