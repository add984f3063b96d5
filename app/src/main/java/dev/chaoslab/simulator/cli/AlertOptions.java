package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.alerts.AlertmanagerWebhook;
import dev.chaoslab.simulator.alerts.LocalAlertmanager;
import dev.chaoslab.simulator.alerts.LocalPrometheus;
import dev.chaoslab.simulator.alerts.NotificationCheck;
import dev.chaoslab.simulator.alerts.PrometheusAlertCheck;
import dev.chaoslab.simulator.alerts.PrometheusClient;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** Where alert expectations are checked: {@code --prometheus-url} or {@code --local-prometheus}. */
public final class AlertOptions {

    @Option(
            names = "--prometheus-url",
            paramLabel = "URL",
            defaultValue = "${env:CHAOSLAB_PROMETHEUS_URL}",
            description =
                    "Check the scenario's alert expectations against this Prometheus (env CHAOSLAB_PROMETHEUS_URL). "
                            + "It must scrape the targets and the simulator and load the project's alert rules.")
    String prometheusUrl;

    @Option(
            names = "--local-prometheus",
            negatable = true,
            description =
                    "Start the installed 'prometheus' binary on a free port with the project's rules, scraping the "
                            + "scenario's targets and the simulator, and check alert expectations against it; with Alertmanager "
                            + "installed, also the project's Alertmanager and a webhook receiver for notifies/notNotified. "
                            + "On by default for demo.")
    Boolean localPrometheus;

    /**
     * Sets up the alert check of a foreground run. Without a Prometheus, expectations are not checked and the
     * run goes on (the report says so); a missing binary is reported with how to install it.
     *
     * @param simulatorMetrics {@code host:port} of the simulator's own /metrics, for the local Prometheus to scrape
     */
    AlertSetup setUp(Vertx vertx, Scenario scenario, String simulatorMetrics, PrintWriter out, boolean localByDefault) {
        if (prometheusUrl != null && !prometheusUrl.isBlank()) {
            return connect(vertx, prometheusUrl, null);
        }
        boolean local = localPrometheus != null ? localPrometheus : localByDefault;
        if (!local) {
            if (!scenario.expectations().isEmpty()) {
                out.println(
                        "Alert expectations are not checked: no Prometheus (use --local-prometheus or --prometheus-url).");
            }
            return AlertSetup.none();
        }
        if (LocalPrometheus.findBinary(LocalPrometheus.Options.defaults().binary())
                .isEmpty()) {
            out.println(LocalPrometheus.installHint(
                    LocalPrometheus.Options.defaults().binary()));
            out.println("Going on without alert verdicts.");
            return AlertSetup.none();
        }
        if (LocalPrometheus.locateRules().isEmpty()) {
            out.println("The project's alert rules (" + LocalPrometheus.RULES_RELATIVE
                    + ") were not found: run from the " + "repository root or set " + LocalPrometheus.RULES_ENV
                    + ". Going on without alert verdicts.");
            return AlertSetup.none();
        }
        List<LocalPrometheus.ScrapeJob> jobs = new ArrayList<>();
        // a proxy target's /metrics is on its admin listener, the chaos API's address; at url it would be the
        // upstream's
        scenario.targets()
                .forEach((name, url) -> jobs.add(new LocalPrometheus.ScrapeJob(
                        name, List.of(hostPort(scenario.chaosApi(name).orElse(url))), Map.of())));
        jobs.add(new LocalPrometheus.ScrapeJob("simulator", List.of(simulatorMetrics), Map.of()));
        Delivery delivery = startDelivery(vertx, out);
        out.println("Starting a local Prometheus with the project's alert rules…");
        out.flush();
        try {
            LocalPrometheus.Options options = LocalPrometheus.Options.defaults().withJobs(jobs);
            if (delivery.alertmanager() != null) {
                options = options.withAlertmanagers(
                        List.of(delivery.alertmanager().hostPort()));
            }
            LocalPrometheus prometheus = LocalPrometheus.start(vertx, options).await(90, TimeUnit.SECONDS);
            out.println("Prometheus at " + prometheus.url() + " (log: " + prometheus.logFile() + ")");
            PrometheusClient client = new PrometheusClient(vertx, prometheus.url());
            PrometheusAlertCheck check = new PrometheusAlertCheck(vertx, client);
            if (delivery.alertmanager() == null) {
                return new AlertSetup(check, client, prometheus);
            }
            return new AlertSetup(
                    new NotificationCheck(check, delivery.webhook()),
                    client,
                    prometheus,
                    delivery.alertmanager(),
                    delivery.webhook());
        } catch (Exception e) {
            out.println("The local Prometheus did not start: " + e.getMessage());
            out.println("Going on without alert verdicts.");
            delivery.close();
            return AlertSetup.none();
        }
    }

