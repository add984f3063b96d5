package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.chaos.FakeChaosApi;
import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.Threshold;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The end of a run: settle time, alert verdicts with the run's timeline, thresholds, the report sink. */
@ExtendWith(VertxExtension.class)
class RunVerdictsTest {
    private HttpServer server;
    private FakeChaosApi chaos;

    @BeforeEach
    void start(Vertx vertx) {
        server = vertx.createHttpServer()
                .requestHandler(req -> req.response()
                        .setStatusCode(req.path().equals("/fail") ? 503 : 200)
                        .end())
                .listen(0, "127.0.0.1")
                .await();
        chaos = FakeChaosApi.start(vertx);
    }

    @AfterEach
    void stop() {
        chaos.kill();
        server.close().await();
    }

    /** Records what the engine hands it and answers one passing expectation. */
    private static final class RecordingCheck implements AlertCheck {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile RunTimeline timeline;
        volatile java.time.Instant verdictsAt;

        @Override
        public Future<Void> preflight(Scenario scenario) {
            calls.add("preflight");
            return Future.succeededFuture();
        }

        @Override
        public Duration settleTime(Scenario scenario) {
            calls.add("settleTime");
            return Duration.ofMillis(500);
        }

        @Override
        public Future<List<Verdict>> verdicts(Scenario scenario, RunTimeline timeline) {
            calls.add("verdicts");
            this.timeline = timeline;
            this.verdictsAt = java.time.Instant.now();
            return Future.succeededFuture(List.of(new Verdict(
                    0,
                    "ChaoslabHighErrorRatio",
                    Map.of(),
                    Expectation.Kind.FIRES,
                    "run",
                    60_000L,
                    true,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)));
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName(
            "A completed run waits the settle time, gets its verdicts with the run's timeline, evaluates thresholds and saves the report")
    void endOfRun(Vertx vertx) {
        RecordingCheck check = new RecordingCheck();
        List<RunReport> saved = new CopyOnWriteArrayList<>();
        // Whatever the machine's load, every request and the fault's apply must succeed (patient timeouts; with the
        // defaults a starved machine left requests unanswered when the drain ended, and the report leaves those out),
        // and the latency thresholds must pass: a starved machine sends late, and the corrected latency counts that
        // lag (over 30 s seen), so their bound is one no run of this test reaches within its timeout.
        RunManager manager = new RunManager(
                vertx,
                new RunManagerOptions().setChaosTimeoutMs(30_000),
                report -> {
                    saved.add(report);
                    return Future.succeededFuture();
                },
                check);
        Scenario scenario = Scenarios.parse("""
      scenarios:
        - name: verdicts
          targets: {app: http://127.0.0.1:%d, payments: %s}
          phases:
            - {name: baseline, duration: 500ms, shape: {type: constant, rate: 40}}
            - {name: incident, duration: 1s, shape: {type: constant, rate: 40}}
          requests:
            - {name: ok, weight: 1, target: app, method: GET, path: /ok}
            - {name: fail, weight: 1, target: app, method: GET, path: /fail}
          chaos:
            - {at: 500ms, target: payments, duration: 500ms, fault: {type: error, status: 503}}
          thresholds:
            - {metric: latency_p99, below: 5m}
            - {metric: error_ratio, below: 0.01}
            - {metric: error_ratio, request: ok, below: 0.01}
            - {metric: latency_p99, request: ok, phase: incident, measure: service, below: 5m}
            - {metric: dropped_ratio, below: 0.001}
      """.formatted(server.actualPort(), chaos.base()));

        Run run = manager.start(scenario, Scenarios.patient()).await();
        RunReport report = run.result().await();

        assertThat(check.calls).containsExactly("preflight", "settleTime", "verdicts");
        // verdicts come after the last phase (1.5 s) and the settle time (0.5 s): timers never fire early
        assertThat(Duration.between(report.status().startedAt(), check.verdictsAt))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1_995));
        RunTimeline timeline = check.timeline;
        assertThat(timeline.runId()).isEqualTo(run.id());
        assertThat(timeline.phases()).extracting(RunTimeline.PhaseWindow::name).containsExactly("baseline", "incident");
        assertThat(timeline.phase("incident").orElseThrow().startMs()).isEqualTo(500);
        assertThat(timeline.phase("incident").orElseThrow().endMs()).isBetween(1_400L, 1_500L);
        RunTimeline.FaultWindow fault = timeline.fault(0).orElseThrow();
        assertThat(fault.applied()).isTrue();
        assertThat(fault.state()).isEqualTo(FaultState.CLEARED);
        assertThat(fault.startMs()).isGreaterThanOrEqualTo(500);

        assertThat(report.expectations().get(0).alert()).isEqualTo("ChaoslabHighErrorRatio");
        List<ThresholdResult> thresholds = report.thresholds();
        assertThat(thresholds.get(0).passed()).isTrue();
        assertThat(thresholds.get(1).passed()).isFalse();
        // half of the requests go to /fail
        assertThat(thresholds.get(1).actual()).isBetween(0.2, 0.8);
        assertThat(thresholds.get(2).actual()).isZero();
        assertThat(thresholds.get(2).passed()).isTrue();
        assertThat(thresholds.get(3).criterion().measure()).isEqualTo(Threshold.Measure.SERVICE);
        assertThat(thresholds.get(3).passed()).isTrue();
        assertThat(thresholds.get(4).actual()).isZero();
        assertThat(report.thresholdsPassed()).isFalse();
        assertThat(report.expectationsPassed()).isTrue();
        assertThat(saved).singleElement().satisfies(r -> assertThat(r.runId()).isEqualTo(run.id()));
        assertThat(chaos.faults()).isEmpty();
        manager.close().await();
    }
}
