package dev.chaoslab.simulator.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * An alert expectation, checked against Prometheus.
 * <ul>
 *   <li>{@code FIRES}: the alert (with labels matching {@code labels}) is firing within {@code within}
 *       of the anchor's start;</li>
 *   <li>{@code RESOLVES}: it stops firing within {@code within} of the anchor's end;</li>
 *   <li>{@code SILENT}: it is never in state firing during the anchor's window (pending is allowed);</li>
 *   <li>{@code NOTIFIES}: Alertmanager delivers a firing notification carrying it to {@code receiver} within
 *       {@code within} of the anchor's start;</li>
 *   <li>{@code NOT_NOTIFIED}: no firing notification carrying it reaches any receiver during the anchor's window
 *       (it is inhibited, silenced or not routed).</li>
 * </ul>
 *
 * @param index  position in the scenario's {@code expect} list
 * @param alert  the alert name (see docs/contracts.md)
 * @param labels label name → exact value the alert must carry (empty: any)
 * @param within   for FIRES, RESOLVES and NOTIFIES; null for SILENT and NOT_NOTIFIED
 * @param anchor   the chaos step, phase or run the window refers to
 * @param receiver the Alertmanager receiver for NOTIFIES; null otherwise
 */
public record Expectation(
        int index,
        String alert,
        Map<String, String> labels,
        Kind kind,
        Duration within,
        Anchor anchor,
        String receiver) {

    public Expectation {
        labels = Map.copyOf(labels);
        if ((kind == Kind.NOTIFIES) != (receiver != null)) {
            throw new IllegalArgumentException("a receiver is given with notifies and only there");
        }
    }

    /** An expectation checked against Prometheus alone (no receiver). */
    public Expectation(int index, String alert, Map<String, String> labels, Kind kind, Duration within, Anchor anchor) {
        this(index, alert, labels, kind, within, anchor, null);
    }

    public enum Kind {
        FIRES,
        RESOLVES,
        SILENT,
        NOTIFIES,
        NOT_NOTIFIED;

        /** The scenario's and the report's key: {@code fires}, ..., {@code notifies}, {@code notNotified}. */
        public String key() {
            return this == NOT_NOTIFIED ? "notNotified" : name().toLowerCase(Locale.ROOT);
        }

        /** Whether Alertmanager's notifications, not Prometheus' alert states, decide it. */
        public boolean delivery() {
            return this == NOTIFIES || this == NOT_NOTIFIED;
        }

        /** The kind whose {@link #key()} is {@code key}, or null. */
        public static Kind ofKey(String key) {
            for (Kind k : values()) {
                if (k.key().equals(key)) {
                    return k;
                }
            }
            return null;
        }
    }
}
