package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.chaos.FakeChaosApi;
import dev.chaoslab.simulator.result.ErrorKind;
import dev.chaoslab.simulator.result.FaultRow;
import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.Totals;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.ServiceName;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import dev.chaoslab.telemetry.testing.LogCapture;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import dev.chaoslab.telemetry.testing.OtlpReceiver.ReceivedSpan;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulator's telemetry against the real targets: traces, logs and metric names. */
@ExtendWith(VertxExtension.class)
class RunTelemetryTest {
    private final List<Runnable> cleanUp = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).run();
        }
    }

    private static String shop(RunningTargets targets, String requests, String chaos) {
        return """
      scenarios:
        - name: shop
          targets: {gateway: %s, payments: %s}
          data: {sku: {from: 1, to: 50, format: SKU-%%03d}, customerId: {from: 1, to: 1000, format: c-%%d}}
          phases:
            - {name: first, duration: 1s, shape: {type: constant, rate: 20}}
            - {name: second, duration: 1500ms, shape: {type: constant, rate: 20}}
          requests:
      %s
          chaos:
      %s
      """.formatted(
                        targets.baseUrl(ServiceName.GATEWAY),
                        targets.baseUrl(ServiceName.PAYMENTS),
                        requests.indent(6),
                        chaos.indent(6));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
            "Each request starts a trace: a client span with the run's attributes, the gateway's span its child, logs tagged with the run id")
    void requestsStartTheTraces(Vertx vertx) {
        OtlpReceiver receiver = OtlpReceiver.start(vertx).await();
        cleanUp.add(() -> receiver.close().await());
        LogCapture logs = LogCapture.start();
        cleanUp.add(logs::close);
        RunningTargets targets = Targets.start(TargetsConfig.allOnFreePorts().setTelemetryEnv(receiver.env()))
                .await();
        cleanUp.add(() -> targets.close().await());
        ServiceTelemetry telemetry =
                ServiceTelemetry.create(TelemetryOptions.fromEnv("simulator").withEnv(receiver.env()));
        cleanUp.add(telemetry::close);
        RunManager manager = new RunManager(
                vertx,
                new RunManagerOptions()
                        .setTracer(telemetry.tracer("dev.chaoslab.simulator"))
                        .setMeterRegistry(telemetry.registry()),
                ReportSink.none(),
                null);
        cleanUp.add(() -> manager.close().await());
        Scenario scenario = Scenarios.parse(
                shop(targets, "- {name: view, target: gateway, method: GET, path: '/api/products/${sku}'}", "[]"));

        Run run = manager.start(scenario, Scenarios.patient()).await();
        RunReport report = run.result().await();
        long completed = report.status().totals().completed();
        assertThat(report.status().totals().ok()).isEqualTo(completed);

        List<ReceivedSpan> spans = receiver.awaitSpans(all -> all.stream()
                                .filter(s -> "simulator".equals(s.serviceName()) && "CLIENT".equalsIgnoreCase(s.kind()))
                                .count()
                        >= completed)
                .await();
        List<ReceivedSpan> clients = spans.stream()
                .filter(s -> "simulator".equals(s.serviceName()) && "CLIENT".equalsIgnoreCase(s.kind()))
                .toList();
        assertThat(clients).hasSize((int) completed).allSatisfy(span -> {
            assertThat(span.isRoot()).isTrue();
            assertThat(span.name()).isEqualTo("GET /api/products/${sku}");
            assertThat(span.attributes())
                    .containsEntry("chaoslab.run_id", run.id())
                    .containsEntry("chaoslab.scenario", "shop")
                    .containsEntry("chaoslab.request", "view")
                    .containsEntry("http.request.method", "GET")
                    .containsEntry("http.response.status_code", "200")
                    .containsKey("url.full");
            assertThat(span.attributes().get("chaoslab.phase")).isIn("first", "second");
        });
        ReceivedSpan client = clients.get(0);
        // the gateway's own CLIENT span (to inventory) ends, and may be exported, before its SERVER span: wait for that
        // one
        List<ReceivedSpan> trace = receiver.awaitSpans(all -> all.stream()
                        .anyMatch(s -> s.traceId().equals(client.traceId())
                                && "gateway".equals(s.serviceName())
                                && "SERVER".equalsIgnoreCase(s.kind())))
                .await();
        assertThat(trace)
                .filteredOn(s -> s.traceId().equals(client.traceId())
                        && "gateway".equals(s.serviceName())
                        && "SERVER".equalsIgnoreCase(s.kind()))
                .singleElement()
                .satisfies(server -> assertThat(server.parentSpanId()).isEqualTo(client.spanId()));

        String openMetrics = ((PrometheusMeterRegistry) telemetry.registry())
                .scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(openMetrics
                        .lines()
                        .filter(l -> l.startsWith("chaoslab_request_latency_seconds_bucket") && l.contains(" # {")))
                .isNotEmpty()
                .allSatisfy(line ->
                        assertThat(clients).anySatisfy(span -> assertThat(line).contains(span.traceId())));
        assertThat(logs.lines(l -> l.getString("message", "").startsWith("run started")))
                .singleElement()
                .satisfies(line -> assertThat(line.getString("run_id")).isEqualTo(run.id()));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
            "A chaos step on the real payments service breaks checkouts while active, the report says why, and the fault is gone afterwards")
    void chaosOnRealTargets(Vertx vertx) {
        LogCapture logs = LogCapture.start();
        cleanUp.add(logs::close);
        RunningTargets targets = Targets.start(TargetsConfig.allOnFreePorts().setTelemetry(false))
                .await();
        cleanUp.add(() -> targets.close().await());
        // traces recorded, exported nowhere: the error kinds name a trace id
        ServiceTelemetry telemetry =
                ServiceTelemetry.create(TelemetryOptions.fromEnv("simulator").withEnv(Map.of()));
        cleanUp.add(telemetry::close);
        RunManager manager = new RunManager(
                vertx,
                new RunManagerOptions().setTracer(telemetry.tracer("dev.chaoslab.simulator")),
                ReportSink.none(),
                null);
        cleanUp.add(() -> manager.close().await());
        Scenario scenario = Scenarios.parse(
                shop(targets, """
      - name: checkout
        target: gateway
        method: POST
        path: /api/orders
        body: {customerId: "${customerId}", items: [{sku: "${sku}", quantity: 1}]}
      """, "- {at: 500ms, target: payments, duration: 1s, fault: {type: error, status: 503}}"));

        Run run = manager.start(scenario, Scenarios.patient()).await();
        RunReport report = run.result().await();

        FaultRow fault = report.status().faults().get(0);
        assertThat(fault.state()).isEqualTo(FaultState.CLEARED);
        assertThat(fault.faultId()).isNotBlank();
        Totals totals = report.status().totals();
        long failed = totals.errors().of("http_5xx");
        assertThat(failed).isPositive();
        assertThat(totals.ok()).isPositive();
        // the gateway passes on what orders said, which passes on what payments said: the injected fault, by its id
        List<ErrorKind> kinds = report.status().errorKinds();
        assertThat(kinds).hasSize(1);
        ErrorKind kind = kinds.get(0);
        assertThat(kind.request()).isEqualTo("checkout");
        assertThat(kind.error()).isEqualTo("http_5xx");
        assertThat(kind.count()).isEqualTo(failed);
        // e.g. HTTP 502 dependency_failed; HTTP 502 Bad Gateway: dependency_failed: orders answered 502: payments
        // answered
        // 503: answered 503 by chaos fault f-5ffd6d3f-5df1
        assertThat(kind.cause()).isEqualTo("HTTP " + kind.status() + " dependency_failed");
        assertThat(kind.message()).contains("payments answered 503", fault.faultId());
        assertThat(kind.firstMs()).isGreaterThanOrEqualTo(500).isLessThanOrEqualTo(kind.lastMs());
        assertThat(kind.traceId()).matches("[0-9a-f]{32}");
        assertThat(logs.lines(l -> l.getString("message", "").startsWith("first error of its kind from checkout")))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.getString("trace_id")).isEqualTo(kind.traceId());
                    assertThat(line.getString("run_id")).isEqualTo(run.id());
                    assertThat(line.getString("message")).contains(fault.faultId());
                });
        WebClient client = WebClient.create(vertx);
        cleanUp.add(client::close);
        JsonObject left = client.getAbs(targets.baseUrl(ServiceName.PAYMENTS) + "/chaos/faults")
                .send()
                .await()
                .bodyAsJsonObject();
        assertThat(left.getJsonArray("faults")).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("The simulator's metrics carry the names and labels of docs/contracts.md")
    void metricNames(Vertx vertx) {
        HttpServer app = vertx.createHttpServer()
                .requestHandler(req -> req.response().setStatusCode(503).end())
                .listen(0, "127.0.0.1")
                .await();
        cleanUp.add(() -> app.close().await());
        FakeChaosApi chaos = FakeChaosApi.start(vertx);
        cleanUp.add(chaos::kill);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RunManager manager =
                new RunManager(vertx, new RunManagerOptions().setMeterRegistry(registry), ReportSink.none(), null);
        cleanUp.add(() -> manager.close().await());
        Scenario scenario = Scenarios.parse("""
      scenarios:
        - name: names
          targets: {app: http://127.0.0.1:%d, payments: http://127.0.0.1:%d}
          phases:
            - {name: only, duration: 30s, shape: {type: constant, rate: 20}}
          requests:
            - {name: get, target: app, method: GET, path: /}
          chaos:
            - {at: 0s, target: payments, duration: 20s, fault: {type: latency, latency: {distribution: fixed, ms: 5}}}
      """.formatted(app.actualPort(), chaos.port()));
        Run run = manager.start(scenario, RunOptions.defaults()).await();
        Promise<Void> active = Promise.promise();
        long poll = vertx.setPeriodic(20, id -> {
            RunStatus status = run.status();
            if (status.faults().get(0).state() == FaultState.ACTIVE
                    && status.totals().completed() > 0) {
                active.tryComplete();
            }
        });
        active.future().await();
        vertx.cancelTimer(poll);
        String during = registry.scrape();
        run.stop().await();
        String after = registry.scrape();

        assertThat(during)
                .contains("chaoslab_scheduled_rate{scenario=\"names\"}")
                .contains("chaoslab_achieved_rate{scenario=\"names\"}")
                .contains("chaoslab_requests_in_flight{scenario=\"names\"}")
                .contains("chaoslab_requests_scheduled_total{phase=\"only\",scenario=\"names\"}")
                .contains(
                        "chaoslab_requests_total{outcome=\"http_5xx\",phase=\"only\",request=\"get\",scenario=\"names\"}")
                .contains("chaoslab_requests_dropped_total{phase=\"only\",scenario=\"names\"}")
                .contains(
                        "chaoslab_request_latency_seconds_bucket{measure=\"corrected\",phase=\"only\",request=\"get\",scenario=\"names\",le=\"0.3\"}")
                .contains(
                        "chaoslab_request_latency_seconds_bucket{measure=\"service\",phase=\"only\",request=\"get\",scenario=\"names\",le=\"0.3\"}")
                .contains("chaoslab_schedule_lag_seconds_bucket{le=\"0.001\"}")
                .contains("chaoslab_run_info{phase=\"only\",run_id=\"" + run.id() + "\",scenario=\"names\"} 1")
                .contains("chaos_fault_active{fault=\"latency\",run_id=\"" + run.id() + "\",target=\"payments\"} 1");
        assertThat(after)
                .doesNotContain("chaoslab_run_info{")
                .doesNotContain("chaos_fault_active{")
                .contains("chaoslab_scheduled_rate{scenario=\"names\"} 0.0");
        assertThat(Map.of("faults", chaos.faults())).isEqualTo(Map.of("faults", Map.of()));
    }
}
