package dev.chaoslab.telemetry;

import dev.chaoslab.telemetry.ServerSpanCapture.TracedRequest;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per request on logger {@code access} when the response has been written, under the Java agent
 * ({@link Instrumentation#AGENT}); with the service's own SDK the metrics hook writes the lines
 * ({@link ResponseAccessLog}) and no handler is installed.
 *
 * <p>By then the agent's context is gone (it keeps it in a thread-local that Vert.x callbacks do not restore), so
 * the OpenTelemetry context is taken when the request enters the router, kept on the request for
 * {@link RequestTraceContext#restore}, and made current again for the log call: the agent instruments logback's
 * events, whose MDC then carries the request's {@code trace_id} and {@code span_id}. The line is always logged as a
 * logback event. The marker ({@link AccessLineMarker}) and the arguments are immutable, so deferred encoding is safe.
 *
 * <p>The {@code route} is the one the request's span and metrics carry ({@link ServerSpanCapture.TracedRequest}),
 * taken from routing rather than from the route current at body end, which for a failed request is the failure
 * handler's. Fields the application added with {@link AccessLogFields} (e.g. {@code error}, {@code dependency})
 * follow the fixed ones.
 */
final class AccessLogHandler implements Handler<RoutingContext> {

    static final Logger ACCESS = LoggerFactory.getLogger("access");

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        Context traced = CurrentContext.get();
        RequestTraceContext.capture(ctx, traced);
        TracedRequest routed = ServerSpanCapture.takeRouted();
        ctx.addBodyEndHandler(v -> log(ctx, traced, routed, start));
        ctx.next();
    }

    private static void log(RoutingContext ctx, Context traced, TracedRequest routed, long start) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        int status = ctx.response().getStatusCode();
        String pattern = routed != null ? routed.route() : routeOf(ctx.currentRoute());
        logEvent(
                traced == null ? Context.root() : traced,
                request.method().name(),
                pattern == null ? "" : pattern,
                request.path(),
                status,
                durationMs(System.nanoTime() - start),
                AccessLogFields.of(ctx));
    }

    /** {@code nanos} in milliseconds, rounded to two decimals: the line's {@code duration_ms}. */
    static double durationMs(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    /** Logs an access line as a logback event ({@link AccessLineMarker}) within {@code context}. */
    static void logEvent(
            Context context,
            String method,
            String route,
            String path,
            int status,
            double durationMs,
            Map<String, String> extra) {
        AccessLineMarker fields = new AccessLineMarker(method, route, path, status, durationMs, extra);
        try (Scope ignored = context.makeCurrent()) {
            ACCESS.info(fields, "{} {} {} {} ms", method, path, status, durationMs);
        }
    }

    /** Without request metrics (never with {@link ServiceTelemetry#newVertx}): the route that ended the response. */
    private static String routeOf(Route route) {
        return route == null ? null : route.getName();
    }
}
