package dev.chaoslab.targets.shop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the newest {@code capacity} entries, so a service under hours of load holds a fixed amount of state;
 * older orders, payments and reservations are forgotten (treated as shipped) and read as 404.
 */
final class BoundedMap<K, V> extends LinkedHashMap<K, V> {

    static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;

    BoundedMap(int capacity) {
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
