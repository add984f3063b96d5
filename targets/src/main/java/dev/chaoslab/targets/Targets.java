package dev.chaoslab.targets;

import dev.chaoslab.targets.shop.GatewayService;
import dev.chaoslab.targets.shop.InventoryService;
import dev.chaoslab.targets.shop.OrdersService;
import dev.chaoslab.targets.shop.PaymentsService;
import dev.chaoslab.targets.shop.ServiceSettings;
import dev.chaoslab.targets.shop.ServiceVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts target services in this JVM, each in its own Vert.x instance (own registry, tracer and service name,
 * exactly as one per process). Dependencies start first so that callers are wired to their real ports.
 *
 * <pre>{@code
 * RunningTargets targets = Targets.start(TargetsConfig.allOnFreePorts()).await();
 * String gateway = targets.baseUrl(ServiceName.GATEWAY);
 * ...
 * targets.close().await();
 * }</pre>
 */
public final class Targets {

    private static final Logger LOG = LoggerFactory.getLogger(Targets.class);
    private static final long START_TIMEOUT_S = 60;
    private static final List<ServiceName> START_ORDER =
            List.of(ServiceName.INVENTORY, ServiceName.PAYMENTS, ServiceName.ORDERS, ServiceName.GATEWAY);

    private Targets() {}

    /**
     * Starts the configured services; fails (having stopped whatever had started) when one cannot start.
     * Each Vert.x instance and telemetry SDK is built on a start-up thread of its own: building them blocks, and
     * a Vert.x instance must not be created on another one's event loop (Vert.x warns "You're already on a Vert.x
     * context"). A caller on a Vert.x context hears back on that context.
     */
    public static Future<RunningTargets> start(TargetsConfig config) {
        Context caller = Vertx.currentContext();
        CompletableFuture<RunningTargets> started = CompletableFuture.supplyAsync(() -> startAll(config), task -> {
            Thread thread = new Thread(task, "targets-start");
            thread.setDaemon(true);
            thread.start();
        });
        return (caller == null ? Future.fromCompletionStage(started) : Future.fromCompletionStage(started, caller))
                .recover(e -> Future.failedFuture(
                        e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
    }

    private static RunningTargets startAll(TargetsConfig config) {
        RunningTargets running = new RunningTargets();
        try {
            for (ServiceName service : START_ORDER) {
                if (config.services().contains(service)) {
                    startOne(service, config, running);
                }
            }
            return running;
        } catch (RuntimeException e) {
            awaitQuietly(running.close());
            throw e;
        }
    }

    private static void startOne(ServiceName service, TargetsConfig config, RunningTargets running) {
        ServiceRuntime runtime = new TelemetryRuntime(
                service.id(),
                config.telemetry(),
                config.services().size() > 1,
                config.telemetryEnv(),
                config.instrumentation(),
                new VertxOptions());
        Map<String, String> urls = new LinkedHashMap<>();
        for (ServiceName dependency : service.dependencies()) {
            urls.put(dependency.id(), running.has(dependency) ? running.baseUrl(dependency) : config.url(dependency));
        }
        Random random = config.seed() == null ? new Random() : new Random(config.seed() * 31 + service.ordinal());
        ServiceSettings settings = new ServiceSettings(
                config.host(),
                config.port(service),
                runtime.registry(),
                runtime.metricsHandler(),
                runtime::installAccessLog,
                config.chaos(),
                config.client(),
                urls,
                random,
                config.clock(),
                Duration.ofMillis(config.readHeadTimeoutMs()),
                Duration.ofMillis(config.readBodyTimeoutMs()));
        ServiceVerticle verticle = switch (service) {
            case GATEWAY -> new GatewayService(settings);
            case ORDERS -> new OrdersService(settings);
            case PAYMENTS -> new PaymentsService(settings);
            case INVENTORY -> new InventoryService(settings);
        };
        try {
            runtime.vertx().deployVerticle(verticle).await(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            awaitQuietly(runtime.close());
            throw new IllegalStateException(
                    service.id() + " could not start on " + config.host() + ":" + config.port(service) + ": "
                            + e.getMessage(),
                    e);
        }
        running.add(new RunningTargets.Started(
                service,
                runtime,
                verticle.actualPort(),
                "http://" + connectHost(config.host()) + ":" + verticle.actualPort()));
    }

    private static void awaitQuietly(Future<Void> future) {
        try {
            future.await(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping after a failed start: {}", e.toString());
        }
    }

    /** A wildcard bind address is not something to connect to; loopback reaches it. */
    private static String connectHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    }
}
