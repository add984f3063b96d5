package dev.chaoslab.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.chaos.support.Http;
import dev.chaoslab.telemetry.testing.RefusedPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile and unlucky input: bad faults, a refusing upstream, a 10 MB body, header tricks, label cardinality. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyInputsTest {

    private static Vertx vertx;
    private static Upstream upstream;
    private static ChaosProxy proxy;
    private static Http http;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        upstream = Upstream.start(vertx);
        proxy = ProxyFixture.start(upstream.url(), new UpstreamOptions());
        http = new Http(vertx);
    }

    @AfterAll
    static void stop() {
        http.close();
        proxy.close().await();
        upstream.close();
        vertx.close().await();
    }

    private static String admin(String path) {
        return ProxyFixture.admin(proxy) + path;
    }

    @Test
    @DisplayName("a fault on a route the proxy has no template for is refused with a 400 that lists the templates")
    void unknownRoute() {
        HttpResponse<Buffer> response = http.postRaw(
                admin("/chaos/faults"),
                "{\"type\":\"error\",\"ttl\":\"1m\",\"status\":500,\"match\":{\"route\":\"/api/orders/:id\"}}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject problem =
                response.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("field")).isEqualTo("match.route");
        assertThat(problem.getString("message")).contains("/api/products/:sku").contains("/*");
    }

    @Test
    @DisplayName("malformed fault JSON, and an unknown dependency, get a 400 with a JSON body, never a 500")
    void malformedFault() {
        HttpResponse<Buffer> broken = http.postRaw(admin("/chaos/faults"), "{\"type\":\"error\",");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.bodyAsJsonObject().getString("error")).isNotBlank();
        HttpResponse<Buffer> dependency = http.postRaw(
                admin("/chaos/faults"),
                "{\"type\":\"dependency\",\"ttl\":\"1m\",\"dependency\":{\"name\":\"payments\",\"mode\":\"refuse\"}}");
        assertThat(dependency.statusCode()).isEqualTo(400);
        assertThat(dependency.bodyAsString()).contains("upstream");
    }

    @Test
    @DisplayName("the admin listener never shadows the upstream: /metrics on the proxy port is the upstream's")
    void adminIsSeparate() {
        assertThat(http.get(ProxyFixture.url(proxy) + "/metrics").statusCode()).isEqualTo(404);
        assertThat(http.get(admin("/health")).bodyAsJsonObject().getString("service"))
                .isEqualTo("catalog");
        assertThat(http.get(admin("/nothing")).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("an upstream that refuses connections gives 502 with a problem JSON naming it")
    void upstreamRefusing() {
        try (RefusedPort refused = RefusedPort.open()) {
            ChaosProxy dead = ProxyFixture.start(refused.url(), new UpstreamOptions());
            try {
                HttpResponse<Buffer> response = http.get(ProxyFixture.url(dead) + "/api/products/1");
                assertThat(response.statusCode()).isEqualTo(502);
                assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
                JsonObject body = response.bodyAsJsonObject();
                assertThat(body.getString("error")).isEqualTo("upstream_refused");
                assertThat(body.getString("upstream")).isEqualTo("127.0.0.1:" + refused.port());
                assertThat(body.getString("proxy")).isEqualTo("catalog");
            } finally {
                dead.close().await();
            }
        }
    }

    @Test
    @DisplayName("a 10 MB upload is streamed: the upstream sees its first bytes before the client has sent the rest")
    void streamsLargeUpload() {
        HttpClient client = vertx.createHttpClient();
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        int chunks = 160;
        long total = (long) chunks * chunk.length();
        String answer = client.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setHost("127.0.0.1")
                        .setPort(proxy.port())
                        .setURI("/upload"))
                .compose(request -> {
                    request.putHeader("Content-Length", Long.toString(total));
                    Future<HttpClientResponse> response = request.response();
                    // a quarter first; the rest only once the upstream has seen bytes: a buffering proxy never gets
                    // there
                    for (int i = 0; i < chunks / 4; i++) {
                        request.write(chunk);
                    }
                    upstream.firstBytes().onSuccess(v -> {
                        for (int i = chunks / 4; i < chunks; i++) {
                            request.write(chunk);
                        }
                        request.end();
                    });
                    return response;
                })
                .compose(HttpClientResponse::body)
                .map(Buffer::toString)
                .await();
        assertThat(Long.parseLong(answer)).isEqualTo(total);
        client.close();
    }

    @Test
    @DisplayName("a 10 MB download arrives whole and in pieces, never as one buffered body")
    void streamsLargeDownload() {
        HttpClient client = vertx.createHttpClient();
        AtomicLong received = new AtomicLong();
        AtomicLong pieces = new AtomicLong();
        client.request(HttpMethod.GET, proxy.port(), "127.0.0.1", "/big?kb=10240")
                .compose(request -> request.send())
                .compose(response -> {
                    response.handler(buffer -> {
                        received.addAndGet(buffer.length());
                        pieces.incrementAndGet();
                    });
                    return response.end();
                })
                .await();
        assertThat(received.get()).isEqualTo(10L * 1024 * 1024);
        assertThat(pieces.get()).isGreaterThan(10);
        client.close();
    }

    @Test
    @DisplayName("hop-by-hop headers, and those Connection names, are dropped both ways; end-to-end ones pass")
    void hopByHop() {
        HttpClient client = vertx.createHttpClient();
        AtomicReference<String> upstreamSecret = new AtomicReference<>("unset");
        JsonObject seen = client.request(HttpMethod.GET, proxy.port(), "127.0.0.1", "/headers")
                .compose(request -> request.putHeader("Connection", "keep-alive, X-Secret")
                        .putHeader("X-Secret", "should not travel")
                        .putHeader("Proxy-Authorization", "Basic c2VjcmV0")
                        .putHeader("X-Request-Id", "r-1")
                        .send())
                .compose(response -> {
                    upstreamSecret.set(response.getHeader("X-Upstream-Secret"));
                    return response.body();
                })
                .await()
                .toJsonObject();
        assertThat(seen.getMap())
                .doesNotContainKeys("x-secret", "proxy-authorization")
                .containsKey("x-request-id");
        assertThat(upstreamSecret.get()).isNull();
        client.close();
    }

    @Test
    @DisplayName("a bare CR in a header is refused with 400; an obsolete line fold reaches the upstream as one line")
    void headerInjection() {
        String bareCr = raw("X-A: a\rX-Injected: b");
        assertThat(bareCr).startsWith("HTTP/1.1 400").doesNotContainIgnoringCase("x-injected");
        // RFC 9112 §5.2: a proxy rejects an obs-fold or replaces it with spaces before forwarding
        String folded = raw("X-A: a\r\n folded: x");
        JsonObject seen = new JsonObject(folded.substring(folded.indexOf("\r\n\r\n") + 4));
        assertThat(seen.getString("x-a")).isEqualTo("a folded: x");
        assertThat(seen.fieldNames()).doesNotContain("folded");
    }

    /** Sends a GET /headers with {@code header} verbatim on a raw socket; returns the whole answer. */
    private static String raw(String header) {
        NetClient net = vertx.createNetClient();
        NetSocket socket = net.connect(proxy.port(), "127.0.0.1").await();
        Buffer answer = Buffer.buffer();
        socket.handler(answer::appendBuffer);
        Future<Void> closed = Future.future(p -> socket.closeHandler(v -> p.tryComplete()));
        socket.write("GET /headers HTTP/1.1\r\nHost: x\r\n" + header + "\r\nConnection: close\r\n\r\n");
        closed.await();
        net.close();
        return answer.toString();
    }

    @Test
    @DisplayName("raw paths become route templates or '/*' in the metrics, never the path itself")
    void routeLabels() {
        for (int i = 0; i < 5; i++) {
            http.get(ProxyFixture.url(proxy) + "/api/products/sku-" + i);
            http.get(ProxyFixture.url(proxy) + "/random/id-" + i);
        }
        String metrics = http.get(admin("/metrics")).bodyAsString();
        assertThat(metrics)
                .contains("route=\"/api/products/:sku\"")
                .contains("route=\"/*\"")
                .doesNotContain("sku-1")
                .doesNotContain("id-1");
    }

    @Test
    @DisplayName("an admin listener off loopback without CHAOS_TOKEN refuses to start")
    void exposedAdminNeedsToken() {
        ProxySpec spec = new ProxySpec(
                "exposed",
                new HostPort("127.0.0.1", 0),
                URI.create(upstream.url()),
                new HostPort("0.0.0.0", 0),
                RouteTemplates.none());
        assertThatThrownBy(() -> ChaosProxy.start(spec, new UpstreamOptions(), new ChaosOptions(), Map.of())
                        .await())
                .hasMessageContaining("CHAOS_TOKEN");
    }

    @Test
    @DisplayName("specs refuse bad names, upstreams with paths, bad templates and clashing listeners")
    void specValidation() {
        URI up = URI.create("http://127.0.0.1:1");
        HostPort a = HostPort.parse("127.0.0.1:9000");
        HostPort b = HostPort.parse("127.0.0.1:9001");
        assertThatThrownBy(() -> new ProxySpec("Catalog!", a, up, b, RouteTemplates.none()))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new ProxySpec("c", a, URI.create("http://h:1/base"), b, RouteTemplates.none()))
                .hasMessageContaining("no path");
        assertThatThrownBy(() -> new ProxySpec("c", a, up, a, RouteTemplates.none()))
                .hasMessageContaining("admin");
        assertThatThrownBy(() -> new RouteTemplates(List.of("api/x"))).hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> new RouteTemplates(List.of("/a/{id}"))).hasMessageContaining("not a route template");
        assertThatThrownBy(() -> HostPort.parse("9000")).hasMessageContaining("host:port");
    }
}
