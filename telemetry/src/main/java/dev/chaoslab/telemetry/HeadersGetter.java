package dev.chaoslab.telemetry;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
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
 * wrap every header in a new entry per look-up (an HTTP/1.x request's {@link HeadersMultiMap} is recognised by its
 * class alone, any other map's class once); any other carrier is iterated. {@link #getAll} answers that first value
 * alone, as {@link TextMapGetter}'s default does (so the W3C baggage propagator reads the first {@code baggage} header,
 * as under vertx-opentelemetry), but {@code null} for a header that is absent, where the default answers an empty
 * iterator: the baggage propagator then returns the context as it is, without making a baggage builder per request.
 *
 * <p>Thread safety: stateless but for the verdict kept per carrier class, which {@link ClassValue} keeps safely.
 */
enum HeadersGetter implements TextMapGetter<Iterable<Map.Entry<String, String>>> {
    INSTANCE;

    private static final String VERTX_CORE = "io.vertx.core";

    /** Whether a class is one of vertx-core's header maps, found once per class. */
    private static final ClassValue<Boolean> VERTX_MAPS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return MultiMap.class.isAssignableFrom(type)
                    && type.getPackageName().startsWith(VERTX_CORE);
        }
    };

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
        if (carrier instanceof HeadersMultiMap headers) {
            return headers.get(key);
        }
        return carrier == null ? null : getOther(carrier, key);
    }

    /** {@link #get} from a carrier other than an HTTP/1.x request's headers. */
    private static String getOther(Iterable<Map.Entry<String, String>> carrier, String key) {
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

    /**
     * Whether {@code carrier} is one of vertx-core's header maps, which look names up in any case: an HTTP/1.x
     * request's (a {@link HeadersMultiMap}) at once, any other by its class's verdict kept.
     */
    private static boolean isVertxMultiMap(Iterable<Map.Entry<String, String>> carrier) {
        return carrier instanceof HeadersMultiMap || VERTX_MAPS.get(carrier.getClass());
    }
}
