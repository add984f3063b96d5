package dev.chaoslab.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.chaoslab.simulator.alerts.AlertmanagerClient;
import dev.chaoslab.simulator.alerts.LocalAlertmanager;
import dev.chaoslab.simulator.alerts.LocalPrometheus;
import dev.chaoslab.simulator.api.ApiOptions;
import dev.chaoslab.simulator.api.TestApi;
import dev.chaoslab.simulator.api.TestTarget;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with the Alertmanager webhook receiver, against a real Prometheus and a real Alertmanager on loopback
 * whose receivers point at it: a run started through the REST API gets its {@code notifies} verdict from the
 * notification Alertmanager posted. The alert is posted to Alertmanager's API directly (a page, group_wait 10 s), so
 * the test takes seconds, not a rule's {@code for}.
 */
@ExtendWith(VertxExtension.class)
class ServeDeliveryTest {

    private static final String ALERT = "ChaoslabAvailabilityFastBurn";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    @DisplayName(
            "a notification Alertmanager posts reaches serve's receiver and a run started over REST passes its notifies"
                    + " verdict, with receiver, group and count in the report; an unknown receiver is named")
    void notifiesThroughServe(Vertx vertx) throws Exception {
        requireBinaries();
        int receiverPort = freePort();
        LocalPrometheus prometheus = LocalPrometheus.start(
                        vertx,
                        LocalPrometheus.Options.defaults()
                                .withScrapeInterval(Duration.ofSeconds(1))
                                .withLogFile(dir.resolve("prometheus.log")))
                .await(90, TimeUnit.SECONDS);
        LocalAlertmanager alertmanager = LocalAlertmanager.start(
                        vertx,
                        LocalAlertmanager.Options.defaults("http://127.0.0.1:" + receiverPort)
                                .withLogFile(dir.resolve("alertmanager.log")))
                .await(60, TimeUnit.SECONDS);
        TestTarget target = TestTarget.start(vertx, 200);
        AlertOptions alerts = new AlertOptions();
        alerts.prometheusUrl = prometheus.url();
        AlertmanagerOptions delivery = new AlertmanagerOptions();
        delivery.receiver = "127.0.0.1:" + receiverPort;
        delivery.alertmanagerUrl = alertmanager.url();
        StringWriter out = new StringWriter();
        try (AlertSetup setup = alerts.setUpForServer(vertx, new PrintWriter(out, true), delivery)) {
            assertThat(out.toString())
                    .contains("Alertmanager webhook receiver on http://127.0.0.1:" + receiverPort + "/alertmanager/");
            Files.writeString(dir.resolve("scenarios.yaml"), scenarios(target.url()));
            int apiPort = deployApi(vertx, setup);
            WebClient client = WebClient.create(vertx);

            HttpResponse<Buffer> started = client.post(apiPort, "127.0.0.1", "/runs")
                    .sendJsonObject(new JsonObject().put("scenario", "paged").put("file", "scenarios.yaml"))
                    .await();
            assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(201);
            String id = started.bodyAsJsonObject().getString("runId");

            // what Prometheus would send when the rule fires: a page for payments
            JsonArray alert = new JsonArray()
                    .add(new JsonObject()
                            .put(
                                    "labels",
                                    new JsonObject()
                                            .put("alertname", ALERT)
                                            .put("service", "payments")
                                            .put("severity", "page"))
                            .put("annotations", new JsonObject().put("summary", "posted by the test"))
                            .put("startsAt", Instant.now().toString()));
            HttpResponse<Buffer> posted = client.postAbs(alertmanager.url() + "/api/v2/alerts")
                    .sendJson(alert)
                    .await();
            assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);

            JsonObject report = awaitReport(vertx, client, apiPort, id);
            JsonObject verdict = report.getJsonArray("expectations").getJsonObject(0);
            assertThat(verdict.getString("kind")).isEqualTo("notifies");
            assertThat(verdict.getBoolean("passed"))
                    .as(verdict.encodePrettily())
                    .isTrue();
            assertThat(verdict.getString("receiver")).isEqualTo("pager");
            assertThat(verdict.getLong("timeToNotifyMs")).isNotNull().isLessThanOrEqualTo(25_000L);
            JsonObject seen = verdict.getJsonObject("delivery");
            assertThat(seen.getString("receiver")).isEqualTo("pager");
            assertThat(seen.getJsonObject("groupLabels").getMap())
                    .containsOnlyKeys("alertname", "service")
                    .containsEntry("alertname", ALERT)
                    .containsEntry("service", "payments");
            assertThat(seen.getInteger("alerts")).isEqualTo(1);
            assertThat(client.get(apiPort, "127.0.0.1", "/runs/" + id + "/report.html")
                            .send()
                            .await()
                            .bodyAsString())
                    .contains("<th>delivery</th>", "<b>pager</b> after ");
        } finally {
            target.close();
        }

        try (AlertmanagerClient am = new AlertmanagerClient(vertx, alertmanager.url())) {
            assertThat(am.receivers().await(10, TimeUnit.SECONDS)).contains("pager", "chat", "tickets");
            assertThatThrownBy(
                            () -> am.checkReceivers(List.of("pager", "nobody")).await(10, TimeUnit.SECONDS))
                    .hasMessageContaining("has no receiver nobody")
                    .hasMessageContaining("[chat, pager, tickets]");
        } finally {
            alertmanager.stop().await(15, TimeUnit.SECONDS);
            prometheus.stop().await(15, TimeUnit.SECONDS);
        }
    }

    private int deployApi(Vertx vertx, AlertSetup setup) {
        ApiOptions options = new ApiOptions().setPort(0).setScenarioDir(dir);
        return TestApi.deploy(vertx, options, dir.resolve("data"), setup.check())
                .actualPort();
    }

    private static JsonObject awaitReport(Vertx vertx, WebClient client, int apiPort, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        while (System.nanoTime() < deadline) {
            HttpResponse<Buffer> report = client.get(apiPort, "127.0.0.1", "/runs/" + id + "/report")
                    .send()
                    .await();
            if (report.statusCode() == 200) {
                return report.bodyAsJsonObject();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("run " + id + " wrote no report within 100 s");
    }

    /** One 20 s phase; the page must reach pager within 25 s of it starting. */
    private static String scenarios(String url) {
        return """
        scenarios:
          - name: paged
            description: A steady trickle while a page is delivered.
            targets:
              gateway: %s
            phases:
              - name: main
                duration: 20s
                shape: {type: constant, rate: 5}
            requests:
              - name: browse
                weight: 1
                target: gateway
                method: GET
                path: /api/products
            expect:
              - {alert: %s, labels: {service: payments}, notifies: {receiver: pager, within: 25s, of: main}}
        """.formatted(url, ALERT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void requireBinaries() {
        for (String binary :
                List.of("prometheus", LocalAlertmanager.DEFAULT_BINARY, LocalAlertmanager.DEFAULT_AMTOOL)) {
            if (LocalPrometheus.findBinary(binary).isEmpty()) {
                fail(binary + " is not installed: scripts/install-deps.sh installs it");
            }
        }
    }
}
