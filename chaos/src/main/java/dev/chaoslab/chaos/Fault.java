package dev.chaoslab.chaos;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/** A stored fault: what was asked for, when it expires, and its behaviour. */
public record Fault(
        String id,
        String type,
        long ttlMs,
        double probability,
        String method,
        String route,
        Map<String, String> labels,
        long createdAtMs,
        long expiresAtMs,
        FaultBehaviour behaviour) {

    public boolean expiredAt(long nowMs) {
        return nowMs >= expiresAtMs;
    }

    /** Whether the fault applies to a request with this method and route pattern. */
    public boolean matches(String requestMethod, String requestRoute) {
        return (method == null || method.equalsIgnoreCase(requestMethod))
                && (route == null || route.equals(requestRoute));
    }

    public boolean hasLabels(Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    public JsonObject toJson() {
        JsonObject match = new JsonObject();
        if (method != null) {
            match.put("method", method);
        }
        if (route != null) {
            match.put("route", route);
        }
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("type", type)
                .put("ttl", Durations.formatMillis(ttlMs))
                .put("probability", probability)
                .put("match", match)
                .put("labels", new JsonObject(Map.copyOf(labels)))
                .put("createdAt", Instant.ofEpochMilli(createdAtMs).toString())
                .put("expiresAt", Instant.ofEpochMilli(expiresAtMs).toString());
        return json.mergeIn(behaviour.toJson());
    }
}
