package dev.chaoslab.simulator.alerts;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rule loaded in Prometheus, from {@code /api/v1/rules}: an alerting rule (with its {@code for:} delay)
 * or a recording rule. {@code health} is Prometheus' own view ("ok", "err", "unknown") and
 * {@code lastError} its last evaluation error, if any.
 */
public record AlertRule(
        Type type,
        String name,
        String expr,
        Duration forDuration,
        Map<String, String> labels,
        String group,
        String file,
        Duration evaluationInterval,
        String health,
        String lastError) {

    public enum Type {
        ALERTING,
        RECORDING
    }

    public AlertRule {
        labels = Map.copyOf(labels);
    }

    /** True when every matcher naming one of the rule's static labels (e.g. {@code severity}) agrees with it. */
    public boolean agreesWith(Map<String, String> matchers) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            String value = labels.get(m.getKey());
            if (value != null && !value.equals(m.getValue())) {
                return false;
            }
        }
        return true;
    }

    static String instanceKey(String name, Map<String, String> labels) {
        return name + new TreeMap<>(labels);
    }
}
