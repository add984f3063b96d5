package dev.chaoslab.telemetry.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One access log line as the shipped access log chain writes it without a logback event
 * ({@link ShippedAccessLog}): the request's fields and everything the line takes from the logging thread, captured
 * on that thread. Immutable if the maps are not changed afterwards; safe to encode on any thread.
 *
 * @param instant when the line was logged ({@code @timestamp})
 * @param thread the logging thread's name ({@code thread})
 * @param service the {@link ServiceNames service} of the logging thread, {@code null} when it cannot be told
 * @param traceId the request's trace id, {@code null} when its span is not sampled (never exported)
 * @param spanId the request's span id, {@code null} exactly when {@code traceId} is
 * @param logFields the {@link LogFields} of the logging Vert.x context, in their order
 * @param method the request's method
 * @param route the route of the request's span and metrics, {@code ""} when none
 * @param path the request's path
 * @param status the response's status code
 * @param durationMs the time from the request's begin to the response's end (the server timer's interval), in
 *     milliseconds rounded to two decimals
 * @param extra the fields the application added ({@code AccessLogFields}), in their order
 * @param hexIds {@code true} when the ids are known to be lowercase hexadecimal digits, as those of a valid
 *     {@link SpanContext} are (it validates them): they are then written without looking for characters to escape
 */
public record AccessLine(
        Instant instant,
        String thread,
        String service,
        String traceId,
        String spanId,
        Map<String, String> logFields,
        String method,
        String route,
        String path,
        int status,
        double durationMs,
        Map<String, String> extra,
        boolean hexIds) {

    /** Validates that every field the line always has is there and that the trace ids come in pairs. */
    public AccessLine {
        Objects.requireNonNull(instant, "instant must not be null");
        Objects.requireNonNull(thread, "thread must not be null");
        Objects.requireNonNull(logFields, "logFields must not be null");
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(route, "route must not be null");
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(extra, "extra must not be null");
        if ((traceId == null) != (spanId == null)) {
            throw new IllegalArgumentException("traceId and spanId must both be set or both be null");
        }
    }

    /** A line whose ids, if any, are written as any other string (escaped where JSON needs it). */
    public AccessLine(
            Instant instant,
            String thread,
            String service,
            String traceId,
            String spanId,
            Map<String, String> logFields,
            String method,
            String route,
            String path,
            int status,
            double durationMs,
            Map<String, String> extra) {
        this(
                instant,
                thread,
                service,
                traceId,
                spanId,
                logFields,
                method,
                route,
                path,
                status,
                durationMs,
                extra,
                false);
    }

    /**
     * Captures a line on the thread that logs it, with the ids of {@code request}'s span when it is sampled (what
     * {@link AsyncLogAppender} captures from the current span on the event path).
     */
    public static AccessLine capture(
            Context request,
            String method,
            String route,
            String path,
            int status,
            double durationMs,
            Map<String, String> extra) {
        return capture(
                Instant.now(),
                Span.fromContext(request).getSpanContext(),
                Vertx.currentContext(),
                method,
                route,
                path,
                status,
                durationMs,
                extra);
    }

    /**
     * Captures a line logged at {@code instant} on the thread that logs it, with the ids of {@code span} when it is
     * sampled and the service and {@link LogFields} of the request's Vert.x context {@code vertx} ({@code null}: none).
     */
    public static AccessLine capture(
            Instant instant,
            SpanContext span,
            io.vertx.core.Context vertx,
            String method,
            String route,
            String path,
            int status,
            double durationMs,
            Map<String, String> extra) {
        boolean sampled = span.isSampled();
        return new AccessLine(
                instant,
                Thread.currentThread().getName(),
                ServiceNames.current(vertx),
                sampled ? span.getTraceId() : null,
                sampled ? span.getSpanId() : null,
                LogFields.current(vertx),
                method,
                route,
                path,
                status,
                durationMs,
                extra,
                sampled && span.isValid());
    }

    /** The line's {@code message}: {@code "GET /path 200 1.25 ms"}. */
    public String message() {
        return method + ' ' + path + ' ' + status + ' ' + durationMs + " ms";
    }
}
