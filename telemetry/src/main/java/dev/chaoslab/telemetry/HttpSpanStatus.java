package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.AttributeKey;
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
 * <p>{@link HttpTracer} ends each recording span through it, with the response's status code attribute in the same
 * lock.
 */
final class HttpSpanStatus {

    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final String STATUS_CODE_TAG = VertxHttpTags.HTTP_RESPONSE_STATUS_CODE.getKey();

    private HttpSpanStatus() {}

    /**
     * Ends {@code span}, a server's ({@code client} false) or a client's, that answered or received {@code status}
     * (0: none) or failed with {@code failure}: with the status and {@code error.type} of a failure, then the
     * attribute {@code responseKey} ({@code null}: none) set to {@code responseValue}, all under the span's one lock.
     */
    static void end(
            HttpSpan span,
            boolean client,
            int status,
            Throwable failure,
            AttributeKey<String> responseKey,
            String responseValue) {
        if (failure != null) {
            String message = failure.getMessage();
            span.endWith(
                    StatusCode.ERROR,
                    message == null ? "" : message,
                    ERROR_TYPE,
                    failure.getClass().getName(),
                    responseKey,
                    responseValue);
        } else if (status >= (client ? 400 : 500)) {
            span.endWith(
                    StatusCode.ERROR, "", ERROR_TYPE, VertxHttpTags.statusCode(status), responseKey, responseValue);
        } else {
            span.endWith(null, null, responseKey, responseValue, null, null);
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
