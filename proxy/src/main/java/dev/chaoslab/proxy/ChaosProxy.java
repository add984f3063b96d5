package dev.chaoslab.proxy;

import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running proxy with its own telemetry (registry, OpenTelemetry SDK, access log, all named after the proxy) and
 * its own Vert.x instance, as each shop service has.
 *
 * <pre>{@code
 * ProxySpec spec = new ProxySpec("catalog", HostPort.parse("127.0.0.1:9000"),
 *   URI.create("http://127.0.0.1:8080"), HostPort.parse("127.0.0.1:9001"),
 *   new RouteTemplates(List.of("/api/products/:sku")));
 * ChaosProxy proxy = ChaosProxy.start(spec, new UpstreamOptions(), ChaosOptions.fromEnv(System.getenv()),
 *   System.getenv()).await();
 * …
 * proxy.close().await();
 * }</pre>
 */
public final class ChaosProxy {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosProxy.class);
    private static final long CLOSE_TIMEOUT_S = 10;

    private final ProxySpec spec;
    private final ServiceTelemetry telemetry;
    private final Vertx vertx;
    private final ProxyVerticle verticle;

    private ChaosProxy(ProxySpec spec, ServiceTelemetry telemetry, Vertx vertx, ProxyVerticle verticle) {
        this.spec = spec;
        this.telemetry = telemetry;
        this.vertx = vertx;
        this.verticle = verticle;
    }

    /**
     * Starts a proxy; {@code env} supplies the {@code OTEL_*} and {@code CHAOSLAB_TELEMETRY} settings. Fails (and
     * releases what it started) when a listener cannot be bound or the admin listener is exposed without a token.
     */
    public static Future<ChaosProxy> start(
            ProxySpec spec, UpstreamOptions upstream, ChaosOptions chaos, Map<String, String> env) {
        ServiceTelemetry telemetry = ServiceTelemetry.create(
                TelemetryOptions.fromEnvInSharedProcess(spec.name()).withEnv(env));
        Vertx vertx = telemetry.newVertx(new VertxOptions());
        ProxyVerticle verticle = new ProxyVerticle(spec, upstream, chaos, telemetry, new Random());
        ChaosProxy proxy = new ChaosProxy(spec, telemetry, vertx, verticle);
        // not a composition on the deployment's future: its callbacks would run on the event loop being closed
        Promise<ChaosProxy> started = Promise.promise();
        vertx.deployVerticle(verticle).onComplete(ar -> {
            if (ar.succeeded()) {
                started.complete(proxy);
            } else {
                proxy.close().onComplete(closed -> started.fail(ar.cause()));
            }
        });
        return started.future();
    }

    public ProxySpec spec() {
        return spec;
    }

    /** The port clients connect to. */
    public int port() {
        return verticle.port();
    }

    /** The admin listener's port. */
    public int adminPort() {
        return verticle.adminPort();
    }

    /**
     * Stops the listeners (removing every fault, closing hung requests), then flushes the telemetry. Runs on a
     * thread of its own: the flush blocks.
     */
    public Future<Void> close() {
        CompletableFuture<Void> closed = CompletableFuture.runAsync(
                () -> {
                    try {
                        vertx.close().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        LOG.warn("closing the proxy {} failed: {}", spec.name(), e.toString());
                    }
                    telemetry.close();
                },
                task -> {
                    Thread thread = new Thread(task, "close-" + spec.name());
                    thread.setDaemon(true);
                    thread.start();
                });
        return Future.fromCompletionStage(closed);
    }
}
