package dev.chaoslab.telemetry;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Values kept per HTTP status code, found by a scan of a small array (no key object, no hashing): what the meters of
 * one route or one client method keep per status code. At most {@value #MAX_CODES} codes are kept; a value for any
 * other code is made ({@code make}) on each call, so the cache stays bounded whatever the codes.
 *
 * <p>Thread-safe: reads see a published array and take no lock; additions are serialized.
 */
final class ByStatusCode<T> {

    /** Status codes whose values are kept. */
    static final int MAX_CODES = 32;

    private final IntFunction<T> make;
    private volatile Entry<T>[] entries = newArray(0);

    /** Values made by {@code make} from a status code, the first time that code is asked for. */
    ByStatusCode(IntFunction<T> make) {
        this.make = make;
    }

    /** The value of {@code code}. */
    T get(int code) {
        for (Entry<T> entry : entries) {
            if (entry.code == code) {
                return entry.value;
            }
        }
        return add(code);
    }

    private synchronized T add(int code) {
        Entry<T>[] current = entries;
        for (Entry<T> entry : current) {
            if (entry.code == code) {
                return entry.value;
            }
        }
        T value = make.apply(code);
        if (current.length < MAX_CODES) {
            Entry<T>[] grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = new Entry<>(code, value);
            entries = grown;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static <T> Entry<T>[] newArray(int length) {
        return (Entry<T>[]) new Entry<?>[length];
    }

    private record Entry<T>(int code, T value) {}
}
