package dev.chaoslab.telemetry;

import dev.chaoslab.telemetry.ServerSpanCapture.TracedRequest;
import dev.chaoslab.telemetry.logging.AccessLine;
import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import dev.chaoslab.telemetry.logging.ShippedAccessLog;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.vertx.core.spi.observability.HttpRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a service's access lines from the metrics hook, when Vert.x reports that a response has ended
 * ({@code HttpServerMetrics.responseEnd}), instead of from a router handler: no route, handler or body-end callback
 * per request. Only when the service's own SDK traces: the line's trace ids are those of the request's server span,
 * which the hook holds. Under the Java agent, whose context must be current at the log call and is lost in Vert.x
 * callbacks, {@link AccessLogHandler} logs instead, handed the request by {@link #handsOffRoutes()}.
 *
 * <p>Lines are written once {@link #start()} was called (by {@link ServiceTelemetry#installAccessLog}), for every
 * response of the service's HTTP servers. The line's {@code duration_ms} is the interval the server timer records,
 * from the request's begin to the response's end.
 */
final class ResponseAccessLog {

    /** Whether the Java agent traces; then this never writes a line. */
    private final boolean agent;

    private static final Logger LOG = LoggerFactory.getLogger(ResponseAccessLog.class);

    private volatile boolean started;
    private volatile boolean failed;

    ResponseAccessLog(Instrumentation instrumentation) {
        this.agent = instrumentation == Instrumentation.AGENT;
    }

    /** From now on, writes a line for every response; does nothing under the Java agent. */
    void start() {
        if (!agent) {
            started = true;
        }
    }

    /** Whether {@link #log} writes lines. */
    boolean started() {
        return started;
    }

    /** Whether the request being routed must be handed to {@link AccessLogHandler}: only under the Java agent. */
    boolean handsOffRoutes() {
        return agent;
    }

    /**
     * Writes the access line of {@code traced}, answered with {@code status} after {@code nanos}, when started;
     * {@code endNanos}: the {@link System#nanoTime()} the response ended at, the line's {@code @timestamp}.
     */
    void log(TracedRequest traced, int status, long nanos, long endNanos) {
        HttpRequest request = traced.request;
        if (!started || request == null) {
            return;
        }
        try {
            AsyncLogAppender shipped = ShippedAccessLog.infoAppender(AccessLogHandler.ACCESS);
            if (shipped != null || AccessLogHandler.ACCESS.isInfoEnabled()) {
                write(traced, request, status, nanos, endNanos, shipped);
            }
        } catch (RuntimeException e) {
            // thrown on, it would end in Vert.x's write of the response and leave the connection's next request waiting
            if (!failed) {
                failed = true;
                LOG.warn("An access line could not be written; further such failures are not reported", e);
            }
        }
    }

    /** {@code shipped}: the appender to give the line to, {@code null} to log it as an event. */
    private static void write(
            TracedRequest traced,
            HttpRequest request,
            int status,
            long nanos,
            long endNanos,
            AsyncLogAppender shipped) {
        String path = ServerRequests.path(request);
        io.vertx.core.Context vertx = ServerRequests.context(request);
        double durationMs = AccessLogHandler.durationMs(nanos);
        String route = traced.route() == null ? "" : traced.route();
        Map<String, String> extra = traced.takeFields();
        Span span = traced.span;
        if (shipped != null) {
            SpanContext ids = span == null ? SpanContext.getInvalid() : span.getSpanContext();
            shipped.appendAccessLine(AccessLine.capture(
                    AnchoredWallClock.system().instantAt(endNanos),
                    ids,
                    vertx,
                    traced.method,
                    route,
                    path,
                    status,
                    durationMs,
                    extra));
            return;
        }
        AccessLogHandler.logEvent(
                span == null ? Context.current() : Context.current().with(span),
                traced.method,
                route,
                path,
                status,
                durationMs,
                extra);
    }
}
