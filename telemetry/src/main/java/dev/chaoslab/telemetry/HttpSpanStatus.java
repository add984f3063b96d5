package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.core.spi.tracing.TagExtractor;

/**
 * Sets the status of Vert.x's HTTP spans as OpenTelemetry's HTTP semantic conventions ask, which Vert.x's
 * own OpenTelemetry tracer leaves {@code UNSET}: a server span is an error when it answered 5xx, a client span when
 * it received 4xx or 5xx, and either when the exchange failed (reset, timeout) before a status was sent or
 * received. An error span gets {@code error.type}: the status code as a string, or the fully-qualified class
 * of the failure. Status descriptions are left empty where the status code says it all.
 *
 * <p>{@link HttpTracer} applies it to each span it ends, before the response's attributes are set and the span ends.
 */
final class HttpSpanStatus {

    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final String STATUS_CODE_TAG = VertxHttpTags.HTTP_RESPONSE_STATUS_CODE.getKey();

    private HttpSpanStatus() {}

    /**
     * Marks {@code span} failed when a server answered {@code status} or failed with {@code failure}. The caller has
     * checked that the span is recording (a span that is not ignores the marks anyway).
     */
    static void server(Span span, int status, Throwable failure) {
        mark(span, status >= 500, status, failure);
    }

    /**
     * Marks {@code span} failed when a client received {@code status} or failed with {@code failure}; the caller has
     * checked that the span is recording, as for {@link #server}.
     */
    static void client(Span span, int status, Throwable failure) {
        mark(span, status >= 400, status, failure);
    }

    private static void mark(Span span, boolean failedStatus, int status, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            String message = failure.getMessage();
            span.setStatus(StatusCode.ERROR, message == null ? "" : message);
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        } else if (failedStatus) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(ERROR_TYPE, VertxHttpTags.statusCode(status));
        }
    }

    /**
     * The response's status code, 0 when there is none (no response): read directly from Vert.x's HTTP response
     * (server and client), else from its tags, where it is a string made for the span.
     */
    static <R> int statusCode(R response, TagExtractor<R> tags) {
        if (response instanceof HttpResponse http) {
            return http.statusCode();
        }
        if (response == null || tags == null) {
            return 0;
        }
        for (int i = 0, n = tags.len(response); i < n; i++) {
            if (STATUS_CODE_TAG.equals(tags.name(response, i))) {
                try {
                    return Integer.parseInt(tags.value(response, i));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
