package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The attributes of an {@link HttpSpan}: keys and values side by side in one small array, found by a linear scan of
 * the keys' names (an HTTP span has fewer than ten), no hashing. Holds the SDK's rules ({@code AttributesMap} of
 * OpenTelemetry 1.68): a key is its name (a later value of the same name replaces the earlier one, key included, in
 * its place), a {@code null} value or an empty name is ignored, past {@code capacity} names new ones are dropped but
 * counted ({@link #totalAdded}), and string values (also within lists) are cut to {@code lengthLimit} characters.
 *
 * <p>Thread safety: none of its own. The span writes it under its lock and stops writing when it ends; after that it
 * is immutable and handed out as it is.
 */
final class SpanAttributes implements Attributes, VertxHttpTags.StringAttributes {

    /** Key-value pairs room is made for at first: a server span's request, route, status and error attributes. */
    static final int INITIAL_PAIRS = 8;

    private final int capacity;
    private final int lengthLimit;
    /** Key at {@code 2 i}, value at {@code 2 i + 1}, for {@code i < size}. */
    private Object[] pairs = new Object[2 * INITIAL_PAIRS];

    private int size;
    private int totalAdded;

    /** Empty attributes keeping at most {@code capacity} names, strings cut to {@code lengthLimit} characters. */
    SpanAttributes(int capacity, int lengthLimit) {
        this.capacity = capacity;
        this.lengthLimit = lengthLimit;
    }

    /** How many names were put, those dropped past the capacity included (the SDK's total attribute count). */
    int totalAdded() {
        return totalAdded;
    }

    @Override
    public void put(AttributeKey<String> key, String value) {
        putAny(key, value);
    }

    /** Puts {@code value} under {@code key}'s name, with the rules of the class comment. */
    void putAny(AttributeKey<?> key, Object value) {
        if (key == null || value == null) {
            return;
        }
        String name = key.getKey();
        if (name.isEmpty()) {
            return;
        }
        int index = indexOf(name);
        if (index < 0) {
            totalAdded++;
            if (size >= capacity) {
                return;
            }
            if (2 * size == pairs.length) {
                pairs = Arrays.copyOf(pairs, 2 * pairs.length);
            }
            index = size++;
        }
        pairs[2 * index] = key;
        pairs[2 * index + 1] = limited(value);
    }

    /** A copy that this one's later changes leave as it is. */
    SpanAttributes copy() {
        SpanAttributes copy = new SpanAttributes(capacity, lengthLimit);
        copy.pairs = pairs.clone();
        copy.size = size;
        copy.totalAdded = totalAdded;
        return copy;
    }

    private int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            AttributeKey<?> key = (AttributeKey<?>) pairs[2 * i];
            String other = key.getKey();
            if (other == name || other.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private Object limited(Object value) {
        if (lengthLimit == Integer.MAX_VALUE) {
            return value;
        }
        if (value instanceof String text) {
            return text.length() > lengthLimit ? text.substring(0, lengthLimit) : text;
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
            List<Object> cut = new ArrayList<>(list.size());
            list.forEach(element -> cut.add(limited(element)));
            return Collections.unmodifiableList(cut);
        }
        return value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(AttributeKey<T> key) {
        if (key == null) {
            return null;
        }
        int index = indexOf(key.getKey());
        return index >= 0 && key.equals(pairs[2 * index]) ? (T) pairs[2 * index + 1] : null;
    }

    @Override
    public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
        for (int i = 0; i < size; i++) {
            consumer.accept((AttributeKey<?>) pairs[2 * i], pairs[2 * i + 1]);
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Map<AttributeKey<?>, Object> asMap() {
        Map<AttributeKey<?>, Object> map = new LinkedHashMap<>();
        forEach(map::put);
        return Collections.unmodifiableMap(map);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public AttributesBuilder toBuilder() {
        AttributesBuilder builder = Attributes.builder();
        forEach((key, value) -> builder.put((AttributeKey) key, value));
        return builder;
    }

    /** Equal to any {@link Attributes} with the same keys and values, in any order. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Attributes attributes && asMap().equals(attributes.asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
