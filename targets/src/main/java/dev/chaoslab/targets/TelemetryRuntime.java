package dev.chaoslab.targets;

import dev.chaoslab.telemetry.Instrumentation;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A service's runtime built by the telemetry module: metrics, tracing, JSON access log (or none of them when off). */
final class TelemetryRuntime implements ServiceRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryRuntime.class);
    private static final long CLOSE_TIMEOUT_S = 10;

    private final ServiceTelemetry telemetry;
    private final Vertx vertx;

    TelemetryRuntime(
            String service,
            boolean enabled,
            boolean sharedProcess,
            Map<String, String> env,
            Instrumentation instrumentation,
            VertxOptions options) {
        Map<String, String> overrides = new HashMap<>(env);
        overrides.put(Instrumentation.VARIABLE, instrumentation.id());
        TelemetryOptions fromEnv =
                sharedProcess ? TelemetryOptions.fromEnvInSharedProcess(service) : TelemetryOptions.fromEnv(service);
        TelemetryOptions telemetryOptions = enabled ? fromEnv.withEnv(overrides) : TelemetryOptions.disabled(service);
        this.telemetry = ServiceTelemetry.create(telemetryOptions);
        this.vertx = telemetry.newVertx(options);
    }

    @Override
    public String service() {
        return telemetry.serviceName();
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public MeterRegistry registry() {
        return telemetry.registry();
    }

    @Override
    public Handler<RoutingContext> metricsHandler() {
        return telemetry.metricsHandler();
    }

    @Override
    public void installAccessLog(Router router) {
        telemetry.installAccessLog(router);
    }

    /**
     * Vert.x first (its last spans end), then the SDK flush. Both run on a thread of their own: the flush
     * blocks, and a caller on one of this Vert.x instance's own threads (e.g. a failed deployment) would never
     * hear back, since the close stops the event loop its callbacks would run on.
     */
    @Override
    public Future<Void> close() {
        CompletableFuture<Void> closed = CompletableFuture.runAsync(
                () -> {
                    try {
                        vertx.close().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        LOG.warn("closing the Vert.x instance of {} failed: {}", telemetry.serviceName(), e.toString());
                    }
                    telemetry.close();
                },
                task -> {
                    Thread thread = new Thread(task, "close-" + telemetry.serviceName());
                    thread.setDaemon(true);
                    thread.start();
                });
        return Future.fromCompletionStage(closed);
    }
}
