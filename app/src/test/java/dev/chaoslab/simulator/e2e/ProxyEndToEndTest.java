package dev.chaoslab.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.proxy.ChaosProxy;
import dev.chaoslab.proxy.HostPort;
import dev.chaoslab.proxy.ProxyConfigReader;
import dev.chaoslab.proxy.ProxySpec;
import dev.chaoslab.proxy.UpstreamOptions;
import dev.chaoslab.simulator.alerts.Exemplar;
import dev.chaoslab.simulator.alerts.LocalPrometheus;
import dev.chaoslab.simulator.alerts.PrometheusAlertCheck;
import dev.chaoslab.simulator.alerts.PrometheusClient;
import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * A service chaoslab did not write, broken through {@code chaoslab proxy}: Debian's nginx serving the example site,
 * the proxy from {@code examples/nginx/proxies.yaml} in front of it (free ports, spans to an in-test OTLP receiver),
 * the example scenario {@code examples/nginx/scenario.yaml} driving it, and the real Prometheus with the project's
 * rules, unchanged, scraping the proxy's admin listener every second.
 *
 * <p>Asserts that the error-ratio alert fires and resolves for {@code service="catalog"} and stays silent in the
 * baseline; that the proxy's exemplars lead to spans the receiver got, a SERVER span continuing the simulator's
 * trace and a CLIENT span under it; that no fault is left on the proxy after the run, and that a fault a killed
 * simulator never deleted goes by its TTL. About three and a half minutes of real time; it shares nothing with
 * other tests (own ports, own Prometheus), so it may run beside them.
 */
