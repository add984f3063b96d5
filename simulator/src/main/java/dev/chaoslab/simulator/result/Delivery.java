package dev.chaoslab.simulator.result;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The notification a delivery verdict ({@code notifies}, {@code notNotified}) is about: the first firing one carrying
 * the alert that reached a receiver in the expectation's window.
 *
 * @param receiver    the receiver it reached
 * @param groupLabels the labels of its Alertmanager group ({@code group_by} of the route), sorted by name
 * @param alerts      how many alerts the notification carried (the group's size when it was sent)
 */
public record Delivery(String receiver, Map<String, String> groupLabels, int alerts) {

    public Delivery {
        Objects.requireNonNull(receiver, "receiver");
        groupLabels = Collections.unmodifiableMap(new TreeMap<>(groupLabels));
        if (alerts < 0) {
            throw new IllegalArgumentException("alerts must not be negative: " + alerts);
        }
    }
}
