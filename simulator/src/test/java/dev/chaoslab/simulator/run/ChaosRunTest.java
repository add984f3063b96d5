package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.chaos.FakeChaosApi;
import dev.chaoslab.simulator.result.FaultRow;
import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.scenario.ChaosStep;
import dev.chaoslab.simulator.scenario.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ChaosRunTest {
    private final List<Runnable> cleanUp = new ArrayList<>();
    private int appPort;

    @BeforeEach
    void startApp(Vertx vertx) {
        HttpServer app = vertx.createHttpServer()
                .requestHandler(req -> req.response().end())
                .listen(0, "127.0.0.1")
                .await();
        cleanUp.add(() -> app.close().await());
        appPort = app.actualPort();
    }

    @AfterEach
    void cleanUp() {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).run();
        }
    }

    private FakeChaosApi chaosApi(Vertx vertx) {
        FakeChaosApi api = FakeChaosApi.start(vertx);
        cleanUp.add(api::kill);
        return api;
    }

    private RunManager manager(Vertx vertx, SimpleMeterRegistry registry) {
        // the chaos client's timeout is long: a loaded machine's first call can take seconds, and every call here must
        // succeed except those to a dead target, which fail at once (the connection is refused)
        RunManager manager = new RunManager(
                vertx,
                new RunManagerOptions().setMeterRegistry(registry).setChaosTimeoutMs(20_000),
                ReportSink.none(),
                null);
        cleanUp.add(() -> manager.close().await());
        return manager;
    }

    private Scenario scenario(String duration, String chaos, int... chaosPorts) {
        StringBuilder targets = new StringBuilder("app: http://127.0.0.1:" + appPort);
        for (int i = 0; i < chaosPorts.length; i++) {
            targets.append(", t").append(i).append(": http://127.0.0.1:").append(chaosPorts[i]);
        }
        return Scenarios.parse("""
      scenarios:
        - name: chaos-test
          targets: {%s}
          phases:
            - {name: only, duration: %s, shape: {type: constant, rate: 20}}
          requests:
            - {name: get, target: app, method: GET, path: /}
          chaos:
      %s
      """.formatted(targets, duration, chaos.indent(6)));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "A chaos step is applied with a TTL and the run's labels, removed after its duration, and cleared at the end")
    void appliesRemovesAndClears(Vertx vertx) {
        FakeChaosApi payments = chaosApi(vertx);
        Scenario scenario = scenario("2s", """
      - {at: 300ms, target: t0, duration: 500ms, fault: {type: error, status: 503, probability: 0.2}}
      """, payments.port());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Run run =
                manager(vertx, registry).start(scenario, RunOptions.defaults()).await();

        JsonObject applied = payments.firstApplied().await();
        RunReport report = run.result().await();

        assertThat(applied.getString("ttl")).isEqualTo("10500ms");
        assertThat(applied.getJsonObject("labels").getMap())
                .containsEntry("run_id", run.id())
                .containsEntry("scenario", "chaos-test")
                .containsEntry("step", "0");
        // the step has no labels of its own: the run adds exactly the names the scenario parser reserves
        assertThat(applied.getJsonObject("labels").fieldNames())
                .containsExactlyInAnyOrderElementsOf(ChaosStep.RUN_LABELS);
        assertThat(applied.getInteger("status")).isEqualTo(503);
        assertThat(payments.calls())
                .containsExactly(
                        "POST /chaos/faults",
                        "DELETE /chaos/faults/f-1",
                        "DELETE /chaos/faults?label.run_id=" + run.id());
        assertThat(payments.faults()).isEmpty();
        FaultRow fault = report.status().faults().get(0);
        assertThat(fault.state()).isEqualTo(FaultState.CLEARED);
        assertThat(fault.faultId()).isEqualTo("f-1");
        assertThat(fault.startMs()).isGreaterThanOrEqualTo(300);
        assertThat(fault.endMs()).isGreaterThanOrEqualTo(fault.startMs() + 500);
        assertThat(registry.find("chaos.fault.active").gauges()).isEmpty();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("Stopping a run clears its active faults and skips the steps still to come")
    void stopClears(Vertx vertx) {
        FakeChaosApi payments = chaosApi(vertx);
        Scenario scenario = scenario("60s", """
      - {at: 0s, target: t0, duration: 50s, fault: {type: latency, latency: {distribution: fixed, ms: 100}}}
      - {at: 40s, target: t0, duration: 10s, fault: {type: error, status: 500}}
      """, payments.port());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Run run =
                manager(vertx, registry).start(scenario, RunOptions.defaults()).await();
        payments.firstApplied().await();

        RunReport report = run.stop().await();

        assertThat(report.state()).isEqualTo(RunState.STOPPED);
        assertThat(payments.faults()).isEmpty();
        assertThat(payments.calls()).last().isEqualTo("DELETE /chaos/faults?label.run_id=" + run.id());
        assertThat(report.status().faults().get(0).state()).isEqualTo(FaultState.CLEARED);
        assertThat(report.status().faults().get(1).state()).isEqualTo(FaultState.SKIPPED);
        assertThat(registry.find("chaos.fault.active").gauges()).isEmpty();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("A run that fails clears its faults and reports the failure")
    void failureClears(Vertx vertx) {
        FakeChaosApi payments = chaosApi(vertx);
        Scenario scenario = scenario("60s", """
      - {at: 0s, target: t0, duration: 50s, fault: {type: hang}}
      """, payments.port());
        Run run = manager(vertx, new SimpleMeterRegistry())
                .start(scenario, RunOptions.defaults())
                .await();
        payments.firstApplied().await();

        ((DefaultRun) run).fail(new IllegalStateException("simulated engine failure"));
        RunReport report = run.result().await();

        assertThat(report.state()).isEqualTo(RunState.FAILED);
        assertThat(report.status().failure()).isEqualTo("simulated engine failure");
        assertThat(payments.faults()).isEmpty();
        assertThat(report.status().faults().get(0).state()).isEqualTo(FaultState.CLEARED);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("A dead target is logged and recorded as failed; the run goes on and clears the other targets")
    void deadTarget(Vertx vertx) {
        // it dies once it has answered the apply, long before the step's removal is due
        FakeChaosApi dying = chaosApi(vertx).diesAfterFirstApply();
        FakeChaosApi alive = chaosApi(vertx);
        Scenario scenario = scenario("3s", """
      - {at: 0s, target: t0, duration: 1s, fault: {type: reset}}
      - {at: 0s, target: t1, duration: 3s, fault: {type: error, status: 502}}
      """, dying.port(), alive.port());
        Run run = manager(vertx, new SimpleMeterRegistry())
                .start(scenario, Scenarios.patient())
                .await();
        dying.firstApplied().await();
        alive.firstApplied().await();

        RunReport report = run.result().await();

        assertThat(report.state()).isEqualTo(RunState.COMPLETED);
        FaultRow dead = report.status().faults().get(0);
        assertThat(dead.state()).isEqualTo(FaultState.FAILED);
        assertThat(dead.error()).startsWith("remove failed:");
        assertThat(report.status().faults().get(1).state()).isEqualTo(FaultState.CLEARED);
        assertThat(alive.faults()).isEmpty();
        assertThat(report.status().totals().ok())
                .isEqualTo(report.status().totals().completed());
    }
}
