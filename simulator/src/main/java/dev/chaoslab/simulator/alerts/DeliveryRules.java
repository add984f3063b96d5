package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.Delivery;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides the delivery expectations ({@code notifies}, {@code notNotified}) from the notifications the webhook
 * receiver recorded. Pure: no clock, no I/O.
 */
final class DeliveryRules {

    private DeliveryRules() {}

    /**
     * The verdict on {@code e}.
     *
     * @param reference     the expectation's window as it happened, ms from the run start
     * @param notifications everything the receiver recorded during the run, in arrival order
     * @param runStart      the run's start (offset 0)
     */
    static Verdict decide(Expectation e, Window reference, List<Notification> notifications, Instant runStart) {
        return switch (e.kind()) {
            case NOTIFIES -> notifies(e, reference, notifications, runStart);
            case NOT_NOTIFIED -> notNotified(e, reference, notifications, runStart);
            default -> throw new IllegalArgumentException(e.kind().key() + " is not decided by notifications");
        };
    }

    private static Verdict notifies(Expectation e, Window ref, List<Notification> notifications, Instant runStart) {
        long limit = e.within().toMillis();
        List<Notification> carrying = notifications.stream()
                .filter(n -> n.carriesFiring(e.alert(), e.labels()))
                .filter(n -> offset(n.receivedAt(), runStart) >= ref.startMs())
                .toList();
        Optional<Notification> first =
                carrying.stream().filter(n -> n.receiver().equals(e.receiver())).findFirst();
        if (first.isEmpty()) {
            String elsewhere =
                    carrying.stream().map(Notification::receiver).distinct().collect(Collectors.joining(", "));
            return Verdict.notified(
                    e,
                    false,
                    null,
                    name(e) + " reached no firing notification to " + e.receiver()
                            + " after " + ref.name() + " started"
                            + (elsewhere.isEmpty()
                                    ? " (nor to any other receiver)"
                                    : "; it went to " + elsewhere + " instead")
                            + "; expected within " + VerdictRules.human(limit) + ".");
        }
        Notification n = first.get();
        long toNotify = offset(n.receivedAt(), runStart) - ref.startMs();
        boolean passed = toNotify <= limit;
        return Verdict.notified(
                e,
                passed,
                toNotify,
                delivery(n),
                name(e) + " reached " + e.receiver() + " "
                        + VerdictRules.human(toNotify) + " after " + ref.name() + " started ("
                        + (passed ? "within " : "later than ")
                        + VerdictRules.human(limit) + "), in the group " + new TreeMap<>(n.groupLabels()) + " with "
                        + n.alerts().size() + " alert" + (n.alerts().size() == 1 ? "" : "s") + ".");
    }

    private static Verdict notNotified(Expectation e, Window ref, List<Notification> notifications, Instant runStart) {
        Optional<Notification> offending = notifications.stream()
                .filter(n -> n.carriesFiring(e.alert(), e.labels()))
                .filter(n -> within(offset(n.receivedAt(), runStart), ref)
                        || n.alerts().stream()
                                .filter(a -> a.firing() && a.matches(e.alert(), e.labels()) && a.startsAt() != null)
                                .anyMatch(a -> within(offset(a.startsAt(), runStart), ref)))
                .min(Comparator.comparing(Notification::receivedAt));
        if (offending.isEmpty()) {
            return Verdict.notified(
                    e,
                    true,
                    null,
                    "No firing notification carrying " + name(e) + " reached any receiver for " + ref.name()
                            + " (inhibited, silenced or not routed, or it did not fire).");
        }
        Notification n = offending.get();
        long at = offset(n.receivedAt(), runStart) - ref.startMs();
        return Verdict.notified(
                e,
                false,
                at,
                delivery(n),
                name(e) + " reached " + n.receiver() + " " + VerdictRules.human(at)
                        + " after " + ref.name() + " started, in the group " + new TreeMap<>(n.groupLabels())
                        + "; expected no notification (is the inhibiting alert firing, and does an inhibit rule match both?).");
    }

    private static Delivery delivery(Notification n) {
        return new Delivery(n.receiver(), n.groupLabels(), n.alerts().size());
    }

    private static boolean within(long tMs, Window w) {
        return tMs >= w.startMs() && tMs <= w.endMs();
    }

    private static long offset(Instant t, Instant runStart) {
        return Duration.between(runStart, t).toMillis();
    }

    private static String name(Expectation e) {
        Map<String, String> labels = new TreeMap<>(e.labels());
        return e.alert() + (labels.isEmpty() ? "" : labels.toString());
    }
}
