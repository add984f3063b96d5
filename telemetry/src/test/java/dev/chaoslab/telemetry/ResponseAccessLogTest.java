package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.chaoslab.telemetry.testing.LogCapture;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the service's own SDK the access line is made where Vert.x reports the response's end to the metrics: once
 * {@link ServiceTelemetry#installAccessLog} switched the lines on (it adds no route), with the server timer's
 * interval as {@code duration_ms}, the fields of {@link AccessLogFields}, and the request's span also for a response
 * ended off Vert.x's threads.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResponseAccessLogTest {

    private LogCapture logs;
    private ServiceTelemetry quietTelemetry;
    private ServiceTelemetry loggedTelemetry;
    private Vertx quiet;
    private Vertx logged;
    private int quietPort;
    private int loggedPort;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) {
        logs = LogCapture.start();
        quietTelemetry = ServiceTelemetry.create(TelemetryOptions.fromEnvInSharedProcess("hook-quiet"));
        loggedTelemetry = ServiceTelemetry.create(TelemetryOptions.fromEnvInSharedProcess("hook-logged"));
        quiet = quietTelemetry.newVertx(new VertxOptions().setEventLoopPoolSize(1));
        logged = loggedTelemetry.newVertx(new VertxOptions().setEventLoopPoolSize(1));
        Router quietRouter = Router.router(quiet);
        quietRouter.get("/quiet").handler(ctx -> ctx.response().end("quiet"));
        quietPort = listen(quiet, quietRouter);
        Router router = Router.router(logged);
        loggedTelemetry.installAccessLog(router);
        assertThat(router.getRoutes()).as("no route for the access log").isEmpty();
        router.get("/items/:id").handler(ctx -> {
            AccessLogFields.put(ctx, "error", "none");
            ctx.response().end("item");
        });
        router.get("/failing").handler(ctx -> ctx.fail(502));
        router.get("/off-thread").handler(ctx -> new Thread(() -> ctx.response().end("late"), "not-vertx").start());
        router.route().failureHandler(ctx -> {
            AccessLogFields.put(ctx, "dependency", "payments");
            ctx.response().setStatusCode(ctx.statusCode()).end();
        });
        loggedPort = listen(logged, router);
        client = WebClient.create(vertx);
    }

    private static int listen(Vertx vertx, Router router) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        return server.actualPort();
    }

    @AfterEach
    void stop() {
        client.close();
        quiet.close().await();
        logged.close().await();
        quietTelemetry.close();
        loggedTelemetry.close();
        logs.close();
    }

    private int get(int port, String path) {
        return client.get(port, "127.0.0.1", path).send().await().statusCode();
    }

    private JsonObject accessLine(String path) {
        return logs.awaitLine(l -> "access".equals(l.getString("logger")) && path.equals(l.getString("path")))
                .await();
    }

    @Test
    @DisplayName("no line before installAccessLog: a service that never called it logs nothing")
    void linesOnlyOnceInstalled() {
        assertThat(get(quietPort, "/quiet")).isEqualTo(200);
        assertThat(get(loggedPort, "/items/1")).isEqualTo(200);
        accessLine("/items/1"); // one writer drains the lines in order: the quiet one would have come first
        assertThat(logs.logger("access")).extracting(l -> l.getString("path")).containsExactly("/items/1");
    }

    @Test
    @DisplayName("duration_ms is the interval the server timer records, and the added fields are on the line")
    void durationIsTheTimersInterval() {
        assertThat(get(loggedPort, "/items/7")).isEqualTo(200);
        JsonObject line = accessLine("/items/7");
        Timer timer = loggedTelemetry
                .registry()
                .find(HttpServerMeters.RESPONSE_TIME)
                .tag("route", "/items/:id")
                .timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(1);
        // the line rounds the same nanoseconds to hundredths of a millisecond
        assertThat(line.getDouble("duration_ms")).isCloseTo(timer.totalTime(TimeUnit.MILLISECONDS), within(0.005));
        assertThat(line.getString("route")).isEqualTo("/items/:id");
        assertThat(line.getString("error")).isEqualTo("none");
        assertThat(line.getString("service")).isEqualTo("hook-logged");
    }

    @Test
    @DisplayName("a failed request keeps its route, status and fields; a response ended off Vert.x keeps its span")
    void failuresAndForeignThreads() {
        assertThat(get(loggedPort, "/failing")).isEqualTo(502);
        assertThat(get(loggedPort, "/off-thread")).isEqualTo(200);
        JsonObject failed = accessLine("/failing");
        assertThat(failed.getString("route")).isEqualTo("/failing");
        assertThat(failed.getInteger("status")).isEqualTo(502);
        assertThat(failed.getString("dependency")).isEqualTo("payments");
        JsonObject late = accessLine("/off-thread");
        assertThat(late.getString("route")).isEqualTo("/off-thread");
        assertThat(late.getString("trace_id")).isNotBlank();
    }
}
