package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

@ExtendWith(VertxExtension.class)
class LocalAlertmanagerTest {

    private static Path projectConfig() {
        return LocalAlertmanager.locateConfig()
                .orElseThrow(() -> new AssertionError(
                        LocalAlertmanager.CONFIG_RELATIVE + " not found above the working directory"));
    }

    @Test
    @DisplayName(
            "every webhook receiver is pointed at the simulator's receiver by name; routes and inhibition stay as written")
    @SuppressWarnings("unchecked")
    void rewritesWebhooks() throws Exception {
        String original = Files.readString(projectConfig());
        Map<String, Object> rewritten = load(LocalAlertmanager.withWebhook(original, "http://127.0.0.1:4242"));
        Map<String, Object> before = load(original);
        assertThat(rewritten.get("route")).isEqualTo(before.get("route"));
        assertThat(rewritten.get("inhibit_rules")).isEqualTo(before.get("inhibit_rules"));
        List<Map<String, Object>> receivers = (List<Map<String, Object>>) rewritten.get("receivers");
        assertThat(receivers).extracting(r -> r.get("name")).containsExactly("pager", "chat", "tickets");
        for (Map<String, Object> r : receivers) {
            assertThat(r.get("webhook_configs"))
                    .asInstanceOf(InstanceOfAssertFactories.list(Map.class))
                    .allSatisfy(h ->
                            assertThat(h.get("url")).isEqualTo("http://127.0.0.1:4242/alertmanager/" + r.get("name")));
        }
    }

    @Test
    @DisplayName("the generated prometheus.yml sends alerts to the given Alertmanagers through API v2")
    void prometheusAlertingBlock() {
        String yaml = LocalPrometheus.config(
                LocalPrometheus.Options.defaults().withRulesDir(null).withAlertmanagers(List.of("127.0.0.1:9093")),
                9999);
        assertThat(load(yaml).get("alerting"))
                .isEqualTo(Map.of(
                        "alertmanagers",
                        List.of(Map.of(
                                "api_version",
                                "v2",
                                "static_configs",
                                List.of(Map.of("targets", List.of("127.0.0.1:9093")))))));
        assertThat(load(LocalPrometheus.config(
                        LocalPrometheus.Options.defaults().withRulesDir(null), 9999)))
                .doesNotContainKey("alerting");
    }

    @Test
    @DisplayName(
            "a broken configuration fails the start with amtool's own message naming the file, and nothing is started")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void brokenConfig(Vertx vertx, @TempDir Path dir) throws Exception {
        requireBinaries();
        Path bad = dir.resolve("alertmanager.yml");
        Files.writeString(bad, "route:\n  receiver: nobody\nreceivers:\n  - name: pager\n");
        LocalAlertmanager.Options options =
                LocalAlertmanager.Options.defaults("http://127.0.0.1:1").withConfigFile(bad);
        assertThatThrownBy(() -> LocalAlertmanager.start(vertx, options).await(20, TimeUnit.SECONDS))
                .isInstanceOf(PrometheusException.class)
                .hasMessageContaining(
                        "The Alertmanager configuration " + bad + " is invalid; amtool check-config says:")
                .hasMessageContaining("undefined receiver \"nobody\" used in route");
    }

    @Test
    @DisplayName(
            "the webhook receiver answers 400 with a JSON error to a body that is not a version 4 payload, and records nothing")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void webhookRejectsGarbage(Vertx vertx) throws Exception {
        AlertmanagerWebhook webhook =
                AlertmanagerWebhook.start(vertx, "127.0.0.1", Clock.systemUTC()).await();
        try {
            HttpClient client = vertx.createHttpClient();
            for (String body : List.of(
                    "{\"version\":\"3\",\"receiver\":\"pager\",\"status\":\"firing\",\"alerts\":[]}",
                    "not json",
                    "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[]}")) {
                var answer = client.request(new RequestOptions()
                                .setMethod(HttpMethod.POST)
                                .setHost("127.0.0.1")
                                .setPort(webhook.port())
                                .setURI("/alertmanager/pager"))
                        .compose(req -> req.send(Buffer.buffer(body)))
                        .compose(resp -> resp.body().map(b -> Map.entry(resp.statusCode(), b.toJsonObject())))
                        .await();
                assertThat(answer.getKey()).as(body).isEqualTo(400);
                assertThat(answer.getValue().getString("error")).startsWith("not an Alertmanager webhook payload");
            }
            assertThat(webhook.notifications()).isEmpty();
        } finally {
            webhook.close().await();
        }
    }

