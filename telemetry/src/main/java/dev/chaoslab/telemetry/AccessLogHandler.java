package dev.chaoslab.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per request on logger {@code access} when the response has been written.
 *
 * <p>By then Vert.x has ended the server span and removed it from the request's context, so the
 * OpenTelemetry context is taken when the request enters the router and made current again for the
 * log call: the appender of logger {@code access} ({@code AsyncLogAppender} in the shipped logback.xml)
 * captures that request's {@code trace_id} and {@code span_id} there, before the line is written on its own
 * thread. The marker's map and the arguments are not touched after the call, so deferred encoding is safe.
 */
final class AccessLogHandler implements Handler<RoutingContext> {

  static final Logger ACCESS = LoggerFactory.getLogger("access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    Context traced = CurrentContext.get();
    RequestTraceContext.capture(ctx, traced);
    ctx.addBodyEndHandler(v -> log(ctx, traced, start));
    ctx.next();
  }

  private static void log(RoutingContext ctx, Context traced, long start) {
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    HttpServerRequest request = ctx.request();
    int status = ctx.response().getStatusCode();
    double durationMs = Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
    Route route = ctx.currentRoute();
    String pattern = route == null || route.getName() == null ? "" : route.getName();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("method", request.method().name());
    fields.put("route", pattern);
    fields.put("path", request.path());
    fields.put("status", status);
    fields.put("duration_ms", durationMs);
    Context context = traced == null ? Context.root() : traced;
    try (Scope ignored = context.makeCurrent()) {
      ACCESS.info(Markers.appendEntries(fields), "{} {} {} {} ms", request.method().name(), request.path(), status, durationMs);
    }
  }
}
