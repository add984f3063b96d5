package dev.chaoslab.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.chaoslab.simulator.alerts.LocalPrometheus;
import dev.chaoslab.simulator.alerts.PrometheusAlertCheck;
import dev.chaoslab.simulator.alerts.PrometheusClient;
import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.ExpectationProgress.State;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.run.Run;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert expectations in the live status, with the real Prometheus: the shop in this process answers 503 to half
 * the requests from 8 s on (the incident phase; the expectation refers to the phase, not the chaos step, so a fault
 * whose acknowledgement comes late on a loaded machine still counts), Prometheus scrapes the simulator's counters every second and evaluates the test rule
 * {@code src/test/resources/live-rules} (fires 2 s after it sees a 5xx), and the status is read four times a second
 * while the run goes. About 40 s of real time; own ports, own Prometheus.
 */
@ExtendWith(VertxExtension.class)
class LiveExpectationsEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(LiveExpectationsEndToEndTest.class);
    /** The rule file of the live tests, relative to the app module (the tests' working directory). */
    static final Path RULES = Path.of("src/test/resources/live-rules");

    @Test
    @DisplayName("while the run goes the status shows the fires expectation wait for its phase, then fire, and the "
            + "silent one decided when its phase ends; the verdicts agree")
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void expectationsLive(Vertx vertx) throws Exception {
        if (LocalPrometheus.findBinary(LocalPrometheus.DEFAULT_BINARY).isEmpty()) {
            fail(LocalPrometheus.installHint(LocalPrometheus.DEFAULT_BINARY) + " (scripts/install-deps.sh does it)");
        }
        ServiceTelemetry telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnvInSharedProcess("simulator"));
        RunningTargets shop = Targets.start(TargetsConfig.allOnFreePorts().setTelemetry(false))
                .await(60, TimeUnit.SECONDS);
        Router router = Router.router(vertx);
        router.get("/metrics").handler(telemetry.metricsHandler());
        HttpServer metrics = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        LocalPrometheus prometheus = LocalPrometheus.start(
                        vertx,
                        LocalPrometheus.Options.defaults()
                                .withRulesDir(RULES)
                                .withScrapeInterval(Duration.ofSeconds(1))
                                .withJobs(List.of(new LocalPrometheus.ScrapeJob(
                                        "simulator", List.of("127.0.0.1:" + metrics.actualPort()), Map.of()))))
                .await();
        PrometheusClient client = new PrometheusClient(vertx, prometheus.url());
        RunManager runs = new RunManager(
                vertx,
                new RunManagerOptions().setMeterRegistry(telemetry.registry()),
                report -> Future.succeededFuture(),
                new PrometheusAlertCheck(vertx, client));
        try {
            Scenario scenario = new ScenarioLoader()
                    .loadScenario("live-alert", scenario(shop.baseUrls().get("gateway")));
            Run run = runs.start(scenario, RunOptions.defaults()).await();
            List<RunStatus> seen = new ArrayList<>();
            JsonObject firingJson = null;
            while (!run.result().isComplete()) {
                RunStatus status = run.status();
                if (status.expectationProgress().isEmpty()) {
                    // traffic has not started yet: nothing is watched
                    assertThat(status.startedAt()).isNull();
                    Thread.sleep(50);
                    continue;
                }
                seen.add(status);
                if (firingJson == null && state(status, 0) == State.FIRING) {
                    firingJson = ResultJson.encode(status);
                }
                Thread.sleep(250);
            }
            RunReport report = run.result().await();
            LOG.info(
                    "states seen: {}",
                    seen.stream()
                            .map(s -> s.elapsedMs() + "ms "
                                    + s.expectationProgress().stream()
                                            .map(p -> p.state().key())
                                            .toList())
                            .toList());

            // before its phase the fires expectation waits for it; once fired it never waits again
            assertThat(seen.get(0).phase()).isEqualTo("baseline");
            assertThat(state(seen.get(0), 0)).isEqualTo(State.WAITING);
            int firstFiring = indexOf(seen, 0, State.FIRING);
            assertThat(firstFiring).as("the fires expectation was seen firing").isPositive();
            assertThat(seen.subList(firstFiring, seen.size()))
                    .allSatisfy(s -> assertThat(state(s, 0)).isIn(State.FIRING, State.RESOLVED));
            // the silent one is followed from the start, and decided once its phase is over
            assertThat(state(seen.get(0), 1)).isIn(State.QUIET, State.PENDING);
            State silentAtEnd = state(seen.get(seen.size() - 1), 1);
            assertThat(silentAtEnd).isIn(State.PASSED, State.FAILED);

            // the status JSON carries it, and the verdicts after the run say the same
            assertThat(firingJson).isNotNull();
            JsonArray progress = firingJson.getJsonArray("expectationProgress");
            assertThat(progress.getJsonObject(0).getString("state")).isEqualTo("firing");
            assertThat(progress.getJsonObject(0).getString("kind")).isEqualTo("fires");
            assertThat(progress.getJsonObject(0).getString("alert")).isEqualTo("ChaoslabLiveTest5xx");
            assertThat(report.status().state()).isEqualTo(RunState.COMPLETED);
            List<Verdict> verdicts = report.expectations();
            assertThat(verdicts.get(0).passed()).as("%s", verdicts.get(0)).isTrue();
            // a loaded machine can make the shop answer 504 in the baseline: whatever happened, live and verdict agree
            assertThat(verdicts.get(1).passed())
                    .as("the silent verdict %s against the live %s", verdicts.get(1), silentAtEnd)
                    .isEqualTo(silentAtEnd == State.PASSED);
            ExpectationProgress lastFiring =
                    seen.get(seen.size() - 1).expectationProgress().get(0);
            assertThat(lastFiring.timeToFireMs())
                    .as("the time to fire shown live is the verdict's")
                    .isEqualTo(verdicts.get(0).timeToFireMs());
            assertThat(ResultJson.encode(report).containsKey("expectationProgress"))
                    .as("the report has its verdicts, not the live view")
                    .isFalse();
        } finally {
            runs.close().await();
            client.close();
            prometheus.close();
            metrics.close().await();
            shop.close().await(20, TimeUnit.SECONDS);
            telemetry.close();
        }
    }

    private static State state(RunStatus status, int expectation) {
        return status.expectationProgress().get(expectation).state();
    }

    private static int indexOf(List<RunStatus> seen, int expectation, State state) {
        for (int i = 0; i < seen.size(); i++) {
            if (state(seen.get(i), expectation) == state) {
                return i;
            }
        }
        return -1;
    }

    /** 22 s at 20/s: a quiet baseline of 8 s, then half of the gateway's answers are 503 for 12 s. */
    static String scenario(String gateway) {
        return """
        scenarios:
          - name: live-alert
            targets: {gateway: %s}
            phases:
              - {name: baseline, duration: 8s, shape: {type: constant, rate: 20}}
              - {name: incident, duration: 14s, shape: {type: constant, rate: 20}}
            requests:
              - {name: list-products, weight: 1, target: gateway, method: GET, path: /api/products}
            chaos:
              - {name: gateway-503, at: 8s, target: gateway, duration: 12s, fault: {type: error, status: 503, probability: 0.5}}
            expect:
              - {alert: ChaoslabLiveTest5xx, fires: {within: 12s, of: incident}}
              - {alert: ChaoslabLiveTest5xx, silent: {during: baseline}}
        """.formatted(gateway);
    }
}
