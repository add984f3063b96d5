package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.RequestRow;
import dev.chaoslab.simulator.result.RunReport;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Poisson arrivals, the weighted mix and journeys, through a real loopback server. */
@ExtendWith(VertxExtension.class)
class TrafficMixTest {
    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<JsonObject> orders = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private RunManager manager;

    @BeforeEach
    void start(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.route().handler(ctx -> {
            hits.computeIfAbsent(ctx.request().path().replaceAll("/o-\\d+$", "/:id"), p -> new AtomicInteger())
                    .incrementAndGet();
            ctx.next();
        });
        router.get("/a").handler(ctx -> ctx.end("a"));
        router.get("/b").handler(ctx -> ctx.end("b"));
        router.post("/orders").handler(ctx -> {
            JsonObject order = ctx.body().asJsonObject().put("id", "o-" + ids.incrementAndGet());
            orders.add(order);
            ctx.response().setStatusCode(201);
            ctx.json(order);
        });
        router.get("/orders/:id").handler(ctx -> {
            boolean known = orders.stream().anyMatch(o -> o.getString("id").equals(ctx.pathParam("id")));
            ctx.response().setStatusCode(known ? 200 : 404).end();
        });
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        manager = new RunManager(vertx, new RunManagerOptions(), ReportSink.none(), null);
    }

    @AfterEach
    void stop() {
        manager.close().await();
        server.close().await();
    }

    private static RequestRow row(RunReport report, String request) {
        return report.byRequest().stream()
                .filter(r -> r.request().equals(request))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no byRequest row for " + request + " in " + report.byRequest()));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("Poisson arrivals and a 3:1 mix give counts within four standard deviations of the plan")
    void poissonAndWeights() {
        RunReport report = manager.start(Scenarios.parse("""
        scenarios:
          - name: mix
            targets: {app: http://127.0.0.1:%d}
            phases:
              - {name: only, duration: 2s, shape: {type: constant, rate: 200}, arrivals: poisson}
            requests:
              - {name: a, weight: 3, target: app, method: GET, path: /a}
              - {name: b, weight: 1, target: app, method: GET, path: /b}
        """.formatted(server.actualPort())), Scenarios.patient())
                .compose(Run::result)
                .await();

        long scheduled = report.status().totals().scheduled();
        // Poisson count over 2 s at 200/s: mean 400, standard deviation 20
        assertThat(scheduled).isBetween(320L, 480L);
        assertThat(report.status().totals().completed()).isEqualTo(scheduled);
        long a = row(report, "a").count();
        // binomial share of "a": p = 0.75, standard deviation sqrt(n p (1-p))
        double sd = Math.sqrt(scheduled * 0.75 * 0.25);
        assertThat((double) a).isBetween(scheduled * 0.75 - 4 * sd, scheduled * 0.75 + 4 * sd);
        assertThat(a + row(report, "b").count()).isEqualTo(scheduled);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "A journey sends its steps in order with values of earlier answers, and stops at the first failing step")
    void journeys() {
        RunReport report = manager.start(Scenarios.parse("""
        scenarios:
          - name: journeys
            targets: {app: http://127.0.0.1:%d}
            data: {sku: [SKU-001, SKU-002]}
            phases:
              - {name: only, duration: 1s, shape: {type: constant, rate: 20}}
            requests:
              - name: checkout
                weight: 1
                target: app
                steps:
                  - {name: create, method: POST, path: /orders, body: {sku: "${sku}"}}
                  - {name: confirm, method: GET, path: "/orders/${steps.create.body.id}"}
              - name: broken
                weight: 1
                target: app
                steps:
                  - {name: missing, method: GET, path: /orders/o-0}
                  - {name: never, method: GET, path: /a}
        """.formatted(server.actualPort())), Scenarios.patient())
                .compose(Run::result)
                .await();

        RequestRow checkout = row(report, "checkout");
        assertThat(checkout.count()).isPositive().isEqualTo(checkout.ok());
        assertThat(row(report, "checkout.create").ok()).isEqualTo(checkout.count());
        assertThat(row(report, "checkout.confirm").ok()).isEqualTo(checkout.count());
        assertThat(orders)
                .hasSize((int) checkout.count())
                .allSatisfy(o -> assertThat(o.getString("sku")).matches("SKU-0\\d\\d"));

        RequestRow broken = row(report, "broken");
        assertThat(broken.count()).isPositive();
        assertThat(broken.errors().of("http_4xx")).isEqualTo(broken.count());
        assertThat(hits).doesNotContainKey("/a");
        assertThat(report.status().totals().completed()).isEqualTo(checkout.count() + broken.count());
    }
}
