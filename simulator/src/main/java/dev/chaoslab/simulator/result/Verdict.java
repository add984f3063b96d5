package dev.chaoslab.simulator.result;

import dev.chaoslab.simulator.scenario.Expectation;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one alert expectation (an {@code expectations} entry). Times are ms relative to the referenced
 * window's start (time to pending, time to fire) or end (time to resolve); null when it did not happen.
 *
 * @param index     the expectation's position in the scenario's {@code expect} list
 * @param labels    label name → value the alert must carry, sorted by name
 * @param reference the window it refers to: {@code chaos[0]}, {@code phase:baseline} or {@code run}
 * @param withinMs  the limit for fires and resolves; null for silent
 * @param margin    the rule's value next to its threshold, or null when it could not be computed
 * @param receiver  the Alertmanager receiver a {@code notifies} expectation names; null for other kinds
 * @param timeToNotifyMs for {@code notifies} and {@code notNotified}: when the first firing notification carrying
 *                  the alert reached the receiver (any receiver for notNotified), ms from the window's start; null
 *                  when none did
 * @param delivery  for {@code notifies} and {@code notNotified}: that first notification's receiver, group and size;
 *                  null when none came
 */
public record Verdict(
        int index,
        String alert,
        Map<String, String> labels,
        Expectation.Kind kind,
        String reference,
        Long withinMs,
        boolean passed,
        Long timeToPendingMs,
        Long timeToFireMs,
        Long timeToResolveMs,
        String detail,
        Margin margin,
        String receiver,
        Long timeToNotifyMs,
        Delivery delivery) {

    public Verdict {
        if (alert == null || kind == null) {
            throw new IllegalArgumentException("a verdict needs an alert and a kind");
        }
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** The verdict on {@code e}, without a margin yet. */
    public static Verdict of(
            Expectation e,
            boolean passed,
            Long timeToPendingMs,
            Long timeToFireMs,
            Long timeToResolveMs,
            String detail) {
        return on(e, passed, timeToPendingMs, timeToFireMs, timeToResolveMs, detail, null, null);
    }

    /** The verdict on a delivery expectation {@code e}: whether and when a notification reached the receiver. */
    public static Verdict notified(Expectation e, boolean passed, Long timeToNotifyMs, String detail) {
        return notified(e, passed, timeToNotifyMs, null, detail);
    }

    /** The verdict on a delivery expectation {@code e}, with the notification it is about (null when none came). */
    public static Verdict notified(
            Expectation e, boolean passed, Long timeToNotifyMs, Delivery delivery, String detail) {
        return on(e, passed, null, null, null, detail, timeToNotifyMs, delivery);
    }

    private static Verdict on(
            Expectation e,
            boolean passed,
            Long timeToPendingMs,
            Long timeToFireMs,
            Long timeToResolveMs,
            String detail,
            Long timeToNotifyMs,
            Delivery delivery) {
        return new Verdict(
                e.index(),
                e.alert(),
                e.labels(),
                e.kind(),
                e.anchor().toString(),
                e.within() == null ? null : e.within().toMillis(),
                passed,
                timeToPendingMs,
                timeToFireMs,
                timeToResolveMs,
                detail,
                null,
                e.receiver(),
                timeToNotifyMs,
                delivery);
    }

    public Verdict withMargin(Margin m) {
        return with(m, detail);
    }

    public Verdict withDetail(String d) {
        return with(margin, d);
    }

    private Verdict with(Margin m, String d) {
        return new Verdict(
                index,
                alert,
                labels,
                kind,
                reference,
                withinMs,
                passed,
                timeToPendingMs,
                timeToFireMs,
                timeToResolveMs,
                d,
                m,
                receiver,
                timeToNotifyMs,
                delivery);
    }
}
