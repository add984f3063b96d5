package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeliveryRulesTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Window INCIDENT = new Window("chaos[0]", 60_000, 120_000);

    static Expectation notifies(String receiver, Duration within) {
        return new Expectation(
                0,
                "ChaoslabHighErrorRatio",
                Map.of("service", "payments"),
                Expectation.Kind.NOTIFIES,
                within,
                TestAnchors.anchor("chaos[0]"),
                receiver);
    }

    static Expectation notNotified(String service) {
        return new Expectation(
                1,
                "ChaoslabHighErrorRatio",
                Map.of("service", service),
                Expectation.Kind.NOT_NOTIFIED,
                null,
                TestAnchors.anchor("chaos[0]"));
    }

    static Notification notification(long atMs, String receiver, String status, String service, long startsAtMs) {
        Notification.Alert alert = new Notification.Alert(
                status,
                Map.of("alertname", "ChaoslabHighErrorRatio", "service", service, "severity", "warning"),
                Map.of("runbook_url", "http://localhost:13000/d/chaoslab-services?var-service=" + service),
                START.plusMillis(startsAtMs));
        return new Notification(
                START.plusMillis(atMs),
                receiver,
                status,
                "{}:{alertname=\"x\"}",
                Map.of("alertname", "ChaoslabHighErrorRatio", "service", service),
                List.of(alert));
    }

    @Test
    @DisplayName(
            "notifies passes on the first firing notification to its receiver within the limit, and says when and in which group")
    void notifiesInTime() {
        Verdict v = DeliveryRules.decide(
                notifies("chat", Duration.ofMinutes(2)),
                INCIDENT,
                List.of(
                        notification(
                                30_000, "chat", "firing", "payments", 20_000), // before the window: an earlier episode
                        notification(150_000, "chat", "firing", "payments", 120_000)),
                START);
        assertThat(v.passed()).isTrue();
        assertThat(v.timeToNotifyMs()).isEqualTo(90_000);
        assertThat(v.receiver()).isEqualTo("chat");
        assertThat(v.delivery().receiver()).isEqualTo("chat");
        assertThat(v.delivery().groupLabels())
                .containsExactly(Map.entry("alertname", "ChaoslabHighErrorRatio"), Map.entry("service", "payments"));
        assertThat(v.delivery().alerts()).isEqualTo(1);
        assertThat(v.detail())
                .contains("reached chat 1m30s after chaos[0] started (within 2m00s)")
                .contains("{alertname=ChaoslabHighErrorRatio, service=payments}");
    }

    @Test
    @DisplayName("notifies fails when the notification came too late, went to another receiver, or only resolved")
    void notifiesFails() {
        Verdict late = DeliveryRules.decide(
                notifies("chat", Duration.ofSeconds(30)),
                INCIDENT,
                List.of(notification(150_000, "chat", "firing", "payments", 120_000)),
                START);
        assertThat(late.passed()).isFalse();
        assertThat(late.timeToNotifyMs()).isEqualTo(90_000);
        assertThat(late.detail()).contains("later than 30 s");

        Verdict elsewhere = DeliveryRules.decide(
                notifies("pager", Duration.ofMinutes(2)),
                INCIDENT,
                List.of(notification(150_000, "chat", "firing", "payments", 120_000)),
                START);
        assertThat(elsewhere.passed()).isFalse();
        assertThat(elsewhere.timeToNotifyMs()).isNull();
        assertThat(elsewhere.delivery()).isNull();
        assertThat(elsewhere.detail()).contains("it went to chat instead");

        Verdict resolvedOnly = DeliveryRules.decide(
                notifies("chat", Duration.ofMinutes(2)),
                INCIDENT,
                List.of(notification(150_000, "chat", "resolved", "payments", 120_000)),
                START);
        assertThat(resolvedOnly.passed()).isFalse();
        assertThat(resolvedOnly.detail()).contains("(nor to any other receiver)");
    }

    @Test
    @DisplayName(
            "notNotified passes when no firing notification carries the alert, and fails naming the receiver when one does")
    void notNotified() {
        List<Notification> received = List.of(notification(150_000, "chat", "firing", "payments", 110_000));
        Verdict quiet = DeliveryRules.decide(notNotified("orders"), INCIDENT, received, START);
        assertThat(quiet.passed()).isTrue();
        assertThat(quiet.timeToNotifyMs()).isNull();

        // received after the window closed, but about an episode that started in it: still a notification of it
        Verdict notified = DeliveryRules.decide(notNotified("payments"), INCIDENT, received, START);
        assertThat(notified.passed()).isFalse();
        assertThat(notified.timeToNotifyMs()).isEqualTo(90_000);
        assertThat(notified.delivery().receiver()).isEqualTo("chat");
        assertThat(notified.detail()).contains("reached chat 1m30s after chaos[0] started");
    }
}
