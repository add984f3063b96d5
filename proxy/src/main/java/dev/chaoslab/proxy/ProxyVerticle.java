package dev.chaoslab.proxy;

import dev.chaoslab.chaos.ChaosApi;
import dev.chaoslab.chaos.ChaosClock;
import dev.chaoslab.chaos.ChaosEngine;
import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.chaos.FaultReader;
import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.FailureHandler;
import dev.chaoslab.chaos.http.Responses;
import dev.chaoslab.telemetry.ReadDeadlines;
import dev.chaoslab.telemetry.ServiceTelemetry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chaos proxy: a listener that forwards every request to the upstream through {@code vertx-http-proxy}
 * (streaming bodies, hop-by-hop headers dropped), with the chaos engine in front of each route template, and an
 * admin listener with the chaos API, {@code /metrics}, {@code /health} and {@code /ready}. Deploy it on the
 * Vert.x instance of the proxy's {@link ServiceTelemetry}, which measures and traces both sides.
 */
public final class ProxyVerticle extends VerticleBase {

    /** Largest chaos API request body; bigger gets 413. */
    public static final long MAX_ADMIN_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ProxyVerticle.class);
    /** Seconds a connection to either listener may stay silent (the targets' figure). */
    static final int IDLE_TIMEOUT_SECONDS = 120;

    private final ProxySpec spec;
    private final UpstreamOptions upstream;
    private final ChaosOptions chaosOptions;
    private final ServiceTelemetry telemetry;
    private final Random random;
    private final Map<HttpServerRequest, RoutingContext> exchanges = new HashMap<>();
    private ChaosEngine chaos;
    private HttpClient client;
    private HttpServer server;
    private HttpServer adminServer;
    private ReadDeadlines deadlines;

    public ProxyVerticle(
            ProxySpec spec,
            UpstreamOptions upstream,
            ChaosOptions chaosOptions,
            ServiceTelemetry telemetry,
            Random random) {
        this.spec = spec;
        this.upstream = upstream;
        this.chaosOptions = chaosOptions.copy();
        this.telemetry = telemetry;
        this.random = random;
    }

    @Override
    public Future<?> start() {
        boolean exposed = !Addresses.isLoopback(spec.admin().host());
        if (exposed && chaosOptions.token() == null) {
            return Future.failedFuture(new IllegalStateException("the admin listener of " + spec.name() + " is on "
                    + spec.admin() + " (not loopback): set CHAOS_TOKEN, or keep it on 127.0.0.1"));
        }
        chaos = new ChaosEngine(
                spec.name(),
                vertx,
                telemetry.registry(),
                chaosOptions,
                Set.of(UpstreamProblem.DEPENDENCY),
                random,
                ChaosClock.SYSTEM,
                true);
        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) upstream.connectTimeoutMs())
                        .setMetricsName(UpstreamProblem.DEPENDENCY),
                new PoolOptions()
                        .setHttp1MaxSize(upstream.maxConnections())
                        .setMaxWaitQueueSize(upstream.maxWaitQueue()));
        // a slow client is cut off at the read deadlines once its body is forwarded, not while a fault holds it
        ReadDeadlines.Options defaults = ReadDeadlines.Options.defaults(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS));
        deadlines = new ReadDeadlines(
                new ReadDeadlines.Options(
                        Duration.ofMillis(upstream.readHeadTimeoutMs()),
                        defaults.keepAlive(),
                        Duration.ofMillis(upstream.readBodyTimeoutMs()),
                        defaults.minBytesPerSecond()),
                spec.name(),
                telemetry.registry());
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
                .origin(context -> {
                    deadlines.bodyStarts(context.request().proxiedRequest());
                    return context.client()
                            .request(new RequestOptions()
                                    .setHost(spec.upstream().getHost())
                                    .setPort(spec.upstreamPort())
                                    .setConnectTimeout(upstream.connectTimeoutMs())
                                    .setIdleTimeout(upstream.idleTimeoutMs()));
                })
                .addInterceptor(new ChaosInterceptor(
                        vertx, chaos, exchanges, spec.name(), spec.upstreamAuthority(), upstream.idleTimeoutMs()));

        FailureHandler failures = new FailureHandler(spec.name(), MAX_ADMIN_BODY_BYTES, LOG);
        Router router = Router.router(vertx);
        // the body stays unread until forwarded: faults may take a while, and the proxy streams it on
        router.route().handler(ctx -> {
            ctx.request().pause();
            ctx.next();
        });
        telemetry.installAccessLog(router);
        Handler<RoutingContext> forward = ctx -> forward(proxy, ctx);
        for (String label : spec.routes().labels()) {
            // named: Vert.x would report the catch-all '/*' as '/'
            router.route(label).setName(label).handler(faultsOf(label)).handler(forward);
        }
        router.route().failureHandler(failures);

        Router admin = Router.router(vertx);
        telemetry.installAccessLog(admin);
        admin.get("/health").handler(ctx -> Responses.json(ctx, 200, status("UP")));
        admin.get("/ready").handler(ctx -> Responses.json(ctx, 200, status("READY")));
        admin.get("/metrics").handler(telemetry.metricsHandler());
        admin.route("/chaos/*")
                .handler(deadlines.reading(BodyHandler.create(false).setBodyLimit(MAX_ADMIN_BODY_BYTES)));
        new ChaosApi(chaos, chaosOptions.token(), exposed).mount(admin);
        admin.route().failureHandler(failures);
        admin.errorHandler(
                404,
                ctx -> Responses.error(
                        ctx,
                        ApiError.notFound(
                                "not_found",
                                "no route "
                                        + ctx.request().method() + " "
                                        + ctx.request().path() + " on the admin listener of " + spec.name()
                                        + " (it serves /chaos/faults, /metrics, /health, /ready)")));
        admin.errorHandler(
                405,
                ctx -> Responses.error(
                        ctx,
                        new ApiError(
                                405,
                                "method_not_allowed",
                                ctx.request().method() + " is not allowed on "
                                        + ctx.request().path())));

        return listen(router, spec.listen())
                .compose(s -> {
                    server = s;
                    return listen(admin, spec.admin());
                })
                .onSuccess(s -> {
                    adminServer = s;
                    LOG.info(
                            "proxy {} listening on {}:{} for {}, admin on {}:{}",
                            spec.name(),
                            spec.listen().host(),
                            server.actualPort(),
                            spec.upstream(),
                            spec.admin().host(),
                            s.actualPort());
                });
    }

    private Future<HttpServer> listen(Router router, HostPort address) {
        return deadlines
                .createServer(
                        vertx,
                        new HttpServerOptions()
                                .setHost(address.host())
                                .setPort(address.port())
                                .setIdleTimeout(IDLE_TIMEOUT_SECONDS),
                        router)
                .listen();
    }

    /** The chaos engine's handler of each method on this route, so faults match by method and route. */
    private Handler<RoutingContext> faultsOf(String route) {
        Map<HttpMethod, Handler<RoutingContext>> byMethod = new HashMap<>();
        for (String method : FaultReader.METHODS) {
            byMethod.put(HttpMethod.valueOf(method), chaos.requestHandler(method, route));
        }
        return ctx -> byMethod.getOrDefault(ctx.request().method(), RoutingContext::next)
                .handle(ctx);
    }

    private void forward(HttpProxy proxy, RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        exchanges.put(request, ctx);
        ctx.addEndHandler(v -> exchanges.remove(request));
        proxy.handle(request);
    }

    private JsonObject status(String status) {
        return new JsonObject()
                .put("status", status)
                .put("service", spec.name())
                .put("upstream", spec.upstream().toString());
    }

    /** The port clients connect to (the real one when configured with 0). */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    /** The admin listener's port (the real one when configured with 0). */
    public int adminPort() {
        return adminServer == null ? -1 : adminServer.actualPort();
    }

    @Override
    public Future<?> stop() {
        return chaos.close().compose(v -> client.close());
    }
}
