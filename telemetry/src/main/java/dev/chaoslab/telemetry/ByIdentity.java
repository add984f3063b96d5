package dev.chaoslab.telemetry;

import java.util.Arrays;

/**
 * Values kept by the identity of their key, found by a scan of a small array ({@code ==}, no hashing, no
 * {@code equals}): what the meters keep per object Vert.x hands them again and again, such as an HTTP method constant
 * or the name of a route. At most {@code max} keys are kept; {@link #put} beyond them keeps nothing, so a caller that
 * also finds its values another way stays correct, only not faster.
 *
 * <p>Thread-safe: reads see a published array and take no lock; additions are serialized.
 */
final class ByIdentity<K, V> {

    private final int max;
    /** Keys at even indexes, each followed by its value. */
    private volatile Object[] entries = new Object[0];

    /** An empty map that keeps at most {@code max} keys. */
    ByIdentity(int max) {
        this.max = max;
    }

    /** The value kept for exactly {@code key} (the same object), or {@code null}. */
    @SuppressWarnings("unchecked")
    V get(K key) {
        Object[] kept = entries;
        for (int i = 0; i < kept.length; i += 2) {
            if (kept[i] == key) {
                return (V) kept[i + 1];
            }
        }
        return null;
    }

    /** Keeps {@code value} for {@code key} unless {@code key} is kept already or {@code max} keys are. */
    synchronized void put(K key, V value) {
        Object[] kept = entries;
        if (kept.length / 2 >= max) {
            return;
        }
        for (int i = 0; i < kept.length; i += 2) {
            if (kept[i] == key) {
                return;
            }
        }
        Object[] grown = Arrays.copyOf(kept, kept.length + 2);
        grown[kept.length] = key;
        grown[kept.length + 1] = value;
        entries = grown;
    }

    /** How many keys are kept. */
    int size() {
        return entries.length / 2;
    }
}
