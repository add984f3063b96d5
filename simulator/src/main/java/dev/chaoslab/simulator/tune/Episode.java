package dev.chaoslab.simulator.tune;

import java.util.Map;

/**
 * One pending → (firing →) resolved episode of an alert instance in a replay, ms from the run start.
 * {@code firingMs} is null when the alert never got past pending; {@code resolvedMs} null when it still fired at
 * the end of the data.
 */
public record Episode(Map<String, String> labels, long pendingMs, Long firingMs, Long resolvedMs) {

    public Episode {
        labels = Map.copyOf(labels);
    }

    public boolean fired() {
        return firingMs != null;
    }

    /** Whether it is firing at {@code tMs} (from its firing time up to, not including, its resolution). */
    public boolean firingAt(long tMs) {
        return firingMs != null && firingMs <= tMs && (resolvedMs == null || tMs < resolvedMs);
    }
}
