package dev.chaoslab.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.alerts.AlertmanagerWebhook;
import dev.chaoslab.simulator.alerts.LocalAlertmanager;
import dev.chaoslab.simulator.alerts.Notification;
import dev.chaoslab.simulator.alerts.NotificationCheck;
import dev.chaoslab.simulator.alerts.PrometheusAlertCheck;
import dev.chaoslab.simulator.alerts.PrometheusClient;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.ServiceName;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery with real parts on loopback: the shop in-process, the real Prometheus (Debian's binary, 1 s scrape
 * and evaluation interval, the project's rules unchanged) sending to the real Alertmanager (Debian's 0.25, the
 * project's {@code docker/alertmanager/alertmanager.yml} with its webhooks pointed at the simulator's receiver),
 * and a payments error burst. Asserts that the burst's page and warning reach pager and chat in time, grouped by
 * alertname and service, and that orders' warning, which fires in Prometheus, is inhibited by the payments page.
 * Independent of {@link AlertsEndToEndTest} (its own ports, processes and temporary directories), about three
 * minutes of real time.
 */
@ExtendWith(VertxExtension.class)
class AlertmanagerEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerEndToEndTest.class);

    /**
     * A 10 s warm-up, a 20 s baseline, a one-minute error burst on payments' POST /payments (so orders, which
     * calls it on checkout, fails too), 10 s of recovery. The run waits after the last phase until the notifies
     * windows close.
     */
    static final String SCENARIO = """
    scenarios:
      - name: e2e-delivery
        description: Compressed payments incident for the Alertmanager end-to-end test.
        targets:
          gateway: http://127.0.0.1:8080
          payments: http://127.0.0.1:8082
        data:
          sku: {from: 1, to: 50, format: SKU-%03d}
        phases:
          - name: warmup
            duration: 10s
            shape: {type: ramp, from: 5, to: 30}
          - name: baseline
            duration: 20s
            shape: {type: constant, rate: 30}
          - name: incident
            duration: 60s
            shape: {type: constant, rate: 30}
          - name: recovery
            duration: 10s
            shape: {type: constant, rate: 30}
        requests:
          - name: view-product
            weight: 4
            target: gateway
            method: GET
            path: /api/products/${sku}
          - name: checkout
            weight: 1
            target: gateway
            method: POST
            path: /api/orders
            headers: {Content-Type: application/json}
            body: {customerId: "c-${randomInt(1,1000)}", items: [{sku: "${sku}", quantity: 1}]}
        chaos:
          - name: payments-errors
            at: 30s
            target: payments
            duration: 60s
            fault: {type: error, status: 503, probability: 0.3, match: {method: POST, route: /payments}}
        expect:
          - {alert: ChaoslabAvailabilityFastBurn, labels: {service: payments}, notifies: {receiver: pager, within: 2m30s, of: payments-errors}}
          - {alert: ChaoslabHighErrorRatio, labels: {service: payments}, notifies: {receiver: chat, within: 2m30s, of: payments-errors}}
          - {alert: ChaoslabHighErrorRatio, labels: {service: orders}, fires: {within: 2m30s, of: payments-errors}}
          - {alert: ChaoslabHighErrorRatio, labels: {service: orders}, notNotified: {during: payments-errors}}
    """;

    @Test
    @DisplayName(
            "the error burst's page and warning reach pager and chat in time, grouped by alertname and service, and the inhibited warning upstream never notifies")
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // over the 3 m default: it runs about three minutes
    void delivery(Vertx vertx) throws Exception {
        EndToEndStack.requirePrometheus();
        EndToEndStack.requireAlertmanager();
        try (EndToEndStack stack = EndToEndStack.start(vertx, LocalAlertmanager.CONFIG_RELATIVE)) {
            RunningTargets targets = stack.shop();
            AlertmanagerWebhook webhook = AlertmanagerWebhook.start(vertx, "127.0.0.1", Clock.systemUTC())
                    .await();
            stack.stopLast(() -> webhook.close().await());
            LocalAlertmanager alertmanager = LocalAlertmanager.start(
                            vertx,
                            LocalAlertmanager.Options.defaults(webhook.url())
                                    .withConfigFile(stack.repo().resolve(LocalAlertmanager.CONFIG_RELATIVE)))
                    .await();
            stack.stopLast(alertmanager);
            LOG.info("Alertmanager at {} (log {})", alertmanager.url(), alertmanager.logFile());
            PrometheusClient client =
                    stack.prometheus(EndToEndStack.scrapeJobs(targets), List.of(alertmanager.hostPort()));

            Scenario scenario = new ScenarioLoader()
                    .loadScenario("e2e", SCENARIO)
                    .withTargets(Map.of(
                            "gateway",
                            URI.create(targets.baseUrl(ServiceName.GATEWAY)),
                            "payments",
                            URI.create(targets.baseUrl(ServiceName.PAYMENTS))));
            RunReport report = stack.run(
                    scenario,
                    new RunManagerOptions(),
                    new NotificationCheck(new PrometheusAlertCheck(vertx, client), webhook));
            EndToEndStack.writeReport(report, "e2e-delivery-report.json");
            List<Notification> notifications = webhook.notifications();
            LOG.info("notifications:\n{}", notifications(notifications));

            assertThat(report.expectations()).hasSize(4);
            assertThat(report.expectations())
                    .allSatisfy(v -> assertThat(v.passed()).as("%s", v).isTrue());
            Verdict page = report.expectations().get(0);
            Verdict warning = report.expectations().get(1);
            assertThat(page.receiver()).isEqualTo("pager");
            assertThat(page.timeToNotifyMs()).isNotNull().isLessThanOrEqualTo(page.withinMs());
            assertThat(warning.receiver()).isEqualTo("chat");
            assertThat(warning.timeToNotifyMs()).isNotNull().isLessThanOrEqualTo(warning.withinMs());
            // orders' warning fired in Prometheus (expectation 2) and no notification carried it (expectation 3)
            assertThat(report.expectations().get(2).timeToFireMs()).isNotNull();
            assertThat(notifications)
                    .noneMatch(n -> n.carriesFiring("ChaoslabHighErrorRatio", Map.of("service", "orders")));

            // grouped as configured: every group is one alertname and one service, and carries only that
            assertThat(notifications).isNotEmpty().allSatisfy(n -> {
                assertThat(n.groupLabels().keySet())
                        .isSubsetOf(Set.of("alertname", "service"))
                        .contains("alertname");
                assertThat(n.alerts()).allSatisfy(a -> assertThat(a.labels()).containsAllEntriesOf(n.groupLabels()));
            });
            // runbook_url travels with the alert to the receiver
            assertThat(notifications)
                    .filteredOn(n -> n.receiver().equals("chat"))
                    .flatMap(Notification::alerts)
                    .anySatisfy(a -> assertThat(a.annotations())
                            .containsEntry(
                                    "runbook_url", "http://localhost:13000/d/chaoslab-services?var-service=payments"));
        }
    }

    private static String notifications(List<Notification> notifications) {
        StringBuilder t = new StringBuilder();
        for (Notification n : notifications) {
            t.append(String.format(
                    "%s %-8s %-8s %s %d alert(s)%n",
                    n.receivedAt(),
                    n.receiver(),
                    n.status(),
                    n.groupLabels(),
                    n.alerts().size()));
        }
        return t.toString();
    }
}
