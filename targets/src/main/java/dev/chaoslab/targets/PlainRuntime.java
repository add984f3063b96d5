package dev.chaoslab.targets;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;

/** Interim runtime until the telemetry module lands: plain Vert.x, an in-memory registry, no /metrics. */
final class PlainRuntime implements ServiceRuntime {

  private final String service;
  private final Vertx vertx;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  PlainRuntime(String service, VertxOptions options) {
    this.service = service;
    this.vertx = Vertx.vertx(options);
    registry.config().commonTags("service", service);
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public Handler<RoutingContext> metricsHandler() {
    return ctx -> ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
      .end("{\"error\":\"metrics_unavailable\",\"message\":\"telemetry is not wired into this build\"}");
  }

  @Override
  public Handler<RoutingContext> accessLogHandler() {
    return RoutingContext::next;
  }

  @Override
  public Future<Void> close() {
    return vertx.close().onComplete(ar -> registry.close());
  }
}
