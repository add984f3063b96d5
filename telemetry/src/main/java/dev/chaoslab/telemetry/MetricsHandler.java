package dev.chaoslab.telemetry;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves a registry as Prometheus text 0.0.4 or, when {@code Accept} asks for it, OpenMetrics 1.0.0,
 * the only one of the two that carries exemplars. (Vert.x's own {@code PrometheusScrapingHandler}
 * always answers the text format.) The scrape runs on a worker: a registry of a few thousand series
 * takes milliseconds to write, which an event loop should not spend.
 */
final class MetricsHandler implements Handler<RoutingContext> {

  static final String OPENMETRICS = "application/openmetrics-text";
  static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final String serviceName;

  MetricsHandler(PrometheusMeterRegistry registry, String serviceName) {
    this.registry = registry;
    this.serviceName = serviceName;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (registry == null) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
        .end(new JsonObject()
          .put("error", "metrics_off")
          .put("message", "telemetry of service " + serviceName + " is off (CHAOSLAB_TELEMETRY=off); unset it to get metrics")
          .encode());
      return;
    }
    String accept = ctx.request().getHeader("Accept");
    String contentType = accept != null && accept.contains(OPENMETRICS) ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
    ctx.vertx().executeBlocking(() -> registry.scrape(contentType), false)
      .onSuccess(body -> ctx.response().putHeader("Content-Type", contentType).end(body))
      .onFailure(ctx::fail);
  }
}
