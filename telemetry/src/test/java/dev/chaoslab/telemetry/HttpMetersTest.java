package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-request meters of {@link HttpServerMeters} and {@link HttpClientMeters} are vertx-micrometer's: the same
 * requests served (and made) by a service of {@link ServiceTelemetry} and by a Vert.x instance measured by
 * vertx-micrometer alone (same labels, same registry set-up) give the same {@code vertx_http_server_*} and
 * {@code vertx_http_client_*} series, help texts, types, counts and byte sums.
 */
class HttpMetersTest {

    /** Scrapes of 100 ms while waiting for the server to see a reset: 10 s. */
    private static final int MAX_POLLS = 100;

    private Vertx ours;
    private Vertx theirs;
    private Vertx clientVertx;
    private ServiceTelemetry telemetry;

    @AfterEach
    void close() {
        for (Vertx vertx : new Vertx[] {ours, theirs, clientVertx}) {
            if (vertx != null) {
                vertx.close().await();
            }
        }
        if (telemetry != null) {
            telemetry.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("server and client meters have vertx-micrometer's names, help, types, labels, counts and byte sums")
    void sameSeriesAsVertxMicrometer() throws Exception {
        telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnvInSharedProcess("meters"));
        PrometheusMeterRegistry ourRegistry = (PrometheusMeterRegistry) telemetry.registry();
        ours = telemetry.newVertx(new VertxOptions().setEventLoopPoolSize(1));

        PrometheusMeterRegistry theirRegistry = new PrometheusMeterRegistry(
                PrometheusConfig.DEFAULT, new PrometheusRegistry(), Clock.SYSTEM, new ExemplarSpanContext());
        theirRegistry.config().commonTags("service", "meters").meterFilter(ServiceTelemetry.latencyBuckets());
        theirs = Vertx.builder()
                .with(new VertxOptions()
                        .setEventLoopPoolSize(1)
                        .setMetricsOptions(new MicrometerMetricsOptions()
                                .setEnabled(true)
                                .setRegistryName("meters-test-" + UUID.randomUUID())
                                .setLabels(ServiceTelemetry.DEFAULT_LABELS)))
                .withMetrics(new MicrometerMetricsFactory(theirRegistry))
                .build();

        int ourPort = serve(ours);
        int theirPort = serve(theirs);
        clientVertx = Vertx.vertx();
        WebClient client = WebClient.create(clientVertx);
        for (int port : new int[] {ourPort, theirPort}) {
            for (int i = 0; i < 3; i++) {
                client.get(port, "127.0.0.1", "/items/" + i).send().await();
            }
            client.get(port, "127.0.0.1", "/missing").send().await();
            client.get(port, "127.0.0.1", "/fails").send().await();
            client.post(port, "127.0.0.1", "/items")
                    .sendBuffer(Buffer.buffer("{\"name\":\"widget\"}"))
                    .await();
            client.delete(port, "127.0.0.1", "/items/2").send().await();
            client.get(port, "127.0.0.1", "/call").send().await();
            resetMidRequest(port);
        }

        Set<String> ourLines = awaitReset(ourRegistry);
        Set<String> theirLines = awaitReset(theirRegistry);
        assertThat(ourLines)
                .contains(
                        "vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/items/:id\",service=\"meters\"} 5.0",
                        "vertx_http_server_requests_total{code=\"404\",method=\"GET\",route=\"\",service=\"meters\"} 2.0",
                        "vertx_http_server_requests_total{code=\"500\",method=\"GET\",route=\"/fails\",service=\"meters\"} 1.0",
                        "vertx_http_server_request_resets_total{method=\"POST\",service=\"meters\"} 1.0",
                        "vertx_http_server_active_requests{method=\"POST\",service=\"meters\"} 0.0")
                .contains(
                        "vertx_http_client_requests_total{client_name=\"downstream\",method=\"GET\",service=\"meters\"} 2.0",
                        "vertx_http_client_responses_total{client_name=\"downstream\",code=\"404\",method=\"GET\",service=\"meters\"} 1.0",
                        "vertx_http_client_active_requests{client_name=\"downstream\",method=\"POST\",service=\"meters\"} 0.0")
                .anyMatch(line -> line.startsWith("vertx_http_server_response_time_seconds_bucket{code=\"201\","
                        + "method=\"POST\",route=\"/items\",service=\"meters\",le=\"0.005\"}"))
                .anyMatch(line -> line.startsWith("vertx_http_client_response_time_seconds_bucket{client_name=\"\","
                        + "code=\"200\",method=\"GET\",service=\"meters\",le=\"0.005\"}"));
        assertThat(ourLines).isEqualTo(theirLines);
    }

    private static int serve(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.get("/items/:id").handler(ctx -> ctx.response().end("item " + ctx.pathParam("id")));
        router.post("/items")
                .handler(ctx -> ctx.response().setStatusCode(201).end(ctx.body().asString()));
        router.delete("/items/:id")
                .handler(ctx -> ctx.response().setStatusCode(204).end());
        router.get("/fails").handler(ctx -> ctx.fail(500));
        WebClient downstream = WebClient.create(vertx, new WebClientOptions().setMetricsName("downstream"));
        WebClient unnamed = WebClient.create(vertx);
        router.get("/call").handler(ctx -> {
            int port = ctx.request().localAddress().port();
            downstream
                    .get(port, "127.0.0.1", "/items/9")
                    .send()
                    .compose(r -> downstream.get(port, "127.0.0.1", "/missing").send())
                    .compose(r -> downstream.post(port, "127.0.0.1", "/items").sendBuffer(Buffer.buffer("{}")))
                    .compose(r -> unnamed.get(port, "127.0.0.1", "/items/8").send())
                    .onComplete(r -> ctx.response().end("called"));
        });
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        return server.actualPort();
    }

    /** A POST whose body never comes: the client closes the connection, the server resets the request. */
    private static void resetMidRequest(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"na"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(50);
        }
    }

    private static Set<String> awaitReset(PrometheusMeterRegistry registry) throws InterruptedException {
        for (int i = 0; i < MAX_POLLS; i++) {
            if (registry.scrape().contains("vertx_http_server_request_resets_total{")) {
                break;
            }
            Thread.sleep(100);
        }
        return serverLines(registry.scrape());
    }

    /**
     * The {@code vertx_http_server_*} and {@code vertx_http_client_*} lines of the per-request meters; a latency's
     * value (sum, max, buckets) is cut, since the two servers' timings differ, and so are the connection-level series,
     * which are not these meters.
     */
    private static Set<String> serverLines(String scrape) {
        Set<String> lines = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            String name = line.startsWith("# ") ? line.split(" ")[2] : line.split("[{ ]")[0];
            if (!(name.startsWith("vertx_http_server_") || name.startsWith("vertx_http_client_"))
                    || connectionLevel(name)) {
                continue;
            }
            boolean timing = name.matches("vertx_http_(server|client)_response_time_seconds.*")
                    && !name.endsWith("_count")
                    && !line.startsWith("# ");
            lines.add(timing ? line.substring(0, line.lastIndexOf(' ')) : line);
        }
        return lines;
    }

    private static boolean connectionLevel(String name) {
        return name.matches("vertx_http_(server|client)_(active_connections|bytes_|errors).*");
    }
}
