package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.alerts.AlertmanagerWebhook;
import dev.chaoslab.simulator.alerts.LocalAlertmanager;
import dev.chaoslab.simulator.alerts.LocalPrometheus;
import dev.chaoslab.simulator.alerts.PrometheusClient;
import java.util.concurrent.TimeUnit;

/**
 * How a command checks alert expectations: not at all (no Prometheus), against a given Prometheus, or against
 * a local Prometheus it started (with, where installed, a local Alertmanager and the webhook receiver it
 * notifies). Closing stops what it started.
 */
final class AlertSetup implements AutoCloseable {

    private final AlertCheck check;
    private final PrometheusClient client;
    private final LocalPrometheus local;
    private final LocalAlertmanager alertmanager;
    private final AlertmanagerWebhook webhook;

    AlertSetup(AlertCheck check, PrometheusClient client, LocalPrometheus local) {
        this(check, client, local, null, null);
    }

    AlertSetup(
            AlertCheck check,
            PrometheusClient client,
            LocalPrometheus local,
            LocalAlertmanager alertmanager,
            AlertmanagerWebhook webhook) {
        this.check = check;
        this.client = client;
        this.local = local;
        this.alertmanager = alertmanager;
        this.webhook = webhook;
    }

    static AlertSetup none() {
        return new AlertSetup(null, null, null);
    }

    /** The alert check for the run manager; null when expectations are not checked. */
    AlertCheck check() {
        return check;
    }

    /** The Prometheus URL in use, or null. */
    String prometheusUrl() {
        return client == null ? null : client.baseUrl();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (local != null) {
            try {
                local.stop().await(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Its shutdown hook kills it at exit anyway.
            }
        }
        if (alertmanager != null) {
            try {
                alertmanager.stop().await(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Its shutdown hook kills it at exit anyway.
            }
        }
        if (webhook != null) {
            try {
                webhook.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closed with Vert.x anyway
            }
        }
    }
}
