package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.vertx.core.spi.tracing.TagExtractor;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies a Vert.x {@link TagExtractor}'s tags onto a span (builder, or {@link HttpSpan}'s attributes) as string
 * attributes, with one {@link AttributeKey} per tag name made once and kept: Vert.x's tag names are a handful of
 * constants. A tag without a name or value is left out, as the SDK leaves out a {@code null} attribute; a name repeated
 * sets the attribute again (the last value stays).
 *
 * <p>Thread safety: safe from any thread.
 */
final class TagKeys {

    /** Names kept at most, against an extractor that would make names up per request. */
    static final int MAX_KEYS = 256;

    private static final ConcurrentHashMap<String, AttributeKey<String>> KEYS = new ConcurrentHashMap<>();

    private TagKeys() {}

    /**
     * Sets {@code extractor}'s tags of {@code object} on {@code builder}; returns the value the attribute named
     * {@code wanted} is left with (its last value that is not {@code null}), {@code null} when it has none.
     */
    static <T> String setAll(SpanBuilder builder, T object, TagExtractor<T> extractor, String wanted) {
        return setAll((VertxHttpTags.StringAttributes) builder::setAttribute, object, extractor, wanted);
    }

    /** {@link #setAll(SpanBuilder, Object, TagExtractor, String)} onto {@code attributes}. */
    static <T> String setAll(
            VertxHttpTags.StringAttributes attributes, T object, TagExtractor<T> extractor, String wanted) {
        String found = null;
        for (int i = 0, n = extractor.len(object); i < n; i++) {
            String name = extractor.name(object, i);
            if (name != null) {
                String value = extractor.value(object, i);
                attributes.put(key(name), value);
                if (value != null && name.equals(wanted)) {
                    found = value;
                }
            }
        }
        return found;
    }

    /** Sets {@code extractor}'s tags of {@code object} on {@code span}. */
    static <T> void setAll(Span span, T object, TagExtractor<T> extractor) {
        for (int i = 0, n = extractor.len(object); i < n; i++) {
            String name = extractor.name(object, i);
            if (name != null) {
                span.setAttribute(key(name), extractor.value(object, i));
            }
        }
    }

    /** The string attribute key named {@code name}. */
    static AttributeKey<String> key(String name) {
        AttributeKey<String> key = KEYS.get(name);
        if (key != null) {
            return key;
        }
        key = AttributeKey.stringKey(name);
        if (KEYS.size() < MAX_KEYS) {
            AttributeKey<String> previous = KEYS.putIfAbsent(name, key);
            return previous == null ? key : previous;
        }
        return key;
    }
}
