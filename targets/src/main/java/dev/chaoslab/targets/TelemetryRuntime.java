package dev.chaoslab.targets;

import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A service's runtime built by the telemetry module: metrics, tracing, JSON access log (or none of them when off). */
final class TelemetryRuntime implements ServiceRuntime {

  private final ServiceTelemetry telemetry;
  private final Vertx vertx;

  TelemetryRuntime(String service, boolean enabled, boolean sharedProcess, Map<String, String> env, VertxOptions options) {
    TelemetryOptions telemetryOptions = !enabled ? TelemetryOptions.disabled(service)
      : (sharedProcess ? TelemetryOptions.fromEnvInSharedProcess(service) : TelemetryOptions.fromEnv(service)).withEnv(env);
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
  public Handler<RoutingContext> accessLogHandler() {
    return telemetry.accessLogHandler();
  }

  /** Vert.x first (its last spans end), then the SDK flush, which blocks and so runs off the event loops. */
  @Override
  public Future<Void> close() {
    return vertx.close().eventually(() -> Future.fromCompletionStage(CompletableFuture.runAsync(telemetry::close)));
  }
}
