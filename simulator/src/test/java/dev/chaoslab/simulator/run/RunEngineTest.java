package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.report.Format;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(VertxExtension.class)
class RunEngineTest {
  private final List<Runnable> cleanUp = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (int i = cleanUp.size() - 1; i >= 0; i--) {
      cleanUp.get(i).run();
    }
  }

  private int server(Vertx vertx, Handler<HttpServerRequest> handler) {
    HttpServer server = vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").await();
    cleanUp.add(() -> server.close().await());
    return server.actualPort();
  }

  private RunManager manager(Vertx vertx, RunManagerOptions options) {
    RunManager manager = new RunManager(vertx, options, ReportSink.none(), null);
    cleanUp.add(() -> manager.close().await());
    return manager;
  }

  private static double latency(JsonObject report, String measure, String field) {
    return report.getJsonObject("latency").getJsonObject(measure).getDouble(field);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("A target that stalls for a second shows in the corrected latency, hardly in service time")
  void coordinatedOmissionIsCorrected(Vertx vertx) {
    AtomicInteger count = new AtomicInteger();
    int port = server(vertx, req -> {
      if (count.incrementAndGet() == 25) {
        // one request stalls the only connection for a second; the schedule keeps going meanwhile
        vertx.setTimer(1_000, t -> req.response().end("late"));
      } else {
        req.response().end("ok");
      }
    });
    Scenario scenario = Scenarios.constant("stall", port, "/", 50, "3s");
    // one connection: requests wait for it in the pool while the target stalls (a generous connect timeout, which
    // covers the pool wait, so a slow machine does not turn the wait into timeouts)
    RunOptions options = new RunOptions(1L, new LoadOptions().setMaxConnections(1).setConnectTimeoutMs(20_000));

    JsonObject report = manager(vertx, new RunManagerOptions()).start(scenario, options)
      .compose(Run::result).await().toJson();

    long completed = report.getJsonObject("totals").getLong("completed");
    assertThat(report.getJsonObject("totals").getLong("ok")).isEqualTo(completed);
    // ~50 arrivals fall into the stall; the one intended x ms into it waits at least 1000 - x ms, so at least
    // 25 of ~150 arrivals (more than 10 %) have a corrected latency of 500 ms or more
    assertThat(completed).isBetween(145L, 151L);
    assertThat(latency(report, "corrected", "max")).isGreaterThanOrEqualTo(1_000.0);
    assertThat(latency(report, "corrected", "p90")).isGreaterThanOrEqualTo(500.0);
    // only the stalled request itself took long on the wire
    assertThat(latency(report, "service", "p90")).isLessThan(latency(report, "corrected", "p90") / 2);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("Requests over the in-flight cap are counted as dropped, never skipped silently")
  void inFlightCapDrops(Vertx vertx) {
    int port = server(vertx, req -> { });
    Scenario scenario = Scenarios.constant("hang", port, "/", 100, "1s");
    RunOptions options = new RunOptions(1L, new LoadOptions().setInFlightCap(5).setRequestTimeoutMs(2_000));

    JsonObject report = manager(vertx, new RunManagerOptions()).start(scenario, options)
      .compose(Run::result).await().toJson();

    JsonObject totals = report.getJsonObject("totals");
    assertThat(totals.getLong("scheduled")).isBetween(99L, 101L);
    assertThat(totals.getLong("sent")).isEqualTo(5);
    assertThat(totals.getLong("dropped")).isEqualTo(totals.getLong("scheduled") - 5);
    assertThat(totals.getLong("completed")).isEqualTo(5);
    assertThat(totals.getJsonObject("errors").getLong("timeout")).isEqualTo(5);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("Dropped arrivals are counted per request, and a dropped_ratio narrowed to a request reads that request's")
  void droppedPerRequest(Vertx vertx) {
    int port = server(vertx, req -> { });
    Scenario scenario = Scenarios.parse("""
      scenarios:
        - name: dropped-per-request
          targets: {app: http://127.0.0.1:%d}
          phases:
            - {name: steady, duration: 1s, shape: {type: constant, rate: 100}}
          requests:
            - {name: rare, weight: 1, target: app, method: GET, path: /rare}
            - {name: common, weight: 3, target: app, method: GET, path: /common}
          thresholds:
            - {metric: dropped_ratio, request: rare, below: 0.5}
            - {metric: dropped_ratio, request: common, below: 0.5}
            - {metric: dropped_ratio, phase: steady, below: 0.5}
      """.formatted(port));
    RunOptions options = new RunOptions(1L, new LoadOptions().setInFlightCap(5).setRequestTimeoutMs(2_000));

    JsonObject report = manager(vertx, new RunManagerOptions()).start(scenario, options)
      .compose(Run::result).await().toJson();

    JsonObject totals = report.getJsonObject("totals");
    JsonObject rare = row(report, "rare");
    JsonObject common = row(report, "common");
    assertThat(rare.getLong("scheduled") + common.getLong("scheduled")).isEqualTo(totals.getLong("scheduled"));
    assertThat(rare.getLong("dropped") + common.getLong("dropped")).isEqualTo(totals.getLong("dropped"));
    // only the first five arrivals got in, whichever request they were
    assertThat(rare.getLong("scheduled") - rare.getLong("dropped") + common.getLong("scheduled")
      - common.getLong("dropped")).isEqualTo(5);
    // weights 1:3 over ~100 arrivals: rare is binomial(100, 0.25), more than 6 standard deviations from 50
    assertThat(common.getLong("scheduled")).isGreaterThan(rare.getLong("scheduled"));
    JsonArray thresholds = report.getJsonArray("thresholds");
    assertThat(thresholds.getJsonObject(0).getDouble("actual"))
      .isCloseTo((double) rare.getLong("dropped") / rare.getLong("scheduled"), within(1e-9));
    assertThat(thresholds.getJsonObject(1).getDouble("actual"))
      .isCloseTo((double) common.getLong("dropped") / common.getLong("scheduled"), within(1e-9));
    assertThat(thresholds.getJsonObject(2).getDouble("actual"))
      .isCloseTo((double) totals.getLong("dropped") / totals.getLong("scheduled"), within(1e-9));
    assertThat(thresholds.getJsonObject(2).getBoolean("passed")).isFalse();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("A threshold with nothing to measure (a phase a stopped run never reached) fails, ratios included")
  void emptyThresholdsFail(Vertx vertx) throws InterruptedException {
    int port = server(vertx, req -> req.response().end());
    Scenario scenario = Scenarios.parse("""
      scenarios:
        - name: never-reached
          targets: {app: http://127.0.0.1:%d}
          phases:
            - {name: first, duration: 60s, shape: {type: constant, rate: 20}}
            - {name: second, duration: 10s, shape: {type: constant, rate: 20}}
          requests:
            - {name: get, target: app, method: GET, path: /}
          thresholds:
            - {metric: error_ratio, phase: second, below: 0.5}
            - {metric: dropped_ratio, phase: second, below: 0.5}
            - {metric: latency_p99, phase: second, below: 30s}
            - {metric: error_ratio, phase: first, below: 0.5}
      """.formatted(port));
    Run run = manager(vertx, new RunManagerOptions()).start(scenario, Scenarios.patient()).await();
    // the status is published once a second: wait until it shows the first phase measured something
    while (run.status().totals().completed() == 0) {
      Thread.sleep(20);
    }

    JsonArray thresholds = run.stop().await().toJson().getJsonArray("thresholds");
    for (int i = 0; i < 3; i++) {
      assertThat(thresholds.getJsonObject(i).getValue("actual")).as("threshold %d", i).isNull();
      assertThat(thresholds.getJsonObject(i).getBoolean("passed")).as("threshold %d", i).isFalse();
    }
    assertThat(thresholds.getJsonObject(3).getDouble("actual")).isZero();
    assertThat(thresholds.getJsonObject(3).getBoolean("passed")).isTrue();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("An abortOnFail threshold stops the run once it fails past its delayAbortEval; ones that hold, or only fail at the end, do not")
  void abortOnFail(Vertx vertx) {
    int port = server(vertx, req -> req.response().setStatusCode(req.path().equals("/bad") ? 503 : 200).end());
    Scenario scenario = Scenarios.parse("""
      scenarios:
        - name: aborts
          targets: {app: http://127.0.0.1:%d}
          phases:
            - {name: only, duration: 60s, shape: {type: constant, rate: 50}}
          requests:
            - {name: good, target: app, method: GET, path: /good}
            - {name: bad, target: app, method: GET, path: /bad}
          thresholds:
            - {metric: error_ratio, request: good, below: 1%%, abortOnFail: true}
            - {metric: error_ratio, request: bad, below: 10%%}
            - {metric: error_ratio, request: bad, below: 10%%, abortOnFail: true, delayAbortEval: 2s}
      """.formatted(port));

    Run run = manager(vertx, new RunManagerOptions()).start(scenario, Scenarios.patient()).await();
    JsonObject report = run.result().await().toJson();

    assertThat(report.getString("state")).isEqualTo("stopped");
    assertThat(report.getValue("failure")).isNull();
    JsonObject aborted = report.getJsonObject("abortedBy");
    assertThat(aborted.getInteger("threshold")).isEqualTo(2);
    assertThat(aborted.getLong("atMs")).as("not before its delayAbortEval").isGreaterThanOrEqualTo(2_000);
    assertThat(aborted.getDouble("actual")).isEqualTo(1.0);
    assertThat(aborted.getString("detail")).isEqualTo("error_ratio bad was 1 at " + Format.clock(aborted.getLong("atMs"))
      + ", not below 0.1; the threshold aborts the run on failure (abortOnFail)");
    assertThat(report.getJsonObject("totals").getLong("scheduled")).as("stopped early").isLessThan(60 * 50);

    JsonArray thresholds = report.getJsonArray("thresholds");
    assertThat(thresholds.getJsonObject(0).getMap()).containsEntry("abortOnFail", true).containsEntry("aborted", false)
      .containsEntry("passed", true);
    assertThat(thresholds.getJsonObject(1).getMap()).doesNotContainKey("abortOnFail").containsEntry("passed", false);
    assertThat(thresholds.getJsonObject(2).getMap()).containsEntry("abortOnFail", true).containsEntry("aborted", true)
      .containsEntry("passed", false);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("expectedStatuses decide success: an expected 409 is ok and lets a journey go on, an unexpected 200 is 'other'")
  void expectedStatuses(Vertx vertx) {
    int port = server(vertx, req -> req.response().setStatusCode(req.path().equals("/conflict") ? 409 : 200).end());
    Scenario scenario = Scenarios.parse("""
      scenarios:
        - name: statuses
          targets: {app: http://127.0.0.1:%d}
          phases:
            - {name: only, duration: 2s, shape: {type: constant, rate: 60}}
          requests:
            - {name: conflict-ok, target: app, path: /conflict, expectedStatuses: [2xx, 409]}
            - {name: must-create, target: app, path: /create, expectedStatuses: [201]}
            - name: journey
              target: app
              steps:
                - {name: reserve, path: /conflict, expectedStatuses: [409]}
                - {name: pay, path: /pay}
            - {name: plain-conflict, target: app, path: /conflict}
      """.formatted(port));

    JsonObject report = manager(vertx, new RunManagerOptions()).start(scenario, Scenarios.patient()).await()
      .result().await().toJson();

    JsonObject conflictOk = row(report, "conflict-ok");
    assertThat(conflictOk.getLong("count")).isPositive();
    assertThat(conflictOk.getLong("ok")).isEqualTo(conflictOk.getLong("count"));
    JsonObject mustCreate = row(report, "must-create");
    assertThat(mustCreate.getLong("ok")).isZero();
    assertThat(mustCreate.getJsonObject("errors").getLong("other")).isEqualTo(mustCreate.getLong("count")).isPositive();
    JsonObject pay = row(report, "journey.pay");
    assertThat(pay.getLong("count")).as("the journey went on past the expected 409").isEqualTo(row(report, "journey").getLong("count"));
    assertThat(row(report, "journey").getLong("ok")).isEqualTo(row(report, "journey").getLong("count"));
    JsonObject plainConflict = row(report, "plain-conflict");
    assertThat(plainConflict.getJsonObject("errors").getLong("http_4xx")).isEqualTo(plainConflict.getLong("count"));

    JsonArray kinds = report.getJsonArray("errorKinds");
    assertThat(kinds.stream().map(JsonObject.class::cast).filter(k -> k.getString("request").equals("must-create")))
      .singleElement().satisfies(k -> {
        assertThat(k.getString("error")).isEqualTo("other");
        assertThat(k.getString("cause")).isEqualTo("HTTP 200 OK, expected 201");
      });
    assertThat(kinds.stream().map(JsonObject.class::cast).map(k -> k.getString("request")))
      .containsExactlyInAnyOrder("must-create", "plain-conflict");
  }

  private static JsonObject row(JsonObject report, String request) {
    return report.getJsonArray("byRequest").stream().map(JsonObject.class::cast)
      .filter(r -> r.getString("request").equals(request)).findFirst().orElseThrow();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("Several lanes share one schedule: every arrival is sent once, from several event loops")
  void lanesShareTheSchedule(Vertx vertx) {
    AtomicInteger received = new AtomicInteger();
    java.util.Set<String> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    int port = server(vertx, req -> {
      received.incrementAndGet();
      clientPorts.add(req.connection().remoteAddress().toString());
      req.response().end("ok");
    });
    // uniform arrivals: 200/s for 2 s is 400 arrivals (±1 at the edges), whichever lane sends them
    Scenario scenario = Scenarios.constant("lanes", port, "/", 200, "2s");
    RunOptions options = new RunOptions(1L, new LoadOptions().setLanes(4).setMaxConnections(8));

    JsonObject report = manager(vertx, new RunManagerOptions()).start(scenario, options)
      .compose(Run::result).await().toJson();

    JsonObject totals = report.getJsonObject("totals");
    long scheduled = totals.getLong("scheduled");
    assertThat(scheduled).isBetween(399L, 401L);
    assertThat(totals.getLong("sent")).isEqualTo(scheduled);
    assertThat(totals.getLong("ok")).isEqualTo(scheduled);
    assertThat(received.get()).isEqualTo((int) scheduled);
    // each lane has a pool of its own (connections are per event loop), and the pools add up to the limit
    assertThat(clientPorts).hasSizeBetween(4, 8);
    long perSecond = report.getJsonArray("timeline").stream().map(JsonObject.class::cast)
      .mapToLong(s -> s.getLong("scheduled")).sum();
    assertThat(perSecond).isEqualTo(scheduled);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("The in-flight cap is one cap for the whole run, however many lanes send")
  void inFlightCapSpansLanes(Vertx vertx) {
    AtomicInteger received = new AtomicInteger();
    int port = server(vertx, req -> received.incrementAndGet());
    Scenario scenario = Scenarios.constant("hang-lanes", port, "/", 200, "1s");
    RunOptions options = new RunOptions(1L, new LoadOptions().setLanes(4).setInFlightCap(7).setRequestTimeoutMs(2_000));

    JsonObject report = manager(vertx, new RunManagerOptions()).start(scenario, options)
      .compose(Run::result).await().toJson();

    JsonObject totals = report.getJsonObject("totals");
    assertThat(totals.getLong("scheduled")).isBetween(199L, 201L);
    assertThat(totals.getLong("sent")).isEqualTo(7);
    assertThat(totals.getLong("dropped")).isEqualTo(totals.getLong("scheduled") - 7);
    assertThat(received.get()).isEqualTo(7);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("Turning the rate dial on a running run changes the schedule from that moment on")
  void rateChangeOnARunningRun(Vertx vertx) {
    AtomicLong received = new AtomicLong();
    Promise<Void> warm = Promise.promise();
    int port = server(vertx, req -> {
      if (received.incrementAndGet() == 20) {
        warm.tryComplete();
      }
      req.response().end();
    });
    Scenario scenario = Scenarios.constant("dial", port, "/", 40, "3s");
    Run run = manager(vertx, new RunManagerOptions()).start(scenario, RunOptions.defaults()).await();
    warm.future().await();

    run.changeRate(RateChange.multiplier(2.5));
    assertThat(run.status().rate().multiplier()).isEqualTo(2.5);
    JsonObject report = run.result().await().toJson();

    long changedAtMs = report.getJsonArray("rateChanges").getJsonObject(0).getLong("tMs");
    double expected = 40 * changedAtMs / 1000.0 + 100 * (3000 - changedAtMs) / 1000.0;
    // the dial applies from the generator's cursor, at most the scheduler's 5 ms look-ahead after the call
    assertThat((double) report.getJsonObject("totals").getLong("scheduled")).isCloseTo(expected,
      org.assertj.core.data.Offset.offset(2.0));
    assertThat(report.getJsonObject("totals").getLong("scheduled")).isGreaterThan(125);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("An absolute rate replaces the plan, and the dial refuses rates over the ceiling")
  void absoluteRateAndCeiling(Vertx vertx) {
    Promise<Void> first = Promise.promise();
    int port = server(vertx, req -> {
      first.tryComplete();
      req.response().end();
    });
    Scenario scenario = Scenarios.constant("absolute", port, "/", 10, "2s");
    Run run = manager(vertx, new RunManagerOptions().setMaxRate(500)).start(scenario, RunOptions.defaults()).await();
    first.future().await();

    assertThatThrownBy(() -> run.changeRate(RateChange.absolute(1_000)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ceiling");
    run.changeRate(RateChange.absolute(200));
    JsonObject report = run.result().await().toJson();

    long at = report.getJsonArray("rateChanges").getJsonObject(0).getLong("tMs");
    double expected = 10 * at / 1000.0 + 200 * (2000 - at) / 1000.0;
    assertThat((double) report.getJsonObject("totals").getLong("scheduled")).isCloseTo(expected,
      org.assertj.core.data.Offset.offset(2.0));
    assertThatThrownBy(() -> run.changeRate(RateChange.multiplier(2)))
      .isInstanceOf(IllegalStateException.class).hasMessageContaining("completed");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("A run can start with the dial already turned; over the ceiling it does not start at all")
  void initialMultiplier(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    int port = server(vertx, req -> {
      hits.incrementAndGet();
      req.response().end();
    });
    RunManager manager = manager(vertx, new RunManagerOptions().setMaxRate(100));

    JsonObject report = manager.start(Scenarios.constant("doubled", port, "/", 20, "1s"),
      RunOptions.defaults().withRateMultiplier(2)).compose(Run::result).await().toJson();
    assertThat(report.getJsonObject("totals").getLong("scheduled")).isBetween(39L, 41L);
    assertThat(report.getJsonObject("rate").getDouble("multiplier")).isEqualTo(2.0);

    int before = hits.get();
    assertThatThrownBy(() -> manager.start(Scenarios.constant("too-much", port, "/", 20, "1s"),
      RunOptions.defaults().withRateMultiplier(10)).await())
      .isInstanceOf(RunStartException.class).hasMessageContaining("ceiling");
    assertThat(hits).hasValue(before);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("The limit of concurrent runs rejects another start with a message that says the limit")
  void concurrentRunLimit(Vertx vertx) {
    int port = server(vertx, req -> req.response().end());
    RunManager manager = manager(vertx, new RunManagerOptions().setMaxConcurrentRuns(1));
    Run first = manager.start(Scenarios.constant("long", port, "/", 5, "60s"), RunOptions.defaults()).await();

    assertThatThrownBy(() -> manager.start(Scenarios.constant("other", port, "/", 5, "1s"), RunOptions.defaults())
      .await())
      .isInstanceOf(RunRejectedException.class).hasMessageContaining("limit of 1 concurrent run");

    JsonObject stopped = first.stop().await().toJson();
    assertThat(stopped.getString("state")).isEqualTo("stopped");
    assertThat(stopped.getLong("elapsedMs")).isLessThan(60_000);
    Run second = manager.start(Scenarios.constant("other", port, "/", 5, "1s"), RunOptions.defaults()).await();
    assertThat(second.result().await().state()).isEqualTo(RunState.COMPLETED);
    assertThat(manager.runs()).extracting(Run::id).containsExactly(first.id(), second.id());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("A failing alert pre-flight check is a clear start error and sends nothing")
  void preflightFailure(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    int port = server(vertx, req -> {
      hits.incrementAndGet();
      req.response().end();
    });
    RunManager manager = new RunManager(vertx, new RunManagerOptions(), ReportSink.none(), new FailingCheck());

    assertThatThrownBy(() -> manager.start(Scenarios.constant("pre", port, "/", 5, "1s"), RunOptions.defaults())
      .await())
      .isInstanceOf(RunStartException.class)
      .hasMessageContaining("pre-flight").hasMessageContaining("Prometheus at http://127.0.0.1:1 is unreachable");
    assertThat(manager.runs()).isEmpty();
    assertThat(hits).hasValue(0);
  }

  private static final class FailingCheck implements dev.chaoslab.simulator.alerts.AlertCheck {
    @Override
    public io.vertx.core.Future<Void> preflight(Scenario scenario) {
      return io.vertx.core.Future.failedFuture("Prometheus at http://127.0.0.1:1 is unreachable");
    }

    @Override
    public java.time.Duration settleTime(Scenario scenario) {
      return java.time.Duration.ZERO;
    }

    @Override
    public io.vertx.core.Future<List<dev.chaoslab.simulator.result.Verdict>> verdicts(Scenario scenario,
                                                                                    RunTimeline timeline) {
      return io.vertx.core.Future.succeededFuture(List.of());
    }
  }
}
