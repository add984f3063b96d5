package dev.chaoslab.simulator.chaos;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Objects;

/**
 * One step of a run's chaos timeline.
 *
 * @param index      position in the scenario's {@code chaos} list ({@code chaos[0]} in expectations)
 * @param target     the target's name in the scenario
 * @param base       the target's base URL (its chaos API lives there)
 * @param atMs       offset from the run start
 * @param durationMs how long the fault stays
 * @param fault      the fault as the chaos API takes it, without ttl and run labels (the timeline adds them)
 */
public record ScheduledFault(int index, String target, URI base, long atMs, long durationMs, JsonObject fault) {
    public ScheduledFault {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(fault, "fault");
        if (atMs < 0) {
            throw new IllegalArgumentException("chaos step " + index + ": at must be >= 0, was " + atMs + " ms");
        }
        if (durationMs <= 0) {
            throw new IllegalArgumentException(
                    "chaos step " + index + ": duration must be > 0, was " + durationMs + " ms");
        }
    }

    public String type() {
        return fault.getString("type", "unknown");
    }
}
