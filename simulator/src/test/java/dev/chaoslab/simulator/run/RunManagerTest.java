package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class RunManagerTest {
  private HttpServer server;

  @BeforeEach
  void startServer(Vertx vertx) {
    server = vertx.createHttpServer()
      .requestHandler(req -> req.response().putHeader("content-type", "application/json").end("{\"ok\":true}"))
      .listen(0, "127.0.0.1").await();
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
        JsonObject json = report.toJson();
        JsonObject totals = json.getJsonObject("totals");
        // uniform arrivals: exactly rate × duration, give or take the one on the boundary
        assertThat(totals.getLong("scheduled")).isBetween(199L, 201L);
        assertThat(totals.getLong("sent")).isEqualTo(totals.getLong("scheduled"));
        assertThat(totals.getLong("dropped")).isZero();
        assertThat(totals.getLong("completed")).isEqualTo(totals.getLong("sent"));
        assertThat(totals.getLong("ok")).isEqualTo(totals.getLong("completed"));
        assertThat(json.getString("state")).isEqualTo("completed");
        assertThat(json.getJsonArray("timeline")).isNotEmpty();
        assertThat(json.getJsonObject("latency").getJsonObject("corrected").getDouble("p99")).isPositive();
        test.completeNow();
      })));
  }
}
