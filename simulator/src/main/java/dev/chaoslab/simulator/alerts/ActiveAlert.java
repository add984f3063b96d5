package dev.chaoslab.simulator.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of Prometheus' {@code /api/v1/alerts}: an alert instance that is pending or firing now.
 * {@code activeAt} is when its condition first held (the start of pending), as Prometheus reports it.
 */
public record ActiveAlert(String name, Map<String, String> labels, State state, Instant activeAt) {

    public enum State {
        PENDING,
        FIRING
    }

    public ActiveAlert {
        labels = Map.copyOf(labels);
    }

    /** Labels plus the alert name: the identity of one alert instance. */
    public String key() {
        return AlertRule.instanceKey(name, labels);
    }
}
