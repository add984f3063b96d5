package dev.chaoslab.telemetry.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fields added to every JSON log line written while a given Vert.x context is current, such as the
 * simulator's {@code run_id}. The MDC cannot do this: it is a thread-local, and one event loop thread
 * serves many runs and requests in turn.
 *
 * <pre>{@code
 * // in a verticle's start(): every line logged on this verticle's context from here on carries run_id
 * LogFields.put(context, "run_id", runId);
 * }</pre>
 *
 * Fields follow the context, not its duplicates: a duplicated context (for example each incoming HTTP
 * request's) starts without them. For a single line, logstash's structured
 * arguments ({@code StructuredArguments.kv("run_id", id)}) do the same job without any context.
 *
 * <p>Thread-safe: the field map is replaced, never mutated, so a line being written sees a consistent set.
 */
public final class LogFields {

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final ContextLocal<Map<String, String>> FIELDS =
            (ContextLocal) ContextLocal.registerLocal(Map.class);

    private LogFields() {}

    /**
     * Makes sure the context-local exists. It must be registered before the first Vert.x instance is
     * created; this jar registers it through a {@code VertxServiceProvider}, so calling this is only a
     * belt-and-braces measure.
     */
    public static void register() {
        Objects.requireNonNull(FIELDS);
    }

    /** Adds (or replaces) a field on every line logged while {@code context} is current. */
    public static void put(Context context, String key, String value) {
        Objects.requireNonNull(context, "context must not be null");
        Objects.requireNonNull(key, "key must not be null");
        synchronized (context) {
            Map<String, String> copy = new LinkedHashMap<>(get(context));
            if (value == null) {
                copy.remove(key);
            } else {
                copy.put(key, value);
            }
            FIELDS.put(context, Collections.unmodifiableMap(copy));
        }
    }

    /** Removes a field from {@code context}. */
    public static void remove(Context context, String key) {
        put(context, key, null);
    }

    /** The fields of {@code context} (read-only, never null). */
    public static Map<String, String> get(Context context) {
        Map<String, String> fields = FIELDS.get(context);
        return fields == null ? Map.of() : fields;
    }

    /** The fields of the calling thread's Vert.x context, empty off Vert.x threads. */
    public static Map<String, String> current() {
        return current(Vertx.currentContext());
    }

    /** {@link #current()} when the calling thread's Vert.x context is {@code context} (null off Vert.x threads). */
    static Map<String, String> current(Context context) {
        if (context == null) {
            return Map.of();
        }
        try {
            return get(context);
        } catch (RuntimeException e) {
            // a Vert.x instance created before this class registered its context-local has no slot for it
            return Map.of();
        }
    }
}