    /**
     * The project's tree with a real Alertmanager, alerts posted straight to its API: the page and the
     * payments warning reach their receivers, each group by alertname and service, and the warning of orders
     * (upstream of the paging payments) is inhibited. About 35 s: the warning route's group_wait is 30 s.
     */
    @Test
    @DisplayName(
            "a real Alertmanager with the project's tree routes by severity, groups by alertname and service, and inhibits the warning upstream of a page")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void routesGroupsInhibits(Vertx vertx) throws Exception {
        requireBinaries();
        AlertmanagerWebhook webhook =
                AlertmanagerWebhook.start(vertx, "127.0.0.1", Clock.systemUTC()).await();
        LocalAlertmanager am = LocalAlertmanager.start(vertx, LocalAlertmanager.Options.defaults(webhook.url()))
                .await(40, TimeUnit.SECONDS);
        try {
            Instant now = Instant.now();
            JsonArray alerts = new JsonArray()
                    .add(alert(now, "ChaoslabAvailabilityFastBurn", "page", "payments"))
                    .add(alert(now, "ChaoslabHighErrorRatio", "warning", "payments"))
                    .add(alert(now, "ChaoslabHighErrorRatio", "warning", "orders"));
            HttpClient client = vertx.createHttpClient();
            int status = client.request(new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setHost("127.0.0.1")
                            .setPort(am.port())
                            .setURI("/api/v2/alerts")
                            .putHeader("content-type", "application/json"))
                    .compose(req -> req.send(alerts.toBuffer()))
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .await();
            assertThat(status).isEqualTo(200);

            long deadline = System.nanoTime() + Duration.ofSeconds(70).toNanos();
            while (webhook.notifications().stream().noneMatch(n -> n.receiver().equals("chat"))) {
                if (System.nanoTime() > deadline) {
                    fail("no notification reached chat in 70 s; received " + webhook.notifications()
                            + "; Alertmanager log:\n" + LocalProcess.tail(am.logFile(), 20));
                }
                Thread.sleep(250);
            }
            // the orders group started with the payments one, so its flush (if any) was due at the same moment
            Thread.sleep(3000);
            List<Notification> received = webhook.notifications();
            assertThat(received)
                    .filteredOn(n -> n.receiver().equals("pager"))
                    .singleElement()
                    .satisfies(n -> {
                        assertThat(n.groupLabels())
                                .isEqualTo(Map.of("alertname", "ChaoslabAvailabilityFastBurn", "service", "payments"));
                        assertThat(n.carriesFiring("ChaoslabAvailabilityFastBurn", Map.of("service", "payments")))
                                .isTrue();
                    });
            assertThat(received)
                    .filteredOn(n -> n.receiver().equals("chat"))
                    .singleElement()
                    .satisfies(n -> {
                        assertThat(n.groupLabels())
                                .isEqualTo(Map.of("alertname", "ChaoslabHighErrorRatio", "service", "payments"));
                        assertThat(n.alerts())
                                .singleElement()
                                .satisfies(a -> assertThat(a.annotations())
                                        .containsEntry("runbook_url", "http://example.test/runbook"));
                    });
            assertThat(received).noneMatch(n -> n.carriesFiring("ChaoslabHighErrorRatio", Map.of("service", "orders")));
        } finally {
            am.stop().await();
            webhook.close().await();
        }
    }

    private static JsonObject alert(Instant startsAt, String name, String severity, String service) {
        return new JsonObject()
                .put(
                        "labels",
                        new JsonObject()
                                .put("alertname", name)
                                .put("severity", severity)
                                .put("service", service))
                .put("annotations", new JsonObject().put("runbook_url", "http://example.test/runbook"))
                .put("startsAt", startsAt.toString());
    }

    private static void requireBinaries() {
        if (LocalPrometheus.findBinary(LocalAlertmanager.DEFAULT_BINARY).isEmpty()
                || LocalPrometheus.findBinary(LocalAlertmanager.DEFAULT_AMTOOL).isEmpty()) {
            fail(LocalAlertmanager.installHint(LocalAlertmanager.DEFAULT_BINARY)
                    + " (scripts/install-deps.sh does it)");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }
}
