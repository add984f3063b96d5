package dev.chaoslab.telemetry;

/**
 * A small direct-mapped cache in front of a meter map keyed by (method, route, code): a response finds its meters
 * with one array read and two reference comparisons — no key object, no hash-map look-up — when the same strings
 * came before (Vert.x hands the same method and route names to every request of a route). A slot holds the last
 * key that mapped to it; two keys sharing a slot take turns, each miss going to the map as before.
 *
 * <p>Thread-safe: slots hold immutable entries, published without locks (final fields); a racing reader sees an
 * older entry or the newer one, both right for their key.
 */
final class ResponseMeterSlots<V> {

    private static final int SLOTS = 64;

    private final Entry<?>[] slots = new Entry<?>[SLOTS];

    /** The value kept for the key, or {@code null}. */
    @SuppressWarnings("unchecked")
    V get(String method, String route, int code) {
        Entry<?> entry = slots[index(method, route, code)];
        if (entry != null && entry.code == code && same(entry.method, method) && same(entry.route, route)) {
            return (V) entry.value;
        }
        return null;
    }

    /** Keeps {@code value} for the key, replacing what its slot held. */
    void put(String method, String route, int code, V value) {
        slots[index(method, route, code)] = new Entry<>(method, route, code, value);
    }

    private static int index(String method, String route, int code) {
        int hash = (method.hashCode() * 31 + route.hashCode()) * 31 + code;
        return (hash ^ hash >>> 16) & (SLOTS - 1);
    }

    private static boolean same(String kept, String asked) {
        return kept == asked || kept.equals(asked);
    }

    private record Entry<V>(String method, String route, int code, V value) {}
}
