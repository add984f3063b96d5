package dev.chaoslab.chaos;

import java.util.Map;
import java.util.Objects;

/**
 * A fault definition as read and checked by {@link FaultReader}: its type, TTL, scope and the behaviour its type
 * built from the type's own fields.
 *
 * @param type        the registered fault type
 * @param ttlMs       how long the fault lives, &gt; 0 and within the TTL ceiling
 * @param probability the share of matching requests it acts on, in [0, 1]
 * @param method      the HTTP method it is limited to (upper case), or {@code null} for every method
 * @param route       the route pattern it is limited to, or {@code null} for every route
 * @param labels      free labels (e.g. {@code run_id}), used to list and delete faults
 * @param behaviour   what the fault does
 */
public record FaultSpec(
        FaultType type,
        long ttlMs,
        double probability,
        String method,
        String route,
        Map<String, String> labels,
        FaultBehaviour behaviour) {

    public FaultSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(behaviour, "behaviour");
        if (ttlMs <= 0) {
            throw new IllegalArgumentException("ttlMs must be > 0 (got " + ttlMs + ")");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1] (got " + probability + ")");
        }
        labels = Map.copyOf(labels);
    }
}
