package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.Totals;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RunManagerTest {
    private HttpServer server;

    @BeforeEach
    void startServer(Vertx vertx) {
        server = vertx.createHttpServer()
                .requestHandler(req -> req.response()
                        .putHeader("content-type", "application/json")
                        .end("{\"ok\":true}"))
                .listen(0, "127.0.0.1")
                .await();
    }

    @AfterEach
    void stopServer() {
        server.close().await();
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    @DisplayName("A constant-rate run sends every scheduled request and reports them all as ok")
    void constantRateRunSendsTheSchedule(Vertx vertx, VertxTestContext test) {
        Scenario scenario = Scenarios.constant("steady", server.actualPort(), "/ping", 100, "2s");
        RunManager manager = new RunManager(vertx, new RunManagerOptions(), ReportSink.none(), null);
        manager.start(scenario, Scenarios.patient())
                .compose(Run::result)
                .onComplete(test.succeeding(report -> test.verify(() -> {
                    Totals totals = report.status().totals();
                    // uniform arrivals: exactly rate × duration, give or take the one on the boundary
                    assertThat(totals.scheduled()).isBetween(199L, 201L);
                    assertThat(totals.sent()).isEqualTo(totals.scheduled());
                    assertThat(totals.dropped()).isZero();
                    assertThat(totals.completed()).isEqualTo(totals.sent());
                    assertThat(totals.ok()).isEqualTo(totals.completed());
                    assertThat(report.state()).isEqualTo(RunState.COMPLETED);
                    assertThat(report.timeline()).isNotEmpty();
                    assertThat(report.status().latency().corrected().p99()).isPositive();
                    test.completeNow();
                })));
    }
}
