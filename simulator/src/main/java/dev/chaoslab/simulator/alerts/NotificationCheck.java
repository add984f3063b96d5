package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The alert check of a run that has Alertmanager: Prometheus' verdicts from the given check, and the delivery
 * expectations ({@code notifies}, {@code notNotified}) decided from what the webhook receiver recorded. The
 * rule's margin of a delivery expectation stays the one Prometheus' check computed.
 */
public final class NotificationCheck implements AlertCheck {

    private final PrometheusAlertCheck prometheus;
    private final AlertmanagerWebhook webhook;

    public NotificationCheck(PrometheusAlertCheck prometheus, AlertmanagerWebhook webhook) {
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
    }

    @Override
    public Future<Void> preflight(Scenario scenario) {
        return prometheus.preflight(scenario);
    }

    @Override
    public Duration settleTime(Scenario scenario) {
        return prometheus.settleTime(scenario);
    }

    @Override
    public Future<List<Verdict>> verdicts(Scenario scenario, RunTimeline timeline) {
        return prometheus.verdicts(scenario, timeline).map(fromPrometheus -> {
            List<Notification> notifications = webhook.notifications();
            List<Verdict> out = new ArrayList<>(fromPrometheus.size());
            for (int i = 0; i < fromPrometheus.size(); i++) {
                Expectation e = scenario.expectations().get(i);
                Verdict v = fromPrometheus.get(i);
                if (e.kind().delivery()) {
                    Window ref = PrometheusAlertCheck.actual(e.anchor(), scenario, timeline);
                    v = DeliveryRules.decide(e, ref, notifications, timeline.startedAt())
                            .withMargin(v.margin());
                }
                out.add(v);
            }
            return out;
        });
    }

    /** Prometheus' check records the series behind the rules; delivery adds nothing to replay. */
    @Override
    public Future<Recording> recording(Scenario scenario, RunTimeline timeline) {
        return prometheus.recording(scenario, timeline);
    }
}
