package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.testing.LogCapture;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import dev.chaoslab.telemetry.testing.OtlpReceiver.ReceivedSpan;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reader of the telemetry follows must lead somewhere: every trace id on a log line resolves to an
 * exported trace, a failed request's spans carry error status (OpenTelemetry's HTTP conventions), and the
 * access line, the span and the metric of a request name the same route, also when it failed.
 */
@ExtendWith(VertxExtension.class)
class ResolvableTelemetryTest {

    private static final Logger LOG = LoggerFactory.getLogger("test.resolvable");

    private final List<TestService> services = new ArrayList<>();
    private OtlpReceiver receiver;
    private LogCapture logs;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) {
        logs = LogCapture.start();
        receiver = OtlpReceiver.start(vertx).await();
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        services.forEach(TestService::close);
        if (receiver != null) {
            receiver.close().await();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private TestService service(String name, Map<String, String> env, BiConsumer<TestService, Router> routes) {
        TelemetryOptions options = TelemetryOptions.fromEnvInSharedProcess(name)
                .withEnv(receiver.env())
                .withEnv(env);
        TestService service = TestService.start(options, routes).await();
        services.add(service);
        return service;
    }

    /** Routes of every service here: a status of choice, a failure handled by a failure handler, a prefix route. */
    private static void routes(TestService service, Router router) {
        router.get("/health").handler(TestService.ok("UP"));
        router.get("/status/:code").handler(ctx -> {
            LOG.info("answering {}", ctx.pathParam("code"));
            ctx.response()
                    .setStatusCode(Integer.parseInt(ctx.pathParam("code")))
                    .end();
        });
        router.get("/orders/:id").handler(ctx -> ctx.fail(new IllegalStateException("dependency down")));
        router.route("/chaos/*").handler(ctx -> ctx.next());
        router.get("/chaos/faults").handler(TestService.ok("[]"));
        router.get("/hang").handler(ctx -> {
            // never answers: the caller's timeout ends the exchange
        });
        router.route().failureHandler(ctx -> ctx.response().setStatusCode(502).end());
    }

    private int get(TestService service, String path) {
        return client.get(service.port(), "127.0.0.1", path).send().await().statusCode();
    }

    private JsonObject accessLine(String service, String path) {
        return logs.awaitLine(l -> "access".equals(l.getString("logger"))
                        && service.equals(l.getString("service"))
                        && path.equals(l.getString("path")))
                .await();
    }

    private ReceivedSpan span(Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> found = receiver.awaitSpans(all -> all.stream().anyMatch(which)).await().stream()
                .filter(which)
                .collect(Collectors.toList());
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static Predicate<ReceivedSpan> server(String service, String path) {
        return s -> s.serviceName().equals(service)
                && s.kind().equals("SERVER")
                && path.equals(s.attributes().get("url.path"));
    }

    private static Predicate<ReceivedSpan> client(String service, String path) {
        return s -> s.serviceName().equals(service)
                && s.kind().equals("CLIENT")
                && s.attributes().getOrDefault("url.full", "").endsWith(path);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("a request answered by the failure handler logs the route it failed in, as its span and metric do")
    void failedRequestKeepsItsRouteOnTheAccessLine() {
        TestService shop = service("shop", Map.of(), ResolvableTelemetryTest::routes);

        assertThat(get(shop, "/orders/7")).isEqualTo(502);

        assertThat(accessLine("shop", "/orders/7").getString("route")).isEqualTo("/orders/:id");
        assertThat(span(server("shop", "/orders/7")).attributes()).containsEntry("http.route", "/orders/:id");
        assertThat(scrape(shop))
                .contains("vertx_http_server_requests_total{code=\"502\",method=\"GET\",route=\"/orders/:id\"");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("a prefix route in front of its sub-route gives one route name in access line, span and metric")
    void prefixRouteAndSubRouteHaveOneName() {
        TestService shop = service("shop", Map.of(), ResolvableTelemetryTest::routes);

        assertThat(get(shop, "/chaos/faults")).isEqualTo(200);

        assertThat(accessLine("shop", "/chaos/faults").getString("route")).isEqualTo("/chaos/faults");
        ReceivedSpan span = span(server("shop", "/chaos/faults"));
        assertThat(span.attributes()).containsEntry("http.route", "/chaos/faults");
        assertThat(span.name()).isEqualTo("GET /chaos/faults");
        assertThat(scrape(shop)).contains("route=\"/chaos/faults\"").doesNotContain("/chaos/>");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("every trace id on a log line resolves to an exported trace; scrapes and probes carry none")
    void everyTraceIdOnALineResolves() {
        TestService shop = service("shop", Map.of(), ResolvableTelemetryTest::routes);

        get(shop, "/status/200");
        get(shop, "/orders/1");
        get(shop, "/health");
        scrape(shop);
        accessLine("shop", "/metrics");
        shop.telemetry.close(); // writes the queued access lines and exports the last spans

        List<JsonObject> lines = logs.lines(l -> "shop".equals(l.getString("service")));
        assertThat(lines)
                .filteredOn(l -> l.containsKey("trace_id"))
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(l -> assertThat(receiver.trace(l.getString("trace_id")))
                        .as("spans of trace of %s", l)
                        .isNotEmpty());
        assertThat(lines)
                .filteredOn(l -> "access".equals(l.getString("logger")))
                .filteredOn(l -> List.of("/metrics", "/health").contains(l.getString("path")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.containsKey("trace_id") || l.containsKey("span_id"))
                        .as("ids on %s", l)
                        .isFalse());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("lines of an unsampled request carry no trace id: its spans are never exported")
    void unsampledRequestsWriteNoTraceIds() {
        TestService shop =
                service("quiet", Map.of("OTEL_TRACES_SAMPLER", "always_off"), ResolvableTelemetryTest::routes);

        get(shop, "/status/201");

        JsonObject handler = logs.awaitLine(l -> "answering 201".equals(l.getString("message")))
                .await();
        JsonObject access = accessLine("quiet", "/status/201");
        assertThat(handler.containsKey("trace_id"))
                .as("trace_id on %s", handler)
                .isFalse();
        assertThat(handler.containsKey("span_id")).isFalse();
        assertThat(handler.containsKey("trace_flags")).isFalse();
        assertThat(access.containsKey("trace_id")).as("trace_id on %s", access).isFalse();
        assertThat(access.getString("route")).isEqualTo("/status/:code");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("server spans are errors for 5xx only, with error.type the status code")
    void serverSpanStatusPerStatusClass() {
        TestService shop = service("shop", Map.of(), ResolvableTelemetryTest::routes);
        for (String code : List.of("200", "302", "404", "500", "503")) {
            get(shop, "/status/" + code);
        }

        for (String code : List.of("200", "302", "404")) {
            ReceivedSpan span = span(server("shop", "/status/" + code));
            assertThat(span.status()).as("status of the span of %s", code).isEqualTo("UNSET");
            assertThat(span.attributes()).doesNotContainKey("error.type");
        }
        for (String code : List.of("500", "503")) {
            ReceivedSpan span = span(server("shop", "/status/" + code));
            assertThat(span.status()).as("status of the span of %s", code).isEqualTo("ERROR");
            assertThat(span.attributes()).containsEntry("error.type", code);
        }
        assertThat(get(shop, "/orders/3")).isEqualTo(502);
        ReceivedSpan failed = span(server("shop", "/orders/3"));
        assertThat(failed.status()).isEqualTo("ERROR");
        assertThat(failed.attributes()).containsEntry("error.type", "502");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("client spans are errors for 4xx and 5xx and for a call that timed out, with error.type")
    void clientSpanStatusPerStatusClass() {
        TestService back = service("back", Map.of(), ResolvableTelemetryTest::routes);
        TestService front = service("front", Map.of(), (service, router) -> {
            WebClient downstream = WebClient.create(service.vertx);
            router.get("/call/*")
                    .handler(ctx -> downstream
                            .get(back.port(), "127.0.0.1", ctx.request().path().substring(5))
                            .timeout(300)
                            .send()
                            .onComplete(result -> ctx.response()
                                    .setStatusCode(result.succeeded() ? 200 : 504)
                                    .end()));
        });
        for (String path : List.of("/status/200", "/status/404", "/status/503")) {
            assertThat(get(front, "/call" + path)).isEqualTo(200);
        }
        assertThat(get(front, "/call/hang")).isEqualTo(504);

        assertThat(span(client("front", "/status/200")).status()).isEqualTo("UNSET");
        for (String code : List.of("404", "503")) {
            ReceivedSpan span = span(client("front", "/status/" + code));
            assertThat(span.status())
                    .as("status of the client span of %s", code)
                    .isEqualTo("ERROR");
            assertThat(span.attributes()).containsEntry("error.type", code);
        }
        ReceivedSpan hang = span(client("front", "/hang"));
        assertThat(hang.status()).isEqualTo("ERROR");
        // the class of the failure the tracer saw (the reset stream), not a status code
        assertThat(hang.attributes().get("error.type")).matches("([a-z]\\w*\\.)+[A-Z]\\w*");
    }

    private String scrape(TestService service) {
        return client.get(service.port(), "127.0.0.1", "/metrics")
                .send()
                .await()
                .bodyAsString();
    }
}
