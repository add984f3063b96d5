package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.result.AbortedBy;
import dev.chaoslab.simulator.result.ErrorKind;
import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.RequestRow;
import dev.chaoslab.simulator.result.ResultText;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.SecondRow;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Totals;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

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
        HttpServer server = vertx.createHttpServer()
                .requestHandler(handler)
                .listen(0, "127.0.0.1")
                .await();
        cleanUp.add(() -> server.close().await());
        return server.actualPort();
    }

    private RunManager manager(Vertx vertx, RunManagerOptions options) {
        RunManager manager = new RunManager(vertx, options, ReportSink.none(), null);
        cleanUp.add(() -> manager.close().await());
        return manager;
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
        RunOptions options =
                new RunOptions(1L, new LoadOptions().setMaxConnections(1).setConnectTimeoutMs(20_000));

        RunReport report = manager(vertx, new RunManagerOptions())
                .start(scenario, options)
                .compose(Run::result)
                .await();

        long completed = report.status().totals().completed();
        assertThat(report.status().totals().ok()).isEqualTo(completed);
        // ~50 arrivals fall into the stall; the one intended x ms into it waits at least 1000 - x ms, so at least
        // 25 of ~150 arrivals (more than 10 %) have a corrected latency of 500 ms or more
        assertThat(completed).isBetween(145L, 151L);
        assertThat(report.status().latency().corrected().max()).isGreaterThanOrEqualTo(1_000.0);
        assertThat(report.status().latency().corrected().p90()).isGreaterThanOrEqualTo(500.0);
        // only the stalled request itself took long on the wire
        assertThat(report.status().latency().service().p90())
                .isLessThan(report.status().latency().corrected().p90() / 2);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("Requests over the in-flight cap are counted as dropped, never skipped silently")
    void inFlightCapDrops(Vertx vertx) {
        int port = server(vertx, req -> {});
        Scenario scenario = Scenarios.constant("hang", port, "/", 100, "1s");
        RunOptions options =
                new RunOptions(1L, new LoadOptions().setInFlightCap(5).setRequestTimeoutMs(2_000));

        RunReport report = manager(vertx, new RunManagerOptions())
                .start(scenario, options)
                .compose(Run::result)
                .await();

        Totals totals = report.status().totals();
        assertThat(totals.scheduled()).isBetween(99L, 101L);
        assertThat(totals.sent()).isEqualTo(5);
        assertThat(totals.dropped()).isEqualTo(totals.scheduled() - 5);
        assertThat(totals.completed()).isEqualTo(5);
        assertThat(totals.errors().of("timeout")).isEqualTo(5);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "Dropped arrivals are counted per request, and a dropped_ratio narrowed to a request reads that request's")
    void droppedPerRequest(Vertx vertx) {
        int port = server(vertx, req -> {});
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
        RunOptions options =
                new RunOptions(1L, new LoadOptions().setInFlightCap(5).setRequestTimeoutMs(2_000));

        RunReport report = manager(vertx, new RunManagerOptions())
                .start(scenario, options)
                .compose(Run::result)
                .await();

        Totals totals = report.status().totals();
        RequestRow rare = row(report, "rare");
        RequestRow common = row(report, "common");
        assertThat(rare.scheduled() + common.scheduled()).isEqualTo(totals.scheduled());
        assertThat(rare.dropped() + common.dropped()).isEqualTo(totals.dropped());
        // only the first five arrivals got in, whichever request they were
        assertThat(rare.scheduled() - rare.dropped() + common.scheduled() - common.dropped())
                .isEqualTo(5);
        // weights 1:3 over ~100 arrivals: rare is binomial(100, 0.25), more than 6 standard deviations from 50
        assertThat(common.scheduled()).isGreaterThan(rare.scheduled());
        List<ThresholdResult> thresholds = report.thresholds();
        assertThat(thresholds.get(0).actual()).isCloseTo((double) rare.dropped() / rare.scheduled(), within(1e-9));
        assertThat(thresholds.get(1).actual()).isCloseTo((double) common.dropped() / common.scheduled(), within(1e-9));
        assertThat(thresholds.get(2).actual()).isCloseTo((double) totals.dropped() / totals.scheduled(), within(1e-9));
        assertThat(thresholds.get(2).passed()).isFalse();
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
        Run run = manager(vertx, new RunManagerOptions())
                .start(scenario, Scenarios.patient())
                .await();
        // the status is published once a second: wait until it shows the first phase measured something
        while (run.status().totals().completed() == 0) {
            Thread.sleep(20);
        }

        List<ThresholdResult> thresholds = run.stop().await().thresholds();
        for (int i = 0; i < 3; i++) {
            assertThat(thresholds.get(i).actual()).as("threshold %d", i).isNull();
            assertThat(thresholds.get(i).passed()).as("threshold %d", i).isFalse();
        }
        assertThat(thresholds.get(3).actual()).isZero();
        assertThat(thresholds.get(3).passed()).isTrue();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "An abortOnFail threshold stops the run once it fails past its delayAbortEval; ones that hold, or only fail at the end, do not")
    void abortOnFail(Vertx vertx) {
        int port = server(
                vertx,
                req -> req.response()
                        .setStatusCode(req.path().equals("/bad") ? 503 : 200)
                        .end());
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

        Run run = manager(vertx, new RunManagerOptions())
                .start(scenario, Scenarios.patient())
                .await();
        RunReport report = run.result().await();

        assertThat(report.state()).isEqualTo(RunState.STOPPED);
        assertThat(report.status().failure()).isNull();
        AbortedBy aborted = report.status().abortedBy();
        assertThat(aborted.threshold()).isEqualTo(2);
        assertThat(aborted.atMs()).as("not before its delayAbortEval").isGreaterThanOrEqualTo(2_000);
        assertThat(aborted.actual()).isEqualTo(1.0);
        assertThat(aborted.detail())
                .isEqualTo("error_ratio bad was 1 at " + ResultText.clock(aborted.atMs())
                        + ", not below 0.1; the threshold aborts the run on failure (abortOnFail)");
        assertThat(report.status().totals().scheduled()).as("stopped early").isLessThan(60 * 50);

        List<ThresholdResult> thresholds = report.thresholds();
        assertThat(thresholds).extracting(ThresholdResult::abortOnFail).containsExactly(true, false, true);
        assertThat(thresholds).extracting(ThresholdResult::aborted).containsExactly(false, false, true);
        assertThat(thresholds).extracting(ThresholdResult::passed).containsExactly(true, false, false);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "expectedStatuses decide success: an expected 409 is ok and lets a journey go on, an unexpected 200 is 'other'")
    void expectedStatuses(Vertx vertx) {
        int port = server(
                vertx,
                req -> req.response()
                        .setStatusCode(req.path().equals("/conflict") ? 409 : 200)
                        .end());
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

        RunReport report = manager(vertx, new RunManagerOptions())
                .start(scenario, Scenarios.patient())
                .await()
                .result()
                .await();

        RequestRow conflictOk = row(report, "conflict-ok");
        assertThat(conflictOk.count()).isPositive();
        assertThat(conflictOk.ok()).isEqualTo(conflictOk.count());
        RequestRow mustCreate = row(report, "must-create");
        assertThat(mustCreate.ok()).isZero();
        assertThat(mustCreate.errors().of("other"))
                .isEqualTo(mustCreate.count())
                .isPositive();
        RequestRow pay = row(report, "journey.pay");
        assertThat(pay.count())
                .as("the journey went on past the expected 409")
                .isEqualTo(row(report, "journey").count());
        assertThat(row(report, "journey").ok()).isEqualTo(row(report, "journey").count());
        RequestRow plainConflict = row(report, "plain-conflict");
        assertThat(plainConflict.errors().of("http_4xx")).isEqualTo(plainConflict.count());

        List<ErrorKind> kinds = report.status().errorKinds();
        assertThat(kinds.stream().filter(k -> k.request().equals("must-create")))
                .singleElement()
                .satisfies(k -> {
                    assertThat(k.error()).isEqualTo("other");
                    assertThat(k.cause()).isEqualTo("HTTP 200 OK, expected 201");
                });
        assertThat(kinds.stream().map(ErrorKind::request)).containsExactlyInAnyOrder("must-create", "plain-conflict");
    }

    private static RequestRow row(RunReport report, String request) {
        return report.byRequest().stream()
                .filter(r -> r.request().equals(request))
                .findFirst()
                .orElseThrow();
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

        RunReport report = manager(vertx, new RunManagerOptions())
                .start(scenario, options)
                .compose(Run::result)
                .await();

        Totals totals = report.status().totals();
        long scheduled = totals.scheduled();
        assertThat(scheduled).isBetween(399L, 401L);
        assertThat(totals.sent()).isEqualTo(scheduled);
        assertThat(totals.ok()).isEqualTo(scheduled);
        assertThat(received.get()).isEqualTo((int) scheduled);
        // each lane has a pool of its own (connections are per event loop), and the pools add up to the limit
        assertThat(clientPorts).hasSizeBetween(4, 8);
        long perSecond =
                report.timeline().stream().mapToLong(SecondRow::scheduled).sum();
        assertThat(perSecond).isEqualTo(scheduled);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("The in-flight cap is one cap for the whole run, however many lanes send")
    void inFlightCapSpansLanes(Vertx vertx) {
        AtomicInteger received = new AtomicInteger();
        int port = server(vertx, req -> received.incrementAndGet());
        Scenario scenario = Scenarios.constant("hang-lanes", port, "/", 200, "1s");
        RunOptions options = new RunOptions(
                1L, new LoadOptions().setLanes(4).setInFlightCap(7).setRequestTimeoutMs(2_000));

        RunReport report = manager(vertx, new RunManagerOptions())
                .start(scenario, options)
                .compose(Run::result)
                .await();

        Totals totals = report.status().totals();
        assertThat(totals.scheduled()).isBetween(199L, 201L);
        assertThat(totals.sent()).isEqualTo(7);
        assertThat(totals.dropped()).isEqualTo(totals.scheduled() - 7);
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
        Run run = manager(vertx, new RunManagerOptions())
                .start(scenario, RunOptions.defaults())
                .await();
        warm.future().await();

        run.changeRate(RateChange.multiplier(2.5));
        assertThat(run.status().rate().multiplier()).isEqualTo(2.5);
        RunReport report = run.result().await();

        long changedAtMs = report.rateChanges().get(0).tMs();
        double expected = 40 * changedAtMs / 1000.0 + 100 * (3000 - changedAtMs) / 1000.0;
        // the dial applies from the generator's cursor, at most the scheduler's 5 ms look-ahead after the call
        assertThat((double) report.status().totals().scheduled())
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(2.0));
        assertThat(report.status().totals().scheduled()).isGreaterThan(125);
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
        Run run = manager(vertx, new RunManagerOptions().setMaxRate(500))
                .start(scenario, RunOptions.defaults())
                .await();
        first.future().await();

        assertThatThrownBy(() -> run.changeRate(RateChange.absolute(1_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ceiling");
        run.changeRate(RateChange.absolute(200));
        RunReport report = run.result().await();

        long at = report.rateChanges().get(0).tMs();
        double expected = 10 * at / 1000.0 + 200 * (2000 - at) / 1000.0;
        assertThat((double) report.status().totals().scheduled())
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(2.0));
        assertThatThrownBy(() -> run.changeRate(RateChange.multiplier(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("completed");
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

        RunReport report = manager.start(
                        Scenarios.constant("doubled", port, "/", 20, "1s"),
                        RunOptions.defaults().withRateMultiplier(2))
                .compose(Run::result)
                .await();
        assertThat(report.status().totals().scheduled()).isBetween(39L, 41L);
        assertThat(report.status().rate().multiplier()).isEqualTo(2.0);

        int before = hits.get();
        assertThatThrownBy(() -> manager.start(
                                Scenarios.constant("too-much", port, "/", 20, "1s"),
                                RunOptions.defaults().withRateMultiplier(10))
                        .await())
                .isInstanceOf(RunStartException.class)
                .hasMessageContaining("ceiling");
        assertThat(hits).hasValue(before);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("The limit of concurrent runs rejects another start with a message that says the limit")
    void concurrentRunLimit(Vertx vertx) {
        int port = server(vertx, req -> req.response().end());
        RunManager manager = manager(vertx, new RunManagerOptions().setMaxConcurrentRuns(1));
        Run first = manager.start(Scenarios.constant("long", port, "/", 5, "60s"), RunOptions.defaults())
                .await();

        assertThatThrownBy(() -> manager.start(Scenarios.constant("other", port, "/", 5, "1s"), RunOptions.defaults())
                        .await())
                .isInstanceOf(RunRejectedException.class)
                .hasMessageContaining("limit of 1 concurrent run");

        RunReport stopped = first.stop().await();
        assertThat(stopped.state()).isEqualTo(RunState.STOPPED);
        assertThat(stopped.status().elapsedMs()).isLessThan(60_000);
        Run second = manager.start(Scenarios.constant("other", port, "/", 5, "1s"), RunOptions.defaults())
                .await();
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
                .hasMessageContaining("pre-flight")
                .hasMessageContaining("Prometheus at http://127.0.0.1:1 is unreachable");
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
        public io.vertx.core.Future<List<dev.chaoslab.simulator.result.Verdict>> verdicts(
                Scenario scenario, RunTimeline timeline) {
            return io.vertx.core.Future.succeededFuture(List.of());
        }
    }
}
