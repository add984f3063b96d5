package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.chaoslab.simulator.alerts.LocalPrometheus;
import dev.chaoslab.simulator.alerts.PrometheusAlertCheck;
import dev.chaoslab.simulator.alerts.PrometheusClient;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in Debian's headless chromium: serves the API with a token and the shop in this process, then runs
 * {@code src/test/browser/live-page.test.mjs} (playwright-core; {@code scripts/install-deps.sh} installs chromium
 * and the pinned npm packages) and passes when every step of it held. Screenshots land in
 * {@code app/target/live-page/}. The real Prometheus scrapes the server's {@code /metrics} every second and
 * evaluates the live tests' rule ({@code src/test/resources/live-rules}), so the page's alert expectation goes from
 * waiting to firing; the simulator's spans go to an in-test OTLP receiver, which must have every trace id the page
 * showed.
 */
@ExtendWith(VertxExtension.class)
class LivePageBrowserTest {

    private static final String TOKEN = "browser-test-token";
    private static final Path BROWSER_DIR = Path.of("src/test/browser");
    private static final Path ARTIFACTS = Path.of("target/live-page");
    private static final Path LIVE_RULES = Path.of("src/test/resources/live-rules");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    @DisplayName("in a real browser: bad input is shown, a run starts, shows its rate and fault live, obeys the dial, "
            + "stops and links its report")
    void livePage(Vertx vertx, @TempDir Path dir) throws Exception {
        assertThat(Path.of("/usr/bin/chromium"))
                .as("Debian's chromium: run scripts/install-deps.sh")
                .exists();
        assertThat(BROWSER_DIR.resolve("node_modules/playwright-core"))
                .as("the pinned npm packages: run scripts/install-deps.sh (npm ci in app/src/test/browser)")
                .exists();
        if (LocalPrometheus.findBinary(LocalPrometheus.DEFAULT_BINARY).isEmpty()) {
            fail(LocalPrometheus.installHint(LocalPrometheus.DEFAULT_BINARY) + " (scripts/install-deps.sh does it)");
        }
        OtlpReceiver receiver = OtlpReceiver.start(vertx).await();
        ServiceTelemetry telemetry = ServiceTelemetry.create(
                TelemetryOptions.fromEnvInSharedProcess("simulator").withEnv(receiver.env()));
        RunningTargets shop = Targets.start(TargetsConfig.allOnFreePorts().setTelemetry(false))
                .await(60, TimeUnit.SECONDS);
        LocalPrometheus prometheus = null;
        PrometheusClient client = null;
        try {
            Files.writeString(
                    dir.resolve("scenarios.yaml"), scenario(shop.baseUrls().get("gateway")));
            Files.writeString(dir.resolve("invalid.yaml"), """
          scenarios:
            - name: broken
              targets: {gateway: http://127.0.0.1:1}
              phases:
                - {name: main, duration: soon, shape: {type: constant, rate: -3}}
              requests:
                - {name: r, weight: 1, target: nowhere, path: /}
          """);
            ReportStore store = ReportStore.open(vertx, dir.resolve("data")).await();
            // Prometheus scrapes the server's /metrics: the server gets its port now and listens once the run
            // manager has the alert check that talks to that Prometheus
            int apiPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                apiPort = socket.getLocalPort();
            }
            prometheus = LocalPrometheus.start(
                            vertx,
                            LocalPrometheus.Options.defaults()
                                    .withRulesDir(LIVE_RULES)
                                    .withScrapeInterval(Duration.ofSeconds(1))
                                    .withJobs(List.of(new LocalPrometheus.ScrapeJob(
                                            "simulator", List.of("127.0.0.1:" + apiPort), Map.of()))))
                    .await();
            client = new PrometheusClient(vertx, prometheus.url());
            RunManager runs = new RunManager(
                    vertx,
                    new RunManagerOptions()
                            .setMeterRegistry(telemetry.registry())
                            .setTracer(telemetry.tracer("dev.chaoslab.simulator")),
                    store,
                    new PrometheusAlertCheck(vertx, client));
            ApiOptions options =
                    new ApiOptions().setPort(apiPort).setScenarioDir(dir).setToken(TOKEN);
            ApiVerticle api = new ApiVerticle(
                    options,
                    v -> ApiRouter.create(v, options, runs, store, new ScenarioLoader(), telemetry.metricsHandler()));
            vertx.deployVerticle(api).await();
            try {
                Files.createDirectories(ARTIFACTS);
                Path log = ARTIFACTS.resolve("browser-test.log");
                ProcessBuilder node = new ProcessBuilder("node", "live-page.test.mjs")
                        .directory(BROWSER_DIR.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                node.environment().put("CHAOSLAB_URL", "http://127.0.0.1:" + api.actualPort());
                node.environment().put("CHAOSLAB_TOKEN", TOKEN);
                node.environment().put("CHAOSLAB_SCENARIO", "live");
                node.environment()
                        .put("CHAOSLAB_ARTIFACTS", ARTIFACTS.toAbsolutePath().toString());
                Process process = node.start();
                boolean exited = process.waitFor(3, TimeUnit.MINUTES);
                if (!exited) {
                    process.destroyForcibly();
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(exited)
                        .as("the browser test ended; its output:\n" + output)
                        .isTrue();
                assertThat(process.exitValue())
                        .as("the browser test's steps:\n" + output)
                        .isZero();
                assertThat(ARTIFACTS.resolve("live-page-1280.png")).isNotEmptyFile();
                JsonArray shown = new JsonArray(Files.readString(ARTIFACTS.resolve("trace-ids.json")));
                Set<String> traceIds = shown.stream().map(String::valueOf).collect(Collectors.toSet());
                assertThat(traceIds).as("trace ids the page showed").isNotEmpty();
                receiver.awaitSpans(spans -> spans.stream()
                                .map(OtlpReceiver.ReceivedSpan::traceId)
                                .collect(Collectors.toSet())
                                .containsAll(traceIds))
                        .await(30, TimeUnit.SECONDS);
            } finally {
                runs.runs().forEach(run -> run.stop().await());
            }
        } finally {
            if (client != null) {
                client.close();
            }
            if (prometheus != null) {
                prometheus.close();
            }
            shop.close().await(20, TimeUnit.SECONDS);
            telemetry.close();
            receiver.close().await();
        }
    }

    /**
     * A minute at 20/s through the shop's gateway with half of its answers turned into 503 from the second second,
     * and the live tests' alert expected to fire on it.
     */
    private static String scenario(String gateway) {
        return """
        scenarios:
          - name: live
            description: A short run for the live page's browser test.
            targets: {gateway: %s}
            phases:
              - {name: main, duration: 60s, shape: {type: constant, rate: 20}}
            requests:
              - {name: list-products, weight: 1, target: gateway, method: GET, path: /api/products}
            chaos:
              - name: gateway-503
                at: 2s
                target: gateway
                duration: 50s
                fault: {type: error, status: 503, probability: 0.5}
            expect:
              - {alert: ChaoslabLiveTest5xx, fires: {within: 40s, of: gateway-503}}
        """.formatted(gateway);
    }
}
