package dev.chaoslab.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.chaoslab.chaos.support.Http;
import dev.chaoslab.chaos.support.Stats;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every fault type through a real proxy in front of a real loopback upstream. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyFaultsTest {

    private static Vertx vertx;
    private static Upstream upstream;
    private static ChaosProxy proxy;
    private static Http http;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        upstream = Upstream.start(vertx);
        proxy = ProxyFixture.start(upstream.url(), new UpstreamOptions().setIdleTimeoutMs(1_000));
        http = new Http(vertx);
    }

    @AfterAll
    static void stop() {
        http.close();
        proxy.close().await();
        upstream.close();
        vertx.close().await();
    }

    @AfterEach
    void clearFaults() {
        assertThat(http.delete(admin("/chaos/faults")).statusCode()).isEqualTo(200);
    }

    private static String url(String path) {
        return ProxyFixture.url(proxy) + path;
    }

    private static String admin(String path) {
        return ProxyFixture.admin(proxy) + path;
    }

    private static JsonObject addFault(String json) {
        HttpResponse<Buffer> response = http.postRaw(admin("/chaos/faults"), json);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        return response.bodyAsJsonObject();
    }

    @Test
    @DisplayName("without a fault the upstream's answer comes through, and a path no template matches is served too")
    void forwards() {
        HttpResponse<Buffer> product = http.get(url("/api/products/42"));
        assertThat(product.statusCode()).isEqualTo(200);
        assertThat(product.bodyAsJsonObject().getString("sku")).isEqualTo("42");
        assertThat(http.get(url("/not/a/template")).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName(
            "an error fault answers its status to the configured share of its route only, within binomial tolerance")
    void errorFault() {
        addFault("{\"type\":\"error\",\"ttl\":\"1m\",\"status\":503,\"probability\":0.3,"
                + "\"match\":{\"method\":\"GET\",\"route\":\"/api/products/:sku\"}}");
        int n = 400;
        List<HttpResponse<Buffer>> responses =
                http.burst(n, 32, i -> http.send(HttpMethod.GET, url("/api/products/" + i), 5_000));
        long failed = responses.stream().filter(r -> r.statusCode() == 503).count();
        assertThat(responses).allMatch(r -> r.statusCode() == 503 || r.statusCode() == 200);
        assertThat((double) failed).isCloseTo(n * 0.3, offset(Stats.binomialTolerance(n, 0.3)));
        assertThat(http.get(url("/big?kb=1")).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a uniform latency fault delays requests by a mean within the tolerance the sample size allows")
    void latencyFault() {
        addFault("{\"type\":\"latency\",\"ttl\":\"1m\",\"latency\":{\"distribution\":\"uniform\",\"minMs\":50,"
                + "\"maxMs\":150},\"match\":{\"route\":\"/api/products/:sku\"}}");
        int n = 60;
        List<Double> delays = new ArrayList<>();
        List<HttpResponse<Buffer>> responses =
                http.burst(n, 30, i -> http.send(HttpMethod.GET, url("/api/products/" + i), 5_000));
        for (HttpResponse<Buffer> r : responses) {
            assertThat(r.statusCode()).isEqualTo(200);
            delays.add(Double.parseDouble(r.getHeader("X-Chaos-Delay-Ms")));
        }
        double sd = 100 / Math.sqrt(12);
        assertThat(Stats.mean(delays)).isCloseTo(100, offset(4 * sd / Math.sqrt(n)));
        assertThat(delays).allMatch(d -> d >= 50 && d <= 150);
        long start = System.nanoTime();
        assertThat(http.get(url("/api/products/x")).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(50);
    }

    @Test
    @DisplayName("a reset fault closes the client's connection without an answer")
    void resetFault() {
        addFault("{\"type\":\"reset\",\"ttl\":\"1m\",\"match\":{\"route\":\"/api/products/:sku\"}}");
        Throwable failure = Http.failure(http.send(HttpMethod.GET, url("/api/products/1"), 5_000));
        assertThat(failure).isNotInstanceOf(TimeoutException.class);
        assertThat(failure.toString()).containsIgnoringCase("closed");
    }

    @Test
    @DisplayName("a hang fault holds the request until the client's own timeout gives up")
    void hangFault() {
        addFault("{\"type\":\"hang\",\"ttl\":\"1m\",\"match\":{\"route\":\"/api/products/:sku\"}}");
        long start = System.nanoTime();
        Throwable failure = Http.failure(http.send(HttpMethod.GET, url("/api/products/1"), 300));
        assertThat(failure).isInstanceOf(TimeoutException.class);
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(290);
    }

    @Test
    @DisplayName("a bandwidth fault paces the response body to its rate and delivers every byte")
    void bandwidthFault() {
        addFault("{\"type\":\"bandwidth\",\"ttl\":\"1m\",\"bytesPerSecond\":65536,\"match\":{\"route\":\"/big\"}}");
        long start = System.nanoTime();
        HttpResponse<Buffer> response = http.get(url("/big?kb=48"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().length()).isEqualTo(48 * 1024);
        // 48 KiB at 64 KiB/s: 0.75 s; the ticks are 100 ms, so no faster than 0.6 s; a loaded machine may be slower
        assertThat(seconds).isBetween(0.6, 5.0);
        long fast = System.nanoTime();
        assertThat(http.get(url("/big?kb=1")).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - fast) / 1e9).isLessThan(0.6);
    }

    @Test
    @DisplayName(
            "dependency faults on the upstream answer as a refused or silent upstream does: 502 and 504, naming it")
    void upstreamFaults() {
        String id = addFault("{\"type\":\"dependency\",\"ttl\":\"1m\",\"dependency\":{\"name\":\"upstream\","
                        + "\"mode\":\"refuse\"},\"match\":{\"route\":\"/api/products/:sku\"}}")
                .getString("id");
        HttpResponse<Buffer> refused = http.get(url("/api/products/1"));
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("upstream_refused");
        assertThat(refused.bodyAsJsonObject().getString("upstream"))
                .isEqualTo(upstream.url().substring("http://".length()));
        assertThat(refused.bodyAsJsonObject().getString("fault_id")).isEqualTo(id);
        http.delete(admin("/chaos/faults"));

        addFault(
                "{\"type\":\"dependency\",\"ttl\":\"1m\",\"dependency\":{\"name\":\"upstream\",\"mode\":\"timeout\"}}");
        long start = System.nanoTime();
        HttpResponse<Buffer> silent = http.get(url("/api/products/1"));
        assertThat(silent.statusCode()).isEqualTo(504);
        assertThat(silent.bodyAsJsonObject().getString("error")).isEqualTo("upstream_timeout");
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(990);
    }

    @Test
    @DisplayName("a fault that expires by TTL stops acting without a delete")
    void ttl() throws InterruptedException {
        addFault("{\"type\":\"error\",\"ttl\":\"300ms\",\"status\":500}");
        assertThat(http.get(url("/api/products/1")).statusCode()).isEqualTo(500);
        Thread.sleep(400);
        assertThat(http.get(url("/api/products/1")).statusCode()).isEqualTo(200);
        assertThat(http.get(admin("/chaos/faults")).bodyAsJsonObject().getJsonArray("faults"))
                .isEmpty();
    }
}
