package dev.chaoslab.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.testing.RefusedPort;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpLoadClientTest {
    private final List<Runnable> cleanUp = new ArrayList<>();
    private HttpLoadClient client;

    @BeforeEach
    void createClient(Vertx vertx) {
        client = new HttpLoadClient(
                vertx,
                new LoadOptions().setRequestTimeoutMs(300).setConnectTimeoutMs(1_000),
                OpenTelemetry.noop().getTracer("test"));
    }

    @AfterEach
    void closeAll() {
        client.close().await();
        cleanUp.forEach(Runnable::run);
    }

    private int httpServer(Vertx vertx, io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(handler)
                .listen(0, "127.0.0.1")
                .await();
        cleanUp.add(() -> server.close().await());
        return server.actualPort();
    }

    private Exchange get(int port) {
        OutgoingRequest request = new OutgoingRequest(
                "probe",
                HttpMethod.GET,
                URI.create("http://127.0.0.1:" + port),
                "/probe",
                "/probe",
                HttpHeaders.headers(),
                null,
                0);
        return client.send(request, Attributes.empty()).await();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("A 2xx answer is ok, 4xx and 5xx answers are classified as such")
    void classifiesHttpStatuses(Vertx vertx) {
        int ok = httpServer(vertx, req -> req.response().end("fine"));
        int notFound =
                httpServer(vertx, req -> req.response().setStatusCode(404).end());
        int unavailable =
                httpServer(vertx, req -> req.response().setStatusCode(503).end("{\"error\":\"down\"}"));

        Exchange fine = get(ok);
        assertThat(fine.outcome()).isEqualTo(Outcome.OK);
        assertThat(fine.body().toString()).isEqualTo("fine");
        assertThat(fine.serviceNanos()).isPositive();
        assertThat(get(notFound).outcome()).isEqualTo(Outcome.HTTP_4XX);
        Exchange down = get(unavailable);
        assertThat(down.outcome()).isEqualTo(Outcome.HTTP_5XX);
        assertThat(down.status()).isEqualTo(503);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("A closed port is connect_refused")
    void closedPortIsConnectRefused() {
        try (RefusedPort nowhere = RefusedPort.open()) {
            Exchange exchange = get(nowhere.port());
            assertThat(exchange.outcome()).as("failure: %s", exchange.failure()).isEqualTo(Outcome.CONNECT_REFUSED);
            assertThat(exchange.failure()).isNotNull();
        }
    }

    @Test
    @Timeout(10)
    @DisplayName(
            "A request that cannot be written (a URI Netty refuses) is an error of that request, not of the client")
    void unsendableRequestIsOther(Vertx vertx) {
        int port = httpServer(vertx, req -> req.response().end("fine"));
        OutgoingRequest bad = new OutgoingRequest(
                "probe",
                HttpMethod.GET,
                URI.create("http://127.0.0.1:" + port),
                "/a b{{c}}",
                "/a b{{c}}",
                HttpHeaders.headers(),
                null,
                0);

        Exchange exchange = client.send(bad, Attributes.empty()).await();
        assertThat(exchange.outcome()).isEqualTo(Outcome.OTHER);
        assertThat(exchange.failure()).hasMessageContaining("/a b{{c}}").hasMessageContaining("percent-encode");
        assertThat(get(port).outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    @Timeout(10)
    @DisplayName(
            "An error answer keeps the start of its body (it says why), a success none; either way the connection is reused")
    void errorBodyHead(Vertx vertx) {
        String big = "{\"error\":\"down\",\"message\":\"" + "x".repeat(100_000) + "\"}";
        java.util.Set<Object> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int port = httpServer(vertx, req -> {
            connections.add(req.connection());
            boolean fail = req.path().equals("/probe")
                    && connections.size() == 1
                    && req.headers().contains("X-Fail");
            req.response().setStatusCode(fail ? 503 : 200).end(fail ? big : "fine");
        });
        URI base = URI.create("http://127.0.0.1:" + port);
        MultiMap failing = HttpHeaders.headers().add("X-Fail", "1");
        Exchange error = client.send(
                        new OutgoingRequest("probe", HttpMethod.GET, base, "/probe", "/probe", failing, null, 0),
                        Attributes.empty(),
                        false)
                .await();
        assertThat(error.outcome()).isEqualTo(Outcome.HTTP_5XX);
        assertThat(error.body().length()).isEqualTo(HttpLoadClient.ERROR_BODY_BYTES);
        assertThat(error.body().toString()).isEqualTo(big.substring(0, HttpLoadClient.ERROR_BODY_BYTES));

        Exchange fine = client.send(
                        new OutgoingRequest(
                                "probe", HttpMethod.GET, base, "/probe", "/probe", HttpHeaders.headers(), null, 0),
                        Attributes.empty(),
                        false)
                .await();
        assertThat(fine.outcome()).isEqualTo(Outcome.OK);
        assertThat(fine.body()).isNull();
        assertThat(connections)
                .as("the error's body was read to its end: its connection carried the next request")
                .hasSize(1);
    }

    @Test
    @Timeout(10)
    @DisplayName(
            "A header value with a line break is an error of that request; the client keeps working and closes at once")
    void unsendableHeaderIsOther(Vertx vertx) {
        int port = httpServer(vertx, req -> req.response().end("fine"));
        // a map that does not check values (HttpHeaders.headers() refuses this one when it is set: a journey's
        // value with a line break fails as it is rendered, before it gets here)
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Token", "abc\r\nX-Injected: 1");
        OutgoingRequest bad = new OutgoingRequest(
                "probe", HttpMethod.GET, URI.create("http://127.0.0.1:" + port), "/", "/", headers, null, 0);

        Exchange exchange = client.send(bad, Attributes.empty()).await();
        assertThat(exchange.outcome()).isEqualTo(Outcome.OTHER);
        assertThat(exchange.failure()).isInstanceOf(IllegalArgumentException.class);
        assertThat(get(port).outcome()).isEqualTo(Outcome.OK);
        // no stream was opened for it: a stream Netty refused to write would hold this close for Vert.x's 30 s
        // (@Timeout)
        client.close().await();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("A target that never answers is a timeout")
    void hangIsTimeout(Vertx vertx) {
        int port = httpServer(vertx, req -> {});
        assertThat(get(port).outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("A connection reset (RST) before the answer is reset")
    void resetIsReset(Vertx vertx) {
        // SO_LINGER 0 makes close() send a RST instead of a FIN
        NetServer server = vertx.createNetServer(new NetServerOptions().setSoLinger(0))
                .connectHandler(socket -> socket.handler(data -> socket.close()))
                .listen(0, "127.0.0.1")
                .await();
        cleanUp.add(() -> server.close().await());
        assertThat(get(server.actualPort()).outcome()).isEqualTo(Outcome.RESET);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("A connection closed before the answer is reset too")
    void closedConnectionIsReset(Vertx vertx) {
        int port = httpServer(vertx, req -> req.connection().close());
        assertThat(get(port).outcome()).isEqualTo(Outcome.RESET);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("Each request gets a client span with the run's attributes, propagated in traceparent")
    void startsAndPropagatesTheTrace(Vertx vertx) {
        List<SpanData> spans = new CopyOnWriteArrayList<>();
        SdkTracerProvider provider = recordingTo(spans);
        HttpLoadClient traced = new HttpLoadClient(vertx, new LoadOptions(), provider.get("test"));
        cleanUp.add(() -> traced.close().await());
        List<String> seen = new CopyOnWriteArrayList<>();
        int port = httpServer(vertx, req -> {
            seen.add(req.getHeader("traceparent"));
            req.response().setStatusCode(503).end();
        });
        OutgoingRequest request = new OutgoingRequest(
                "browse",
                HttpMethod.GET,
                URI.create("http://127.0.0.1:" + port),
                "/api/products/SKU-007",
                "/api/products/${sku}",
                HttpHeaders.headers(),
                null,
                0);

        traced.send(request, Attributes.of(AttributeKey.stringKey("chaoslab.run_id"), "r-1"))
                .await();

        assertThat(spans).hasSize(1);
        SpanData span = spans.get(0);
        assertThat(seen).hasSize(1);
        // version 00, the span's trace and span ids, flags with the sampled bit (newer SDKs also set the random bit)
        assertThat(seen.get(0)).startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
        assertThat(Integer.parseInt(seen.get(0).substring(53), 16) & 1).isEqualTo(1);
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getName()).isEqualTo("GET /api/products/${sku}");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("chaoslab.run_id")))
                .isEqualTo("r-1");
        assertThat(span.getAttributes().get(HttpLoadClient.HTTP_METHOD)).isEqualTo("GET");
        assertThat(span.getAttributes().get(HttpLoadClient.HTTP_STATUS)).isEqualTo(503L);
        assertThat(span.getAttributes().get(HttpLoadClient.URL_FULL))
                .isEqualTo("http://127.0.0.1:" + port + "/api/products/SKU-007");
        assertThat(span.getAttributes().get(HttpLoadClient.ERROR_TYPE)).isEqualTo("503");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("A failed exchange's span has an exception event with its type and message, without a stack trace")
    void failureIsAnExceptionEvent(Vertx vertx) {
        List<SpanData> spans = new CopyOnWriteArrayList<>();
        SdkTracerProvider provider = recordingTo(spans);
        HttpLoadClient traced = new HttpLoadClient(vertx, new LoadOptions(), provider.get("test"));
        cleanUp.add(() -> traced.close().await());
        Exchange exchange;
        try (RefusedPort nowhere = RefusedPort.open()) {
            exchange = traced.send(
                            new OutgoingRequest(
                                    "browse",
                                    HttpMethod.GET,
                                    URI.create("http://127.0.0.1:" + nowhere.port()),
                                    "/",
                                    null,
                                    HttpHeaders.headers(),
                                    null,
                                    0),
                            Attributes.empty())
                    .await();
        }

        assertThat(exchange.failure()).isNotNull();
        assertThat(spans).hasSize(1);
        assertThat(spans.get(0).getEvents()).singleElement().satisfies(event -> {
            assertThat(event.getName()).isEqualTo("exception");
            assertThat(event.getAttributes().get(HttpLoadClient.EXCEPTION_TYPE))
                    .isEqualTo(exchange.failure().getClass().getName());
            assertThat(event.getAttributes().get(HttpLoadClient.EXCEPTION_MESSAGE))
                    .isEqualTo(exchange.failure().getMessage());
            assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
                    .isNull();
        });
    }

    /** A tracer provider whose spans end up in {@code spans}; closed after the test. */
    private SdkTracerProvider recordingTo(List<SpanData> spans) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> batch) {
                        spans.addAll(batch);
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode flush() {
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                        return CompletableResultCode.ofSuccess();
                    }
                }))
                .build();
        cleanUp.add(provider::close);
        return provider;
    }
}
