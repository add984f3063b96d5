package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.ExpectationProgress;
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
 * expectations ({@code notifies}, {@code notNotified}) decided from what the webhook receiver recorded since the
 * run started. The rule's margin of a delivery expectation stays the one Prometheus' check computed. With an
 * external Alertmanager's client, the preflight also checks that it answers and has every receiver a
 * {@code notifies} names.
 */
public final class NotificationCheck implements AlertCheck {

    private final PrometheusAlertCheck prometheus;
    private final AlertmanagerWebhook webhook;
    private final AlertmanagerClient alertmanager;

    public NotificationCheck(PrometheusAlertCheck prometheus, AlertmanagerWebhook webhook) {
        this(prometheus, webhook, null);
    }

    /** With {@code alertmanager} (null: none to ask), the preflight checks the receivers the scenario names. */
    public NotificationCheck(
            PrometheusAlertCheck prometheus, AlertmanagerWebhook webhook, AlertmanagerClient alertmanager) {
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.alertmanager = alertmanager;
    }

    @Override
    public Future<Void> preflight(Scenario scenario) {
        List<String> receivers = scenario.expectations().stream()
                .map(Expectation::receiver)
                .filter(Objects::nonNull)
                .toList();
        if (alertmanager == null || receivers.isEmpty()) {
            return prometheus.preflight(scenario);
        }
        return prometheus.preflight(scenario).compose(ok -> alertmanager.checkReceivers(receivers));
    }

    @Override
    public Duration settleTime(Scenario scenario) {
        return prometheus.settleTime(scenario);
    }

    /** Prometheus' view: a delivery expectation shows its alert's state, what Alertmanager did comes at the end. */
    @Override
    public List<ExpectationProgress> progress(Scenario scenario, RunTimeline soFar) {
        return prometheus.progress(scenario, soFar);
    }

    @Override
    public Future<List<Verdict>> verdicts(Scenario scenario, RunTimeline timeline) {
        return prometheus.verdicts(scenario, timeline).map(fromPrometheus -> {
            // the receiver outlives runs under serve: only what arrived since this run started counts
            List<Notification> notifications = webhook.notifications().stream()
                    .filter(n -> !n.receivedAt().isBefore(timeline.startedAt()))
                    .toList();
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
