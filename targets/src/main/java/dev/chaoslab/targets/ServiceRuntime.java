package dev.chaoslab.targets;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What one target service gets from its process: its own Vert.x instance, meter registry, {@code /metrics}
 * handler and access log. The one seam between the targets and the telemetry module.
 */
public interface ServiceRuntime {

    String service();

    Vertx vertx();

    /** The service's registry; carries the common tag {@code service}. */
    MeterRegistry registry();

    Handler<RoutingContext> metricsHandler();

    /** Logs one access line per request {@code router} serves; call it before adding routes. */
    void installAccessLog(Router router);

    /** Closes the Vert.x instance, then the telemetry (flushing spans). */
    Future<Void> close();
}
