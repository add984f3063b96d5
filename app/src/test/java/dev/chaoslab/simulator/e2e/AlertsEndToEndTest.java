package dev.chaoslab.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.alerts.Exemplar;
import dev.chaoslab.simulator.alerts.LocalPrometheus;
import dev.chaoslab.simulator.alerts.PrometheusAlertCheck;
import dev.chaoslab.simulator.alerts.PrometheusClient;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.ServiceName;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole chain with real parts on loopback: the four target services in-process (free ports, exporting
 * spans to an in-test OTLP receiver), the simulator's RunManager driving a compressed incident scenario, and
 * the real Prometheus (Debian's binary, via {@link LocalPrometheus}) scraping them every second with the
 * project's own rule files, unchanged.
 *
 * <p>Asserts that the expected alert fires and resolves and the baseline stays quiet; that every PromQL
 * expression of the dashboards and of the rules returns data from that Prometheus; and that the exemplars
 * Prometheus stored carry trace ids the services really exported. About four minutes of real time.
 */
@ExtendWith(VertxExtension.class)
class AlertsEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsEndToEndTest.class);

    /**
     * Dashboard panels that may legitimately show nothing in this test, with the reason. Keep it tiny: a panel
     * that shows nothing is a bug unless it is listed here.
     */
    static final Map<String, String> MAY_BE_EMPTY =
            Map.of("containers.json", "cAdvisor runs only in the Docker stack; no container metrics exist here");

    /**
     * A 20 s warm-up (cold JVMs on a busy machine answer slowly at first; that is not the baseline), a 70 s
     * baseline (longer than the rules' 1m windows and `for: 1m`, so a noisy rule could fire in it), a one-minute
     * error burst in payments, a minute of recovery. Targets are replaced by the free ports.
     *
     * <p>The limits are the rule's timing with room to spare, not more: it fires about 70 s after the burst starts
     * (`for: 1m` after the 1m error ratio passes 5 %) and resolves about 50 s after it ends (when the 1m window holds
     * less than 5 % errors); the run watches until the last limit has passed, so a looser limit only makes the test
     * longer.
     */
    static final String SCENARIO = """
    scenarios:
      - name: e2e-payments-errors
        description: Compressed incident for the end-to-end test.
        targets:
          gateway: http://127.0.0.1:8080
          payments: http://127.0.0.1:8082
        data:
          sku: {from: 1, to: 50, format: SKU-%03d}
        phases:
          - name: warmup
            duration: 20s
            shape: {type: ramp, from: 5, to: 30}
          - name: baseline
            duration: 70s
            shape: {type: constant, rate: 30}
          - name: incident
            duration: 60s
            shape: {type: constant, rate: 30}
          - name: recovery
            duration: 60s
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
            at: 90s
            target: payments
            duration: 60s
            fault: {type: error, status: 503, probability: 0.3, match: {method: POST, route: /payments}}
        expect:
          - {alert: ChaoslabHighErrorRatio, labels: {service: payments}, fires: {within: 2m, of: payments-errors}}
          - {alert: ChaoslabHighErrorRatio, labels: {service: payments}, resolves: {within: 1m30s, of: payments-errors}}
          - {alert: ChaoslabHighErrorRatio, silent: {during: baseline}}
          - {alert: ChaoslabTargetDown, silent: {during: run}}
    """;

    @Test
    @DisplayName(
            "a real Prometheus with the project's rules sees the incident fire and resolve, every dashboard and rule query has data, and exemplars lead to exported traces")
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // over the 3 m default: it runs about four minutes
    void endToEnd(Vertx vertx) throws Exception {
        EndToEndStack.requirePrometheus();
        try (EndToEndStack stack = EndToEndStack.start(vertx, "dashboards")) {
            RunningTargets targets = stack.shop();
            EndToEndStack.SimulatorTelemetry simulator = stack.simulatorTelemetry();
            List<LocalPrometheus.ScrapeJob> jobs = new ArrayList<>(EndToEndStack.scrapeJobs(targets));
            jobs.add(simulator.scrapeJob());
            PrometheusClient client = stack.prometheus(jobs, List.of());

            Scenario scenario = new ScenarioLoader()
                    .loadScenario("e2e", SCENARIO)
                    .withTargets(Map.of(
                            "gateway", URI.create(targets.baseUrl(ServiceName.GATEWAY)),
                            "payments", URI.create(targets.baseUrl(ServiceName.PAYMENTS))));
            RunReport report = stack.run(scenario, simulator.runOptions(), new PrometheusAlertCheck(vertx, client));
            Instant end = Instant.now();
            JsonObject json = EndToEndStack.writeReport(report, "e2e-report.json");
            JsonArray expectations = json.getJsonArray("expectations");

            // 1. the incident alert fired and resolved, the baseline stayed quiet
            assertThat(json.getString("state")).isEqualTo("completed");
            assertThat(expectations).hasSize(4);
            assertThat(expectations)
                    .allSatisfy(e -> assertThat(((JsonObject) e).getBoolean("passed"))
                            .as("%s", ((JsonObject) e).encodePrettily())
                            .isTrue());
            JsonObject fires = expectations.getJsonObject(0);
            assertThat(fires.getLong("timeToFireMs")).isNotNull();
            assertThat(fires.getJsonObject("margin").getDouble("threshold")).isEqualTo(0.05);
            assertThat(expectations.getJsonObject(1).getLong("timeToResolveMs")).isNotNull();
            // a silent verdict only counts when the rule had data in that window (else it passes vacuously)
            JsonObject quiet = expectations.getJsonObject(2).getJsonObject("margin");
            assertThat(quiet.getDouble("baselineMax"))
                    .as(quiet.encodePrettily())
                    .isNotNull()
                    .isLessThan(0.05);

            // 2. every PromQL expression of the dashboards and the rules returns data
            Instant start = Instant.parse(json.getString("startedAt"));
            List<PromqlCoverage.Check> checks =
                    new ArrayList<>(PromqlCoverage.dashboards(stack.repo().resolve("dashboards")));
            checks.removeIf(c ->
                    MAY_BE_EMPTY.keySet().stream().anyMatch(allowed -> c.where().startsWith(allowed)));
            checks.addAll(PromqlCoverage.rules(client.rules().await()));
            Map<String, String> empty = PromqlCoverage.empty(client, checks, start, end, Duration.ofSeconds(5));
            assertThat(empty)
                    .as("queries without data (a panel that shows nothing is a bug)")
                    .isEmpty();

            // 3. exemplars carry trace ids the services really exported
            List<Exemplar> exemplars = client.queryExemplars(
                            "vertx_http_server_response_time_seconds_bucket", start, end)
                    .await();
            Set<String> traceIds = exemplars.stream()
                    .map(e -> e.labels().get("trace_id"))
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            assertThat(traceIds).as("exemplar trace ids").isNotEmpty();
            Set<String> services =
                    exemplars.stream().map(e -> e.seriesLabels().get("service")).collect(Collectors.toSet());
            assertThat(services).contains("gateway", "payments");
            // spans are exported in batches: wait (bounded by the test's timeout) until every exemplar's trace has
            // arrived
            stack.receiver()
                    .awaitSpans(spans -> spans.stream()
                            .map(OtlpReceiver.ReceivedSpan::traceId)
                            .collect(Collectors.toSet())
                            .containsAll(traceIds))
                    .await(60, TimeUnit.SECONDS);
        }
    }
}