@ExtendWith(VertxExtension.class)
class ProxyEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyEndToEndTest.class);

    @Test
    @DisplayName(
            "nginx behind chaoslab proxy: the real Prometheus sees the error alert fire and resolve for the proxy, exemplars lead to its spans, no fault outlives the run")
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void endToEnd(Vertx vertx) throws Exception {
        EndToEndStack.requirePrometheus();
        if (!LocalNginx.installed()) {
            fail(LocalNginx.BINARY + " is missing: apt-get install nginx-light (scripts/install-deps.sh does it)");
        }
        try (EndToEndStack stack = EndToEndStack.start(vertx, LocalNginx.EXAMPLE)) {
            Path example = stack.repo().resolve(LocalNginx.EXAMPLE);
            LocalNginx nginx = LocalNginx.start(stack.repo());
            stack.stopLast(nginx);

            ProxySpec configured =
                    ProxyConfigReader.read(example.resolve("proxies.yaml")).get(0);
            ProxySpec spec = new ProxySpec(
                    configured.name(),
                    new HostPort("127.0.0.1", 0),
                    URI.create(nginx.url()),
                    new HostPort("127.0.0.1", 0),
                    configured.routes());
            ChaosProxy proxy = ChaosProxy.start(
                            spec,
                            new UpstreamOptions(),
                            new ChaosOptions(),
                            stack.receiver().env())
                    .await();
            stack.stopLast(() -> proxy.close().await());
            String admin = "http://127.0.0.1:" + proxy.adminPort();

            EndToEndStack.SimulatorTelemetry simulator = stack.simulatorTelemetry();
            PrometheusClient client = stack.prometheus(
                    List.of(
                            new LocalPrometheus.ScrapeJob(
                                    spec.name(), List.of("127.0.0.1:" + proxy.adminPort()), Map.of()),
                            simulator.scrapeJob()),
                    List.of());

            // the example scenario as shipped, with the proxy's free ports for its fixed ones
            String yaml = Files.readString(example.resolve("scenario.yaml"))
                    .replace("http://127.0.0.1:9000", "http://127.0.0.1:" + proxy.port())
                    .replace("http://127.0.0.1:9001", admin);
            Scenario scenario = new ScenarioLoader().loadScenario("nginx-catalog-errors", yaml);
            RunReport report = stack.run(scenario, simulator.runOptions(), new PrometheusAlertCheck(vertx, client));
            Instant end = Instant.now();
            EndToEndStack.writeReport(report, "e2e-proxy-report.json");
            List<Verdict> expectations = report.expectations();

            // 1. the alert fired and resolved for the proxy's service, and the baseline stayed quiet
            assertThat(report.status().state()).isEqualTo(RunState.COMPLETED);
            assertThat(expectations).hasSize(3);
            assertThat(expectations)
                    .allSatisfy(e -> assertThat(e.passed()).as("%s", e).isTrue());
            assertThat(expectations.get(0).timeToFireMs()).isNotNull();
            assertThat(expectations.get(1).timeToResolveMs()).isNotNull();
            Margin quiet = expectations.get(2).margin();
            assertThat(quiet.baselineMax()).as("%s", quiet).isNotNull().isLessThan(0.05);

            // 2. no fault outlives the run; one a killed simulator left behind goes by its TTL
            WebClient web = WebClient.create(vertx);
            stack.stopLast(web::close);
            assertThat(faults(web, admin))
                    .as("faults left on the proxy after the run")
                    .isEmpty();
            HttpResponse<Buffer> orphan = web.postAbs(admin + "/chaos/faults")
                    .sendJsonObject(new JsonObject()
                            .put("type", "error")
                            .put("status", 503)
                            .put("ttl", "1500ms")
                            .put("labels", new JsonObject().put("run_id", "killed-run")))
                    .await();
            assertThat(orphan.statusCode()).isEqualTo(201);
            assertThat(faults(web, admin)).hasSize(1);
            Thread.sleep(2_000);
            assertThat(faults(web, admin)).as("a fault past its TTL").isEmpty();

            // 3. the proxy's exemplars carry trace ids of spans it exported, continuing the simulator's traces
            Instant start = report.status().startedAt();
            List<Exemplar> exemplars = client.queryExemplars(
                            "vertx_http_server_response_time_seconds_bucket{service=\"catalog\"}", start, end)
                    .await();
            // the proxied traffic only: the admin listener's /chaos/faults calls (the simulator's chaos client, which
            // starts its own traces) share the proxy's registry and may own a bucket's exemplar too
            Set<String> traceIds = exemplars.stream()
                    .filter(e -> !e.seriesLabels().getOrDefault("route", "").startsWith("/chaos"))
                    .map(e -> e.labels().get("trace_id"))
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            assertThat(traceIds).as("exemplar trace ids of the proxy").isNotEmpty();
            List<OtlpReceiver.ReceivedSpan> spans = stack.receiver()
                    .awaitSpans(received -> received.stream()
                            .map(OtlpReceiver.ReceivedSpan::traceId)
                            .collect(Collectors.toSet())
                            .containsAll(traceIds))
                    .await(60, TimeUnit.SECONDS);
            // every exemplar's trace: a request the proxy forwarded has a CLIENT span to nginx under its SERVER span;
            // one an error fault answered (chaos.injected) has none — and at least one exemplar is a forwarded request
            int forwarded = 0;
            for (String traceId : traceIds) {
                List<OtlpReceiver.ReceivedSpan> trace =
                        spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
                OtlpReceiver.ReceivedSpan server = trace.stream()
                        .filter(s ->
                                s.serviceName().equals("catalog") && s.kind().contains("SERVER"))
                        .findFirst()
                        .orElseThrow();
                assertThat(trace)
                        .as("the simulator's span is the proxy's SERVER span's parent")
                        .anySatisfy(s -> {
                            assertThat(s.serviceName()).isEqualTo("simulator");
                            assertThat(s.spanId()).isEqualTo(server.parentSpanId());
                        });
                List<OtlpReceiver.ReceivedSpan> clients = trace.stream()
                        .filter(s ->
                                s.serviceName().equals("catalog") && s.kind().contains("CLIENT"))
                        .toList();
                if (answeredByErrorFault(server)) {
                    assertThat(clients)
                            .as("a request an error fault answered is not forwarded: %s", trace)
                            .isEmpty();
                } else {
                    forwarded++;
                    assertThat(clients)
                            .as("the proxy's CLIENT span to nginx is under its SERVER span: %s", trace)
                            .isNotEmpty()
                            .allSatisfy(c -> assertThat(c.parentSpanId()).isEqualTo(server.spanId()));
                }
            }
            assertThat(forwarded)
                    .as("exemplars of forwarded requests among %s", traceIds)
                    .isPositive();
        }
    }

    /** Whether the proxy answered the request of {@code server} with an injected error instead of forwarding it. */
    private static boolean answeredByErrorFault(OtlpReceiver.ReceivedSpan server) {
        return server.events().stream()
                .anyMatch(e -> e.name().equals("chaos.injected")
                        && "error".equals(e.attributes().get("chaos.fault.type")));
    }

    private static JsonArray faults(WebClient web, String admin) {
        return web.getAbs(admin + "/chaos/faults")
                .send()
                .await()
                .bodyAsJsonObject()
                .getJsonArray("faults");
    }
}
