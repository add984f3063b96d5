package dev.chaoslab.telemetry;

import dev.chaoslab.telemetry.ServerSpanCapture.TracedRequest;
import dev.chaoslab.telemetry.logging.AccessLine;
import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import dev.chaoslab.telemetry.logging.ShippedAccessLog;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per request on logger {@code access} when the response has been written.
 *
 * <p>By then Vert.x has ended the server span and removed it from the request's context, so the
 * OpenTelemetry context is taken when the request enters the router and made current again for the
 * log call: the appender of logger {@code access} ({@code AsyncLogAppender} in the shipped logback.xml)
 * captures that request's {@code trace_id} and {@code span_id} there, before the line is written on its own
 * thread. The marker ({@link AccessLineMarker}) and the arguments are immutable, so deferred encoding is safe.
 * With the shipped chain as it is ({@link ShippedAccessLog}) the line skips logback's event: the same fields are
 * captured here as an {@link AccessLine} and encoded into the same bytes on the writer thread (not under the Java
 * agent, see {@link #linePath()}).
 *
 * <p>The {@code route} is the one the request's span and metrics carry ({@link ServerSpanCapture.TracedRequest}),
 * taken from routing rather than from the route current at body end, which for a failed request is the failure
 * handler's. Fields the application added with {@link AccessLogFields} (e.g. {@code error}, {@code dependency})
 * follow the fixed ones.
 */
final class AccessLogHandler implements Handler<RoutingContext> {

    static final Logger ACCESS = LoggerFactory.getLogger("access");

    /** Whether the Java agent traces: it instruments logback's events and loses its context in Vert.x callbacks. */
    private final boolean agent;

    private AccessLogHandler(boolean agent) {
        this.agent = agent;
    }

    /** The handler for {@code instrumentation}: the line path and no kept context unless under the Java agent. */
    static AccessLogHandler of(Instrumentation instrumentation) {
        return new AccessLogHandler(instrumentation == Instrumentation.AGENT);
    }

    /**
     * Whether a line may skip logback's event when the chain is the shipped one; not under the Java agent, which
     * instruments logback's events (its MDC and, when enabled, its OTLP log export).
     */
    boolean linePath() {
        return !agent;
    }

    /**
     * Whether the request's trace context is kept on it for {@link RequestTraceContext#restore}; only under the Java
     * agent, whose context Vert.x callbacks lose.
     */
    boolean keepsTraceContext() {
        return agent;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        Context traced = CurrentContext.get();
        if (keepsTraceContext()) {
            RequestTraceContext.capture(ctx, traced);
        }
        TracedRequest routed = ServerSpanCapture.takeRouted();
        boolean linePath = linePath();
        ctx.addBodyEndHandler(v -> log(ctx, traced, routed, start, linePath));
        ctx.next();
    }

    private static void log(RoutingContext ctx, Context traced, TracedRequest routed, long start, boolean linePath) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        int status = ctx.response().getStatusCode();
        double durationMs = Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
        String pattern = routed != null ? routed.route() : routeOf(ctx.currentRoute());
        String method = request.method().name();
        String path = request.path();
        String route = pattern == null ? "" : pattern;
        Context context = traced == null ? Context.root() : traced;
        AsyncLogAppender shipped = linePath ? ShippedAccessLog.appender(ACCESS) : null;
        if (shipped != null) {
            shipped.appendAccessLine(
                    AccessLine.capture(context, method, route, path, status, durationMs, AccessLogFields.of(ctx)));
            return;
        }
        AccessLineMarker fields =
                new AccessLineMarker(method, route, path, status, durationMs, AccessLogFields.of(ctx));
        try (Scope ignored = context.makeCurrent()) {
            ACCESS.info(fields, "{} {} {} {} ms", method, path, status, durationMs);
        }
    }

    /** Without request metrics (never with {@link ServiceTelemetry#newVertx}): the route that ended the response. */
    private static String routeOf(Route route) {
        return route == null ? null : route.getName();
    }
}
