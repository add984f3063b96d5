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
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.run.Run;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
        if (LocalPrometheus.findBinary(LocalPrometheus.DEFAULT_BINARY).isEmpty()) {
            fail(LocalPrometheus.installHint(LocalPrometheus.DEFAULT_BINARY) + " (scripts/install-deps.sh does it)");
        }
        if (!LocalNginx.installed()) {
            fail(LocalNginx.BINARY + " is missing: apt-get install nginx-light (scripts/install-deps.sh does it)");
        }
        Path repo = repositoryRoot();
        Path example = repo.resolve(LocalNginx.EXAMPLE);
        List<AutoCloseable> cleanUp = new ArrayList<>();
        try {
            OtlpReceiver receiver = OtlpReceiver.start(vertx).await();
            cleanUp.add(() -> receiver.close().await());
            LocalNginx nginx = LocalNginx.start(repo);
            cleanUp.add(nginx);

            ProxySpec configured =
                    ProxyConfigReader.read(example.resolve("proxies.yaml")).get(0);
            ProxySpec spec = new ProxySpec(
                    configured.name(),
                    new HostPort("127.0.0.1", 0),
                    URI.create(nginx.url()),
                    new HostPort("127.0.0.1", 0),
                    configured.routes());
            ChaosProxy proxy = ChaosProxy.start(spec, new UpstreamOptions(), new ChaosOptions(), receiver.env())
                    .await();
            cleanUp.add(() -> proxy.close().await());
            String admin = "http://127.0.0.1:" + proxy.adminPort();

            ServiceTelemetry simulatorTelemetry = ServiceTelemetry.create(
                    TelemetryOptions.fromEnvInSharedProcess("simulator").withEnv(receiver.env()));
            cleanUp.add(simulatorTelemetry::close);
            Router router = Router.router(vertx);
            router.get("/metrics").handler(simulatorTelemetry.metricsHandler());
            HttpServer simulatorMetrics = vertx.createHttpServer()
                    .requestHandler(router)
                    .listen(0, "127.0.0.1")
                    .await();
            cleanUp.add(() -> simulatorMetrics.close().await());

            LocalPrometheus prometheus = LocalPrometheus.start(
                            vertx,
                            LocalPrometheus.Options.defaults()
                                    .withRulesDir(repo.resolve(LocalPrometheus.RULES_RELATIVE))
                                    .withScrapeInterval(Duration.ofSeconds(1))
                                    .withJobs(List.of(
                                            new LocalPrometheus.ScrapeJob(
                                                    spec.name(), List.of("127.0.0.1:" + proxy.adminPort()), Map.of()),
                                            new LocalPrometheus.ScrapeJob(
                                                    "simulator",
                                                    List.of("127.0.0.1:" + simulatorMetrics.actualPort()),
                                                    Map.of()))))
                    .await();
            cleanUp.add(prometheus);
            LOG.info("Prometheus at {} (log {})", prometheus.url(), prometheus.logFile());
            PrometheusClient client = new PrometheusClient(vertx, prometheus.url());
            cleanUp.add(client::close);

            // the example scenario as shipped, with the proxy's free ports for its fixed ones
            String yaml = Files.readString(example.resolve("scenario.yaml"))
                    .replace("http://127.0.0.1:9000", "http://127.0.0.1:" + proxy.port())
                    .replace("http://127.0.0.1:9001", admin);
            Scenario scenario = new ScenarioLoader().loadScenario("nginx-catalog-errors", yaml);
            RunManager runs = new RunManager(
                    vertx,
                    new RunManagerOptions()
                            .setMeterRegistry(simulatorTelemetry.registry())
                            .setTracer(simulatorTelemetry.tracer("dev.chaoslab.simulator")),
                    report -> Future.succeededFuture(),
                    new PrometheusAlertCheck(vertx, client));
            cleanUp.add(() -> runs.close().await());

            Run run = runs.start(scenario, RunOptions.defaults()).await();
            RunReport report = run.result().await();
            Instant end = Instant.now();
            JsonObject json = ResultJson.encode(report);
            Path out = Paths.get("target", "e2e-proxy-report.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, json.encodePrettily());
            LOG.info("verdicts:\n{}", AlertsEndToEndTest.table(json.getJsonArray("expectations")));
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
            cleanUp.add(web::close);
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
            Set<String> traceIds = exemplars.stream()
                    .map(e -> e.labels().get("trace_id"))
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            assertThat(traceIds).as("exemplar trace ids of the proxy").isNotEmpty();
            List<OtlpReceiver.ReceivedSpan> spans = receiver.awaitSpans(received -> received.stream()
                            .map(OtlpReceiver.ReceivedSpan::traceId)
                            .collect(Collectors.toSet())
                            .containsAll(traceIds))
                    .await(60, TimeUnit.SECONDS);
            String traceId = traceIds.iterator().next();
            List<OtlpReceiver.ReceivedSpan> trace =
                    spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
            OtlpReceiver.ReceivedSpan server = trace.stream()
                    .filter(s -> s.serviceName().equals("catalog") && s.kind().contains("SERVER"))
                    .findFirst()
                    .orElseThrow();
            assertThat(trace)
                    .as("the simulator's span is the proxy's SERVER span's parent")
                    .anySatisfy(s -> {
                        assertThat(s.serviceName()).isEqualTo("simulator");
                        assertThat(s.spanId()).isEqualTo(server.parentSpanId());
                    });
            assertThat(trace)
                    .as("the proxy's CLIENT span to nginx is under its SERVER span")
                    .anySatisfy(s -> {
                        assertThat(s.serviceName()).isEqualTo("catalog");
                        assertThat(s.kind()).contains("CLIENT");
                        assertThat(s.parentSpanId()).isEqualTo(server.spanId());
                    });
        } finally {
            for (int i = cleanUp.size() - 1; i >= 0; i--) {
                try {
                    cleanUp.get(i).close();
                } catch (Exception e) {
                    LOG.warn("clean-up step failed: {}", e.toString());
                }
            }
        }
    }

    private static JsonArray faults(WebClient web, String admin) {
        return web.getAbs(admin + "/chaos/faults")
                .send()
                .await()
                .bodyAsJsonObject()
                .getJsonArray("faults");
    }

    private static Path repositoryRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(LocalNginx.EXAMPLE))
                    && Files.isDirectory(dir.resolve(LocalPrometheus.RULES_RELATIVE))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the test inside the repository: " + LocalNginx.EXAMPLE
                + " was not found above " + Paths.get("").toAbsolutePath());
    }
}
