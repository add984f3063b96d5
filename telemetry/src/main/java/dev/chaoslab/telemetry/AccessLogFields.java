package dev.chaoslab.telemetry;

import dev.chaoslab.telemetry.ServerSpanCapture.TracedRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Fields an application adds to the access log line of one request, such as the error code of a failed
 * request and the dependency that caused it, so that a log query finds them on the line that has the status.
 *
 * <pre>{@code
 * AccessLogFields.put(ctx, "error", "dependency_failed");
 * AccessLogFields.put(ctx, "dependency", "payments");
 * }</pre>
 *
 * Call it on the request's event loop before the response ends. The fixed fields of the line ({@code method},
 * {@code route}, {@code path}, {@code status}, {@code duration_ms}) cannot be replaced. They are kept with the
 * request's metrics, where the access line is made ({@code ServerSpanCapture.TracedRequest}), else on {@code ctx};
 * without telemetry they are never written.
 */
public final class AccessLogFields {

    private static final String KEY = AccessLogFields.class.getName();
    private static final Set<String> FIXED = Set.of("method", "route", "path", "status", "duration_ms");

    private AccessLogFields() {}

    /**
     * Adds (or replaces) {@code key} on the access log line of {@code ctx}'s request.
     *
     * @throws IllegalArgumentException when {@code key} is one of the line's fixed fields
     */
    public static void put(RoutingContext ctx, String key, String value) {
        Objects.requireNonNull(ctx, "ctx must not be null");
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value must not be null");
        if (FIXED.contains(key)) {
            throw new IllegalArgumentException("access log field " + key + " is fixed; choose another name");
        }
        TracedRequest traced = TracedRequest.of(ctx.request());
        if (traced != null) {
            traced.putField(key, value);
            return;
        }
        Map<String, String> fields = ctx.get(KEY);
        if (fields == null) {
            fields = new LinkedHashMap<>(4);
            ctx.put(KEY, fields);
        }
        fields.put(key, value);
    }

    /** A copy of the fields added to {@code ctx}'s request, in the order they were first added; empty when none. */
    static Map<String, String> of(RoutingContext ctx) {
        TracedRequest traced = TracedRequest.of(ctx.request());
        if (traced != null) {
            return traced.fields();
        }
        Map<String, String> fields = ctx.get(KEY);
        return fields == null ? Map.of() : new LinkedHashMap<>(fields);
    }
}
