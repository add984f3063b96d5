package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real Prometheus (Debian's 2.42, with exemplar storage on) scrapes a service as OpenMetrics, keeps the
 * target up and stores the exemplars of its latency histogram with the trace ids of real requests.
 */
@ExtendWith(VertxExtension.class)
class RealPrometheusTest {

    /** Rounds of 250 ms (plus request time): Prometheus needs a few seconds to start and scrape twice. */
    private static final int MAX_ROUNDS = 200;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Prometheus accepts the OpenMetrics scrape and stores exemplars carrying request trace ids")
    void prometheusStoresExemplars(Vertx vertx) throws Exception {
        assumeTrue(onPath("prometheus"), "needs the prometheus binary (scripts/install-deps.sh installs it)");
        TestService service = TestService.start(
                        TelemetryOptions.fromEnv("promcheck"),
                        (s, router) -> router.get("/items/:id")
                                .handler(ctx -> ctx.response()
                                        .end(Span.current().getSpanContext().getTraceId())))
                .await();
        Path dir = Files.createTempDirectory("chaoslab-prometheus");
        int port = freePort();
        Files.writeString(
                dir.resolve("prometheus.yml"),
                "global: {scrape_interval: 1s, scrape_timeout: 1s}\n"
                        + "scrape_configs:\n  - job_name: promcheck\n    static_configs: [{targets: ['127.0.0.1:"
                        + service.port() + "']}]\n");
        Process prometheus = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--enable-feature=exemplar-storage")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        WebClient client = WebClient.create(vertx);
        Set<String> traceIds = ConcurrentHashMap.newKeySet();
        try {
            String api = "http://127.0.0.1:" + port + "/api/v1";
            // each round: one more traced request, then ask Prometheus; a scrape error fails at once
            JsonObject exemplar = poll(
                            vertx,
                            MAX_ROUNDS,
                            () -> client.getAbs(service.url("/items/" + traceIds.size()))
                                    .send()
                                    .compose(response -> {
                                        traceIds.add(response.bodyAsString());
                                        return client.getAbs(api + "/targets").send();
                                    })
                                    .compose(targets -> {
                                        JsonArray active = targets.bodyAsJsonObject()
                                                .getJsonObject("data")
                                                .getJsonArray("activeTargets");
                                        String error = active.isEmpty()
                                                ? ""
                                                : active.getJsonObject(0).getString("lastError", "");
                                        if (!error.isEmpty()) {
                                            return Future.failedFuture(new AssertionError(
                                                    "Prometheus cannot scrape the service: " + error));
                                        }
                                        return client.getAbs(api + "/query_exemplars")
                                                .addQueryParam(
                                                        "query", "vertx_http_server_response_time_seconds_bucket")
                                                .addQueryParam("start", "0")
                                                .addQueryParam("end", "4102444800")
                                                .send()
                                                .map(response -> storedExemplar(response.bodyAsJsonObject(), traceIds));
                                    }))
                    .await();

            assertThat(exemplar.getJsonObject("labels").getString("span_id")).hasSize(16);
            JsonObject target = client.getAbs(api + "/targets")
                    .send()
                    .await()
                    .bodyAsJsonObject()
                    .getJsonObject("data")
                    .getJsonArray("activeTargets")
                    .getJsonObject(0);
            assertThat(target.getString("health")).isEqualTo("up");
        } finally {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
            service.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** The first exemplar Prometheus stored whose trace id is one of ours, or null. */
    private static JsonObject storedExemplar(JsonObject answer, Set<String> traceIds) {
        JsonArray series = answer.getJsonArray("data", new JsonArray());
        for (int i = 0; i < series.size(); i++) {
            JsonArray exemplars = series.getJsonObject(i).getJsonArray("exemplars", new JsonArray());
            for (int j = 0; j < exemplars.size(); j++) {
                JsonObject exemplar = exemplars.getJsonObject(j);
                if (traceIds.contains(exemplar.getJsonObject("labels").getString("trace_id"))) {
                    return exemplar;
                }
            }
        }
        return null;
    }

    /**
     * Repeats {@code attempt} every 250 ms until it yields a value, at most {@code rounds} times. A failed
     * attempt ends the polling with its failure (Prometheus not up yet is an empty answer, not a failure).
     */
    private static <T> Future<T> poll(Vertx vertx, int rounds, Supplier<Future<T>> attempt) {
        Promise<T> result = Promise.promise();
        step(vertx, rounds, attempt, result);
        return result.future();
    }

    private static <T> void step(Vertx vertx, int rounds, Supplier<Future<T>> attempt, Promise<T> result) {
        attempt.get().onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof AssertionError) {
                result.fail(ar.cause());
            } else if (ar.succeeded() && ar.result() != null) {
                result.complete(ar.result());
            } else if (rounds <= 1) {
                result.fail(new AssertionError(
                        "no exemplar with one of our trace ids stored by Prometheus after " + MAX_ROUNDS + " rounds"));
            } else {
                vertx.setTimer(250, id -> step(vertx, rounds - 1, attempt, result));
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null
                && Stream.of(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
