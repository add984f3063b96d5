package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
class PrometheusAlertCheckTest {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static final String EXPR = "sum by (service) (rate(errors[1m])) / sum by (service) (rate(requests[1m])) > 0.05";

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        volatile Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    FakePrometheus fake;
    PrometheusClient client;
    ManualClock clock = new ManualClock();
    PrometheusAlertCheck check;

    @BeforeEach
    void start(Vertx vertx) {
        fake = new FakePrometheus().start(vertx).await();
        // a long evaluation interval keeps the timer out of the way: the test polls by hand
        fake.ruleGroups = new JsonArray()
                .add(FakePrometheus.group(
                        "errors",
                        600,
                        FakePrometheus.alertingRule("ChaoslabHighErrorRatio", EXPR, 30, Map.of("severity", "page")),
                        FakePrometheus.alertingRule("ChaoslabTargetDown", "up == 0", 30, Map.of())));
        client = new PrometheusClient(vertx, fake.url());
        check = new PrometheusAlertCheck(vertx, client, clock);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.stop().await();
    }

    static Expectation fires() {
        return new Expectation(
                0,
                "ChaoslabHighErrorRatio",
                Map.of("service", "payments"),
                Expectation.Kind.FIRES,
                Duration.ofMinutes(2),
                TestAnchors.anchor("chaos[0]"));
    }

    @Test
    @DisplayName("preflight names an unknown alert and lists the alerts Prometheus knows")
    void unknownAlert() {
        Expectation typo = new Expectation(
                0, "ChaoslabHighErrorRate", Map.of(), Expectation.Kind.SILENT, null, TestAnchors.anchor("run"));
        assertThatThrownBy(() -> check.preflight(List.of(typo)).await())
                .isInstanceOf(PrometheusException.class)
                .hasMessageContaining("has no alert rule named ChaoslabHighErrorRate")
                .hasMessageContaining("Alerts it knows: ChaoslabHighErrorRatio, ChaoslabTargetDown");
        assertThat(check.watching()).isFalse();
    }

    @Test
    @DisplayName("preflight fails clearly when Prometheus is not ready, and passes without expectations")
    void notReady() {
        fake.readyStatus = 503;
        assertThatThrownBy(() -> check.preflight(List.of(fires())).await()).hasMessageContaining("is not ready");
        check.preflight(List.of()).await();
        assertThat(check.watching()).isFalse();
    }

    @Test
    @DisplayName("settle time covers the latest fires/resolves window after the run, plus two polls")
    void settleTime() {
        Expectation resolves = new Expectation(
                0,
                "ChaoslabHighErrorRatio",
                Map.of(),
                Expectation.Kind.RESOLVES,
                Duration.ofMinutes(2),
                TestAnchors.anchor("chaos[0]"));
        Window chaos = new Window("chaos[0]", 60_000, 150_000);
        // resolve window closes at 150 s + 120 s = 270 s; the run lasts 180 s; polls every 5 s before preflight
        assertThat(check.settleTime(List.of(fires(), resolves), List.of(chaos, chaos), 180_000))
                .isEqualTo(Duration.ofSeconds(100));
        assertThat(check.settleTime(List.of(), List.of(), 180_000)).isZero();
    }

    @Test
    @DisplayName("anchors become the windows the run really had: the fault as applied, the phase as run, the whole run")
    void windowsFromTimeline() throws Exception {
        Scenario scenario = new ScenarioLoader().loadScenario("test", """
      scenarios:
        - name: windows
          targets: {gateway: http://127.0.0.1:8080, payments: http://127.0.0.1:8082}
          phases:
            - {name: before, duration: 60s, shape: {type: constant, rate: 1}}
            - {name: incident, duration: 60s, shape: {type: constant, rate: 1}}
          requests:
            - {name: list, target: gateway, method: GET, path: /api/products}
          chaos:
            - {name: burst, at: 60s, target: payments, duration: 30s, fault: {type: error, status: 503}}
          expect:
            - {alert: ChaoslabHighErrorRatio, fires: {within: 2m, of: burst}}
            - {alert: ChaoslabHighErrorRatio, silent: {during: before}}
            - {alert: ChaoslabTargetDown, silent: {during: run}}
      """);
        RunTimeline timeline = new RunTimeline(
                "r-1",
                T0,
                118_000,
                List.of(
                        new RunTimeline.PhaseWindow(0, "before", 0, 60_010),
                        new RunTimeline.PhaseWindow(1, "incident", 60_010, 118_000)),
                List.of(new RunTimeline.FaultWindow(0, "payments", "error", 60_050, 90_070, true, FaultState.CLEARED)));
        List<Expectation> e = scenario.expectations();
        assertThat(PrometheusAlertCheck.actual(e.get(0).anchor(), scenario, timeline))
                .isEqualTo(new Window("chaos[0] (burst)", 60_050, 90_070));
        assertThat(PrometheusAlertCheck.actual(e.get(1).anchor(), scenario, timeline))
                .isEqualTo(new Window("phase before", 0, 60_010));
        assertThat(PrometheusAlertCheck.actual(e.get(2).anchor(), scenario, timeline))
                .isEqualTo(new Window("the run", 0, 118_000));
        RunTimeline notApplied = new RunTimeline(
                "r-2",
                T0,
                118_000,
                timeline.phases(),
                List.of(new RunTimeline.FaultWindow(0, "payments", "error", 60_000, 90_000, false, FaultState.FAILED)));
        assertThat(PrometheusAlertCheck.actual(e.get(0).anchor(), scenario, notApplied)
                        .name())
                .contains("did not apply it");
        // fires within 2m of 60 s ends at 180 s, 60 s after the planned 120 s run; plus two polls of 5 s
        assertThat(check.settleTime(scenario)).isEqualTo(Duration.ofSeconds(70));
    }