    /** The local Alertmanager and the webhook receiver it notifies; both null when Alertmanager cannot run here. */
    private record Delivery(LocalAlertmanager alertmanager, AlertmanagerWebhook webhook) {

        void close() {
            if (alertmanager != null) {
                alertmanager.close();
            }
            if (webhook != null) {
                webhook.close();
            }
        }
    }

    /**
     * Starts the webhook receiver and the project's Alertmanager pointed at it. Without the binaries, or with a
     * configuration amtool rejects (its message is printed), the run goes on without delivery verdicts.
     */
    private static Delivery startDelivery(Vertx vertx, PrintWriter out) {
        LocalAlertmanager.Options probe = LocalAlertmanager.Options.defaults("http://127.0.0.1");
        if (LocalPrometheus.findBinary(probe.binary()).isEmpty()
                || LocalPrometheus.findBinary(probe.amtool()).isEmpty()) {
            out.println(LocalAlertmanager.installHint(probe.binary())
                    + " Going on without delivery verdicts (notifies, " + "notNotified).");
            return new Delivery(null, null);
        }
        AlertmanagerWebhook webhook = null;
        try {
            webhook = AlertmanagerWebhook.start(vertx, "127.0.0.1", Clock.systemUTC())
                    .await(10, TimeUnit.SECONDS);
            LocalAlertmanager alertmanager = LocalAlertmanager.start(
                            vertx, LocalAlertmanager.Options.defaults(webhook.url()))
                    .await(60, TimeUnit.SECONDS);
            out.println("Alertmanager at " + alertmanager.url() + " (log: " + alertmanager.logFile() + "), notifying "
                    + webhook.url() + AlertmanagerWebhook.PATH + "<receiver>");
            return new Delivery(alertmanager, webhook);
        } catch (Exception e) {
            out.println("The local Alertmanager did not start: " + e.getMessage());
            out.println("Going on without delivery verdicts (notifies, notNotified).");
            new Delivery(null, webhook).close();
            return new Delivery(null, null);
        }
    }

    /**
     * For {@code serve}: only a given Prometheus (runs come and go; there is no single scrape set-up), and with
     * {@code delivery}'s receiver the delivery verdicts from what reaches it.
     *
     * @throws FlagException when delivery is asked for without a Prometheus, or its flags are refused
     */
    AlertSetup setUpForServer(Vertx vertx, PrintWriter out, AlertmanagerOptions delivery) {
        if (prometheusUrl == null || prometheusUrl.isBlank()) {
            if (delivery.requested()) {
                throw FlagException.of(
                        AlertmanagerOptions.RECEIVER_FLAG,
                        "needs --prometheus-url (env CHAOSLAB_PROMETHEUS_URL): delivery verdicts are about the alerts "
                                + "that Prometheus fires");
            }
            return AlertSetup.none();
        }
        AlertmanagerOptions.Started started = delivery.start(vertx, out);
        out.println("Alert expectations are checked against " + prometheusUrl);
        if (started == null) {
            return connect(vertx, prometheusUrl, null);
        }
        PrometheusClient client = new PrometheusClient(vertx, prometheusUrl);
        return new AlertSetup(
                new NotificationCheck(
                        new PrometheusAlertCheck(vertx, client), started.webhook(), started.alertmanager()),
                client,
                null,
                null,
                started.webhook());
    }

    private static AlertSetup connect(Vertx vertx, String url, LocalPrometheus local) {
        PrometheusClient client = new PrometheusClient(vertx, url);
        return new AlertSetup(new PrometheusAlertCheck(vertx, client), client, local);
    }

    private static String hostPort(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        String host = url.getHost();
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
