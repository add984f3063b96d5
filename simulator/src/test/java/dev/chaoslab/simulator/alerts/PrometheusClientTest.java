package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.telemetry.testing.RefusedPort;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PrometheusClientTest {

    FakePrometheus fake;
    PrometheusClient client;

    @BeforeEach
    void start(Vertx vertx) {
        fake = new FakePrometheus().start(vertx).await();
        client = new PrometheusClient(vertx, fake.url() + "/");
    }

    @AfterEach
    void stop() {
        client.close();
        fake.stop().await();
    }

    @Test
    @DisplayName("an unreachable Prometheus is an error naming the URL and how to fix it")
    void unreachable(Vertx vertx) throws Exception {
        try (RefusedPort refused = RefusedPort.open()) {
            int closedPort = refused.port();
            PrometheusClient nowhere = new PrometheusClient(vertx, "http://127.0.0.1:" + closedPort);
            assertThatThrownBy(() -> nowhere.ready().await())
                    .isInstanceOf(PrometheusException.class)
                    .hasMessageContaining("Prometheus at http://127.0.0.1:" + closedPort + " is unreachable")
                    .hasMessageContaining("--local-prometheus")
                    .hasMessageContaining("--prometheus-url");
            nowhere.close();
        }
    }

    @Test
    @DisplayName("a Prometheus that is not ready yet is told apart from an unreachable one")
    void notReady() {
        fake.readyStatus = 503;
        assertThatThrownBy(() -> client.ready().await()).hasMessageContaining("is not ready (HTTP 503");
        fake.readyStatus = 200;
        client.ready().await();
    }

    @Test
    @DisplayName("alerts, rules, range queries and exemplars are parsed from Prometheus' JSON")
    void parses() {
        fake.alerts = new JsonArray()
                .add(FakePrometheus.alert(
                        "ChaoslabHighErrorRatio", Map.of("service", "payments"), "firing", "2026-11-25T12:00:05.123Z"));
        fake.ruleGroups = new JsonArray()
                .add(FakePrometheus.group(
                        "errors",
                        5,
                        FakePrometheus.alertingRule(
                                "ChaoslabHighErrorRatio", "x > 0.05", 60, Map.of("severity", "page"))));
        fake.ranges = expr -> new JsonArray()
                .add(FakePrometheus.matrix(
                        Map.of("service", "payments"),
                        1_700_000_000_000L,
                        5_000,
                        0.01,
                        Double.NaN,
                        Double.POSITIVE_INFINITY));

        List<ActiveAlert> alerts = client.alerts().await();
        assertThat(alerts)
                .containsExactly(new ActiveAlert(
                        "ChaoslabHighErrorRatio",
                        Map.of("service", "payments"),
                        ActiveAlert.State.FIRING,
                        Instant.parse("2026-11-25T12:00:05.123Z")));

        List<AlertRule> rules = client.rules().await();
        assertThat(rules).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo(AlertRule.Type.ALERTING);
            assertThat(r.forDuration()).isEqualTo(Duration.ofMinutes(1));
            assertThat(r.evaluationInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(r.labels()).containsEntry("severity", "page");
        });

        List<Series> range = client.queryRange(
                        "x",
                        Instant.ofEpochMilli(1_700_000_000_000L),
                        Instant.ofEpochMilli(1_700_000_010_000L),
                        Duration.ofSeconds(5))
                .await();
        assertThat(range).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("service", "payments");
            assertThat(s.samples())
                    .extracting(Sample::timeMs)
                    .containsExactly(1_700_000_000_000L, 1_700_000_005_000L, 1_700_000_010_000L);
            assertThat(s.samples().get(1).value()).isNaN();
            assertThat(s.samples().get(2).value()).isInfinite();
        });

        assertThat(client.targets().await())
                .containsExactly(
                        new PrometheusClient.ScrapeTarget("payments", "127.0.0.1:8082", "down", "connection refused"));

        assertThat(client.query("0.05", null).await())
                .singleElement()
                .satisfies(s -> assertThat(s.samples().get(0).value()).isEqualTo(0.05));

        assertThat(client.queryExemplars("x_bucket", Instant.now().minusSeconds(60), Instant.now())
                        .await())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.labels()).containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
                    assertThat(e.seriesLabels()).containsEntry("service", "gateway");
                    assertThat(e.value()).isEqualTo(0.012);
                });
    }

    @Test
    @DisplayName("a query Prometheus rejects fails with its own error message and the expression")
    void rejected() {
        assertThatThrownBy(() -> client.queryRange(
                                "syntax error", Instant.now().minusSeconds(60), Instant.now(), Duration.ofSeconds(5))
                        .await())
                .isInstanceOf(PrometheusException.class)
                .hasMessageContaining("rejected /api/v1/query_range for `syntax error`: bad_data: 1:8: parse error");
    }

    @Test
    @DisplayName("a URL that is not Prometheus, or not a URL, gets an error saying what to pass")
    void badUrls(Vertx vertx) {
        assertThatThrownBy(() -> new PrometheusClient(vertx, "localhost:9090"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://127.0.0.1:9090");
        PrometheusClient html = new PrometheusClient(vertx, fake.url() + "/not-prometheus");
        assertThatThrownBy(() -> html.rules().await())
                .hasMessageContaining("no Prometheus API JSON")
                .hasMessageContaining("not at Grafana or a proxy");
        html.close();
    }
}