    @Test
    @DisplayName("verdicts come from the recorded transitions, with the rule's margin from query_range")
    void verdicts() {
        Expectation resolves = new Expectation(
                0,
                "ChaoslabHighErrorRatio",
                Map.of("service", "payments"),
                Expectation.Kind.RESOLVES,
                Duration.ofMinutes(1),
                TestAnchors.anchor("chaos[0]"));
        Expectation silent = new Expectation(
                0, "ChaoslabHighErrorRatio", Map.of(), Expectation.Kind.SILENT, null, TestAnchors.anchor("baseline"));
        List<Expectation> expectations = List.of(fires(), resolves, silent);
        double[] ratio = new double[43];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = i * 5 >= 60 && i * 5 < 160 ? 0.2 : 0.01;
        }
        fake.ranges = expr -> expr.startsWith("sum by (service)")
                ? new JsonArray()
                        .add(FakePrometheus.matrix(Map.of("service", "payments"), T0.toEpochMilli(), 5_000, ratio))
                : new JsonArray();

        check.preflight(expectations).await();
        assertThat(check.watching()).isTrue();
        Map<String, String> labels = Map.of("service", "payments", "severity", "page");
        clock.now = T0.plusSeconds(70);
        fake.alerts = new JsonArray()
                .add(FakePrometheus.alert("ChaoslabHighErrorRatio", labels, "pending", "2026-11-25T12:01:05Z"));
        check.pollNow().await();
        clock.now = T0.plusSeconds(100);
        fake.alerts = new JsonArray()
                .add(FakePrometheus.alert("ChaoslabHighErrorRatio", labels, "firing", "2026-11-25T12:01:05Z"));
        check.pollNow().await();
        clock.now = T0.plusSeconds(200);
        fake.alerts = new JsonArray();
        check.pollNow().await();
        clock.now = T0.plusSeconds(215);

        Window chaos = new Window("chaos[0]", 60_000, 150_000);
        Window baseline = new Window("baseline", 0, 60_000);
        List<Verdict> verdicts = check.verdicts(
                        expectations, T0, 180_000, List.of(chaos, chaos, baseline), List.of(chaos))
                .await();

        assertThat(verdicts).hasSize(3);
        Verdict f = verdicts.get(0);
        assertThat(f.kind()).isEqualTo(Expectation.Kind.FIRES);
        assertThat(f.passed()).isTrue();
        assertThat(f.timeToPendingMs()).isEqualTo(5_000);
        assertThat(f.timeToFireMs())
                .isEqualTo(35_000); // activeAt 65 s + for 30 s, seen between polls at 70 s and 100 s
        Margin margin = f.margin();
        assertThat(margin.rule()).isEqualTo("ChaoslabHighErrorRatio");
        assertThat(margin.threshold()).isEqualTo(0.05);
        assertThat(margin.baselineMax()).isEqualTo(0.01);
        assertThat(margin.incidentMax()).isEqualTo(0.2);
        assertThat(margin.note()).contains("peaked at 0.2 during chaos[0] (threshold 0.05, 4×)");

        Verdict r = verdicts.get(1);
        assertThat(r.passed()).isTrue();
        assertThat(r.timeToResolveMs()).isEqualTo(50_000);

        Verdict s = verdicts.get(2);
        assertThat(s.passed()).isTrue();
        assertThat(s.margin().note()).contains("The rule's value peaked at 0.01 during baseline (20 % of 0.05)");

        assertThat(check.watching()).isFalse();
        // one range query per rule condition, shared by the three expectations
        assertThat(fake.queries).hasSize(1);
    }

    @Test
    @DisplayName("a run checked with Alertmanager (NotificationCheck) still records the series behind its rules")
    void recordingThroughNotificationCheck(Vertx vertx) throws Exception {
        Scenario scenario = new ScenarioLoader().loadScenario("test", """
      scenarios:
        - name: recorded
          targets: {gateway: http://127.0.0.1:8080}
          phases:
            - {name: only, duration: 60s, shape: {type: constant, rate: 1}}
          requests:
            - {name: list, target: gateway, method: GET, path: /api/products}
          expect:
            - {alert: ChaoslabHighErrorRatio, silent: {during: run}}
      """);
        AlertmanagerWebhook webhook =
                AlertmanagerWebhook.start(vertx, "127.0.0.1", clock).await();
        try {
            NotificationCheck withDelivery = new NotificationCheck(check, webhook);
            RunTimeline timeline = new RunTimeline(
                    "r-3", T0, 60_000, List.of(new RunTimeline.PhaseWindow(0, "only", 0, 60_000)), List.of());
            withDelivery.preflight(scenario).await();
            clock.now = T0.plusSeconds(70);
            withDelivery.verdicts(scenario, timeline).await();
            Recording recording = withDelivery.recording(scenario, timeline).await();
            assertThat(recording).isNotNull();
            assertThat(recording.rules()).extracting(RecordedRule::alert).containsExactly("ChaoslabHighErrorRatio");
        } finally {
            webhook.close().await();
        }
    }
}
