package dev.chaoslab.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.chaoslab.chaos.support.Http;
import dev.chaoslab.chaos.support.Stats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class ChaosFaultsTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private ChaosTestServer server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        server = ChaosTestServer.start(vertx, new ChaosOptions(), 42, System::currentTimeMillis);
        http = new Http(vertx);
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    private String addFault(JsonObject fault) {
        HttpResponse<Buffer> response = http.post(server.url("/chaos/faults"), fault);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        return response.bodyAsJsonObject().getString("id");
    }

    private List<HttpResponse<Buffer>> burst(int n, HttpMethod method, String path) {
        return http.burst(n, 25, i -> http.send(method, server.url(path), 10_000));
    }

    @Test
    @DisplayName("an error fault answers its status to the configured fraction of requests, within binomial tolerance")
    void errorRatio() {
        int n = 600;
        double p = 0.3;
        addFault(new JsonObject()
                .put("type", "error")
                .put("ttl", "1m")
                .put("status", 503)
                .put("probability", p));

        List<HttpResponse<Buffer>> responses = burst(n, HttpMethod.GET, "/work");

        long errors = responses.stream().filter(r -> r.statusCode() == 503).count();
        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(errors + ok).isEqualTo(n);
        assertThat((double) errors).isCloseTo(n * p, within(Stats.binomialTolerance(n, p)));
        assertThat(server.injections("error", "/work")).isEqualTo(errors);
        HttpResponse<Buffer> failed = responses.stream()
                .filter(r -> r.statusCode() == 503)
                .findFirst()
                .orElseThrow();
        assertThat(failed.bodyAsJsonObject().getString("error")).isEqualTo("chaos_injected");
    }

    @Test
    @DisplayName("a log-normal latency fault delays the chosen fraction with the configured median and tail")
    void lognormalLatency() {
        int n = 400;
        double p = 0.5;
        double median = 4;
        double sigma = 0.6;
        addFault(new JsonObject()
                .put("type", "latency")
                .put("ttl", "1m")
                .put("probability", p)
                .put(
                        "latency",
                        new JsonObject()
                                .put("distribution", "lognormal")
                                .put("medianMs", median)
                                .put("sigma", sigma)));

        List<Double> delays = injectedDelays(burst(n, HttpMethod.GET, "/work"));

        assertThat((double) delays.size()).isCloseTo(n * p, within(Stats.binomialTolerance(n, p)));
        int k = delays.size();
        // the fraction of samples under a theoretical quantile is binomial(k, q) whatever the distribution
        assertThat(Stats.fractionAtMost(delays, median)).isCloseTo(0.5, within(Stats.binomialTolerance(k, 0.5) / k));
        double q90 = median * Math.exp(1.2815516 * sigma);
        assertThat(Stats.fractionAtMost(delays, q90)).isCloseTo(0.9, within(Stats.binomialTolerance(k, 0.9) / k));
    }

    @Test
    @DisplayName("fixed, uniform and normal latency faults inject delays with the configured mean")
    void otherDistributions() {
        int n = 200;
        String fixed = addFault(latency("fixed", new JsonObject().put("ms", 3), "/work", "GET"));
        List<Double> fixedDelays = injectedDelays(burst(n, HttpMethod.GET, "/work"));
        assertThat(fixedDelays).hasSize(n).allSatisfy(d -> assertThat(d).isEqualTo(3.0));
        http.delete(server.url("/chaos/faults/" + fixed));

        String uniform =
                addFault(latency("uniform", new JsonObject().put("minMs", 1).put("maxMs", 9), "/work", "GET"));
        List<Double> uniformDelays = injectedDelays(burst(n, HttpMethod.GET, "/work"));
        double uniformSd = 8 / Math.sqrt(12);
        assertThat(uniformDelays).hasSize(n).allSatisfy(d -> assertThat(d).isBetween(1.0, 9.0));
        assertThat(Stats.mean(uniformDelays)).isCloseTo(5.0, within(4 * uniformSd / Math.sqrt(n)));
        http.delete(server.url("/chaos/faults/" + uniform));

        addFault(latency("normal", new JsonObject().put("meanMs", 8).put("stdDevMs", 2), "/work", "GET"));
        List<Double> normalDelays = injectedDelays(burst(n, HttpMethod.GET, "/work"));
        assertThat(normalDelays).hasSize(n);
        assertThat(Stats.mean(normalDelays)).isCloseTo(8.0, within(4 * 2 / Math.sqrt(n)));
    }

    @Test
    @DisplayName("a latency fault really delays the answer by at least the injected amount")
    void latencyIsApplied() {
        addFault(latency("fixed", new JsonObject().put("ms", 150), "/work", "GET"));
        long start = System.nanoTime();
        HttpResponse<Buffer> response = http.get(server.url("/work"));
        double elapsedMs = (System.nanoTime() - start) / 1e6;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(150);
    }

    @Test
    @DisplayName("faults apply only to their method and route")
    void scoping() {
        addFault(new JsonObject()
                .put("type", "error")
                .put("ttl", "1m")
                .put("status", 500)
                .put("match", new JsonObject().put("method", "POST").put("route", "/work")));

        assertThat(Http.await(http.send(HttpMethod.POST, server.url("/work"), 5_000))
                        .statusCode())
                .isEqualTo(500);
        assertThat(http.get(server.url("/work")).statusCode()).isEqualTo(200);
        assertThat(http.get(server.url("/other")).statusCode()).isEqualTo(200);
        assertThat(http.get(server.url("/chaos/faults")).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a hang fault never answers: the client times out, and the server forgets the request when it does")
    void hang() {
        String id = addFault(new JsonObject().put("type", "hang").put("ttl", "1m"));

        Throwable failure = Http.failure(http.send(HttpMethod.GET, server.url("/work"), 300));

        assertThat(failure).isInstanceOf(TimeoutException.class);
        HangFault.Behaviour hang =
                (HangFault.Behaviour) server.engine.get(id).orElseThrow().behaviour();
        awaitCondition(() -> hang.hungRequests() == 0);
    }

    @Test
    @DisplayName(
            "requests still hung when a hang fault goes (TTL or DELETE, the same removal) get their connection closed")
    void hangEndsWithTheFault() {
        String id = addFault(new JsonObject().put("type", "hang").put("ttl", "10m"));
        HangFault.Behaviour hang =
                (HangFault.Behaviour) server.engine.get(id).orElseThrow().behaviour();

        Future<HttpResponse<Buffer>> hung = http.send(HttpMethod.GET, server.url("/work"), 60_000);
        awaitCondition(() -> hang.hungRequests() == 1);
        assertThat(http.delete(server.url("/chaos/faults/" + id)).statusCode()).isEqualTo(204);

        assertThat(Http.failure(hung)).isInstanceOfAny(HttpClosedException.class, IOException.class);
        assertThat(hang.hungRequests()).isZero();
    }

    @Test
    @DisplayName("a reset fault closes the connection without an answer")
    void reset() {
        addFault(new JsonObject().put("type", "reset").put("ttl", "1m"));

        Throwable failure = Http.failure(http.send(HttpMethod.GET, server.url("/work"), 5_000));

        assertThat(failure).isInstanceOfAny(HttpClosedException.class, IOException.class);
        assertThat(server.injections("reset", "/work")).isEqualTo(1);
    }

    @Test
    @DisplayName("a cpu fault burns the CPU time on a worker and then serves the request")
    void cpu() {
        String id =
                addFault(new JsonObject().put("type", "cpu").put("ttl", "1m").put("cpuMs", 30));

        List<HttpResponse<Buffer>> responses = burst(4, HttpMethod.GET, "/work");

        CpuFault.Behaviour cpu =
                (CpuFault.Behaviour) server.engine.get(id).orElseThrow().behaviour();
        assertThat(cpu.lastBurnThread()).startsWith("chaos-cpu-testsvc");

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("X-Chaos-Fault")).isNotNull();
        });
        assertThat(server.injections("cpu", "/work")).isEqualTo(4);
        assertThat(CpuFault.burn(25)).isGreaterThanOrEqualTo(25);
    }

    @Test
    @DisplayName("dependency faults make calls to the named dependency fail, be refused, time out or slow down")
    void dependency() {
        String fail = addFault(dependencyFault(
                new JsonObject().put("name", "backend").put("mode", "fail").put("status", 500)));
        JsonObject failed = http.get(server.url("/call")).bodyAsJsonObject();
        assertThat(failed.getString("kind")).isEqualTo("STATUS");
        assertThat(failed.getInteger("status")).isEqualTo(500);
        http.delete(server.url("/chaos/faults/" + fail));

        String refuse =
                addFault(dependencyFault(new JsonObject().put("name", "backend").put("mode", "refuse")));
        assertThat(http.get(server.url("/call")).bodyAsJsonObject().getString("kind"))
                .isEqualTo("REFUSED");
        http.delete(server.url("/chaos/faults/" + refuse));

        String timeout =
                addFault(dependencyFault(new JsonObject().put("name", "backend").put("mode", "timeout")));
        assertThat(http.get(server.url("/call")).bodyAsJsonObject().getString("kind"))
                .isEqualTo("TIMEOUT");
        http.delete(server.url("/chaos/faults/" + timeout));

        addFault(dependencyFault(new JsonObject()
                .put("name", "backend")
                .put("mode", "latency")
                .put("latency", new JsonObject().put("distribution", "fixed").put("ms", 20))));
        HttpResponse<Buffer> slow = http.get(server.url("/call"));
        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(server.injections("dependency", "/call")).isEqualTo(4);
        // a dependency fault does not touch the request itself
        assertThat(http.get(server.url("/work")).getHeader("X-Chaos-Fault")).isNull();
    }

    @Test
    @DisplayName("a fault stops applying and disappears when its TTL has passed (injected clock)")
    void ttlWithClock(Vertx vertx) {
        ChaosTestServer clocked = ChaosTestServer.start(vertx, new ChaosOptions(), 1, now::get);
        try {
            HttpResponse<Buffer> added = http.post(
                    clocked.url("/chaos/faults"),
                    new JsonObject().put("type", "error").put("ttl", "30s").put("status", 418));
            assertThat(added.bodyAsJsonObject().getString("expiresAt")).isEqualTo("2023-11-14T22:13:50Z");
            assertThat(http.get(clocked.url("/work")).statusCode()).isEqualTo(418);
            assertThat(clocked.active("error")).isEqualTo(1);

            now.addAndGet(29_999);
            assertThat(http.get(clocked.url("/work")).statusCode()).isEqualTo(418);
            now.addAndGet(1);

            assertThat(http.get(clocked.url("/work")).statusCode()).isEqualTo(200);
            assertThat(http.get(clocked.url("/chaos/faults")).bodyAsJsonObject().getJsonArray("faults"))
                    .isEmpty();
            assertThat(clocked.active("error")).isZero();
        } finally {
            Http.await(clocked.close());
        }
    }

    @Test
    @DisplayName("a fault removes itself when its TTL runs out, with nobody asking")
    void ttlTimer() {
        addFault(new JsonObject().put("type", "error").put("ttl", "200ms").put("status", 500));

        awaitCondition(() -> server.active("error") == 0);

        assertThat(http.get(server.url("/work")).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("the same seed gives the same sequence of injections")
    void seededRandomIsReproducible(Vertx vertx) {
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            ChaosTestServer seeded = ChaosTestServer.start(vertx, new ChaosOptions(), 7, System::currentTimeMillis);
            try {
                http.post(
                        seeded.url("/chaos/faults"),
                        new JsonObject()
                                .put("type", "error")
                                .put("ttl", "1m")
                                .put("status", 503)
                                .put("probability", 0.5));
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    statuses.add(http.get(seeded.url("/work")).statusCode());
                }
                runs.add(statuses);
            } finally {
                Http.await(seeded.close());
            }
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1)).contains(200, 503);
    }

    private static JsonObject latency(String distribution, JsonObject params, String route, String method) {
        return new JsonObject()
                .put("type", "latency")
                .put("ttl", "1m")
                .put("match", new JsonObject().put("route", route).put("method", method))
                .put("latency", params.put("distribution", distribution));
    }

    private static JsonObject dependencyFault(JsonObject dependency) {
        return new JsonObject().put("type", "dependency").put("ttl", "1m").put("dependency", dependency);
    }

    private static List<Double> injectedDelays(List<HttpResponse<Buffer>> responses) {
        List<Double> delays = new ArrayList<>();
        for (HttpResponse<Buffer> r : responses) {
            assertThat(r.statusCode()).isEqualTo(200);
            String header = r.getHeader(LatencyFault.DELAY_HEADER);
            if (header != null) {
                delays.add(Double.parseDouble(header));
            }
        }
        return delays;
    }

    /** Polls a condition the server reaches on its own (bounded by the test timeout, not asserted on time). */
    static void awaitCondition(java.util.function.BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
