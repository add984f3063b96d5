package dev.chaoslab.telemetry;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.MultiMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads propagated context (W3C {@code traceparent}, {@code tracestate}, {@code baggage}) from the headers Vert.x hands
 * a tracer: the value of the first header whose name equals the key in any case, as vertx-opentelemetry's
 * {@code HeadersPropagatorGetter} reads it. From Vert.x's own header maps (every {@link MultiMap} of vertx-core, all
 * case-insensitive, whose {@code get} answers the first value) it asks the map rather than iterating it, which would
 * wrap every header in a new entry per look-up; any other carrier is iterated. {@link #getAll} answers that first value
 * alone, as {@link TextMapGetter}'s default does (so the W3C baggage propagator reads the first {@code baggage} header,
 * as under vertx-opentelemetry), but {@code null} for a header that is absent, where the default answers an empty
 * iterator: the baggage propagator then returns the context as it is, without making a baggage builder per request.
 *
 * <p>Thread safety: stateless.
 */
enum HeadersGetter implements TextMapGetter<Iterable<Map.Entry<String, String>>> {
    INSTANCE;

    private static final String VERTX_CORE = "io.vertx.core";

    @Override
    public Iterable<String> keys(Iterable<Map.Entry<String, String>> carrier) {
        if (isVertxMultiMap(carrier)) {
            return ((MultiMap) carrier).names();
        }
        Set<String> keys = new HashSet<>();
        for (Map.Entry<String, String> entry : carrier) {
            keys.add(entry.getKey());
        }
        return keys;
    }

    @Override
    public String get(Iterable<Map.Entry<String, String>> carrier, String key) {
        if (carrier == null) {
            return null;
        }
        if (isVertxMultiMap(carrier)) {
            return ((MultiMap) carrier).get(key);
        }
        for (Map.Entry<String, String> entry : carrier) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The first value of {@code key} as {@link #get} reads it, {@code null} when the carrier has none. */
    @Override
    public Iterator<String> getAll(Iterable<Map.Entry<String, String>> carrier, String key) {
        String first = get(carrier, key);
        return first == null ? null : Collections.singletonList(first).iterator();
    }

    /** Whether {@code carrier} is one of vertx-core's header maps, which look names up in any case. */
    private static boolean isVertxMultiMap(Iterable<Map.Entry<String, String>> carrier) {
        return carrier instanceof MultiMap
                && carrier.getClass().getPackageName().startsWith(VERTX_CORE);
    }
}
