package dev.chaoslab.telemetry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The names of routed server spans, {@code METHOD route} (e.g. {@code GET /orders/:id}), each made once per method and
 * route and kept: a service has a handful of routes. At most a given number of names are kept, against routes made up
 * per request; beyond them a name is made per call.
 *
 * <p>Thread safety: safe from any thread.
 */
final class SpanNames {

    /** The names of every server span ({@link ServerSpanCapture}), 1024 kept at most. */
    static final SpanNames SERVER = new SpanNames(1024);

    private final int maxNames;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> byMethod = new ConcurrentHashMap<>();
    private final AtomicInteger kept = new AtomicInteger();

    SpanNames(int maxNames) {
        this.maxNames = maxNames;
    }

    /** {@code method + " " + route}. */
    String of(String method, String route) {
        ConcurrentHashMap<String, String> names = byMethod.get(method);
        if (names != null) {
            String name = names.get(route);
            if (name != null) {
                return name;
            }
        }
        String name = method + " " + route;
        if (kept.get() < maxNames) {
            if (names == null) {
                names = byMethod.computeIfAbsent(method, m -> new ConcurrentHashMap<>());
            }
            if (names.putIfAbsent(route, name) == null) {
                kept.incrementAndGet();
            }
        }
        return name;
    }

    /** How many names are kept. */
    int kept() {
        return kept.get();
    }
}
