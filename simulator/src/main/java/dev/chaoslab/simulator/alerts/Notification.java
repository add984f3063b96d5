package dev.chaoslab.simulator.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One webhook notification from Alertmanager (payload version 4), as the simulator's receiver got it.
 *
 * @param receivedAt  when the receiver got it (the simulator's clock)
 * @param receiver    the Alertmanager receiver it was sent for
 * @param status      {@code firing} or {@code resolved}: the group's status
 * @param groupKey    the aggregation group's key
 * @param groupLabels the labels the group is formed by ({@code group_by} of its route)
 * @param alerts      the group's alerts at the time of sending
 */
public record Notification(
        Instant receivedAt,
        String receiver,
        String status,
        String groupKey,
        Map<String, String> groupLabels,
        List<Alert> alerts) {

    public Notification {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(receiver, "receiver");
        groupLabels = Map.copyOf(groupLabels);
        alerts = List.copyOf(alerts);
    }

    /** Whether the notification is a firing one carrying a firing alert with {@code alertname} and all of {@code labels}. */
    public boolean carriesFiring(String alertname, Map<String, String> labels) {
        return "firing".equals(status) && alerts.stream().anyMatch(a -> a.firing() && a.matches(alertname, labels));
    }

    /**
     * One alert of a notification.
     *
     * @param status      {@code firing} or {@code resolved}
     * @param labels      its labels (alertname included)
     * @param annotations its annotations (summary, runbook_url, ...)
     * @param startsAt    when it started firing in Prometheus
     */
    public record Alert(String status, Map<String, String> labels, Map<String, String> annotations, Instant startsAt) {

        public Alert {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
        }

        public boolean firing() {
            return "firing".equals(status);
        }

        /** Whether it is {@code alertname} and carries every label of {@code wanted} with the same value. */
        public boolean matches(String alertname, Map<String, String> wanted) {
            return alertname.equals(labels.get("alertname"))
                    && wanted.entrySet().stream().allMatch(w -> w.getValue().equals(labels.get(w.getKey())));
        }
    }
}
