package dev.chaoslab.simulator.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors by class ({@code http_5xx}, {@code timeout}, …), in the engine's fixed order; a report from an older or
 * newer engine may name other classes, which are kept.
 */
public record ErrorCounts(Map<String, Long> byClass) {

    public static final ErrorCounts NONE = new ErrorCounts(Map.of());

    public ErrorCounts {
        for (Map.Entry<String, Long> e : byClass.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("error counts need a class and a count >= 0, was " + e);
            }
        }
        byClass = Collections.unmodifiableMap(new LinkedHashMap<>(byClass));
    }

    /** All errors, whatever their class. */
    public long total() {
        return byClass.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The errors of one class; 0 when it has none. */
    public long of(String errorClass) {
        return byClass.getOrDefault(errorClass, 0L);
    }
}
