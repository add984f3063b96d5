package dev.chaoslab.telemetry;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves a registry as Prometheus text 0.0.4 or, when {@code Accept} asks for it, OpenMetrics 1.0.0,
 * the only one of the two that carries exemplars. (Vert.x's own {@code PrometheusScrapingHandler}
 * always answers the text format.) The scrape runs off the event loop (a registry of a few thousand
 * series takes milliseconds to write) on a one-thread pool of its own, {@value #SCRAPE_POOL}: on the
 * shared worker pool, a CPU-burn fault keeping every worker busy would delay scrapes until Prometheus
 * saw the target as down.
 */
final class MetricsHandler implements Handler<RoutingContext> {

    static final String OPENMETRICS = "application/openmetrics-text";
    static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String SCRAPE_POOL = "chaoslab-metrics-scrape";

    private final PrometheusMeterRegistry registry;
    private final String serviceName;
    private volatile WorkerExecutor scrapePool;

    MetricsHandler(PrometheusMeterRegistry registry, String serviceName) {
        this.registry = registry;
        this.serviceName = serviceName;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (registry == null) {
            ctx.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("error", "metrics_off")
                            .put(
                                    "message",
                                    "telemetry of service " + serviceName
                                            + " is off (CHAOSLAB_TELEMETRY=off); unset it to get metrics")
                            .encode());
            return;
        }
        String accept = ctx.request().getHeader("Accept");
        String contentType =
                accept != null && accept.contains(OPENMETRICS) ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
        boolean openMetrics = contentType == OPENMETRICS_CONTENT_TYPE;
        scrapePool(ctx.vertx())
                .executeBlocking(
                        () -> {
                            String body = registry.scrape(contentType);
                            return openMetrics ? ExemplarPlacement.keepOnBucketsAndCounters(body) : body;
                        },
                        false)
                .onSuccess(body ->
                        ctx.response().putHeader("Content-Type", contentType).end(body))
                .onFailure(ctx::fail);
    }

    private WorkerExecutor scrapePool(Vertx vertx) {
        WorkerExecutor pool = scrapePool;
        if (pool == null) {
            synchronized (this) {
                if (scrapePool == null) {
                    scrapePool = vertx.createSharedWorkerExecutor(SCRAPE_POOL, 1);
                }
                pool = scrapePool;
            }
        }
        return pool;
    }
}
