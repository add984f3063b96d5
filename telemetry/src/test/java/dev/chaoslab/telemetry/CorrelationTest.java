package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.testing.LogCapture;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import dev.chaoslab.telemetry.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Two services in one JVM, "front" calling "back" over HTTP, each with its own telemetry: one request must
 * show up as one trace in spans, logs and exemplars, with the right service everywhere.
 */
@ExtendWith(VertxExtension.class)
class CorrelationTest {

    private static final Logger LOG = LoggerFactory.getLogger("test.handler");

    private OtlpReceiver receiver;
    private LogCapture logs;
    private TestService back;
    private TestService front;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) {
        logs = LogCapture.start();
        receiver = OtlpReceiver.start(vertx).await();
        back = TestService.start(
                        TelemetryOptions.fromEnvInSharedProcess("back")
                                .withEnv(receiver.env())
                                .withEnv(Map.of("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")),
                        (service, router) -> router.get("/items/:id").handler(ctx -> {
                            LOG.info("looking up item {}", ctx.pathParam("id"));
                            Span.current()
                                    .addEvent(
                                            "chaos.injection",
                                            Attributes.of(AttributeKey.stringKey("fault"), "latency"));
                            ctx.json(new JsonObject().put("id", ctx.pathParam("id")));
                        }))
                .await();
        front = TestService.start(
                        TelemetryOptions.fromEnvInSharedProcess("front").withEnv(receiver.env()), (service, router) -> {
                            WebClient downstream = WebClient.create(service.vertx);
                            router.get("/orders/:id")
                                    .handler(ctx -> downstream
                                            .getAbs(back.url("/items/" + ctx.pathParam("id")))
                                            .send()
                                            .onSuccess(item -> {
                                                // after an asynchronous hop, on the event loop: the server span must
                                                // still be the current one
                                                LOG.info("got item from back");
                                                ctx.json(new JsonObject()
                                                        .put(
                                                                "traceId",
                                                                Span.current()
                                                                        .getSpanContext()
                                                                        .getTraceId())
                                                        .put(
                                                                "spanId",
                                                                Span.current()
                                                                        .getSpanContext()
                                                                        .getSpanId()));
                                            })
                                            .onFailure(ctx::fail));
                            router.get("/off-thread").handler(ctx -> {
                                JsonObject ids = new JsonObject()
                                        .put(
                                                "traceId",
                                                Span.current().getSpanContext().getTraceId());
                                // ends the response from a thread that is not Vert.x's: the timing is reported outside
                                // the request's context
                                new Thread(() -> ctx.response().end(ids.encode()), "not-vertx").start();
                            });
                        })
                .await();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        if (back != null) {
            back.close();
        }
        if (receiver != null) {
            receiver.close().await();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private JsonObject get(TestService service, String path) {
        HttpResponse<?> response =
                client.get(service.port(), "127.0.0.1", path).send().await();
        assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private String scrape(TestService service, String accept) {
        HttpResponse<?> response = client.get(service.port(), "127.0.0.1", "/metrics")
                .putHeader("Accept", accept)
                .send()
                .await();
        assertThat(response.statusCode()).isEqualTo(200);
        return response.bodyAsString();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "a request through two services is one trace: client span under the server span, the downstream server span under the client span")
    void spansAcrossAClientServerHopFormOneTrace() {
        JsonObject ids = get(front, "/orders/42");
        String traceId = ids.getString("traceId");

        List<ReceivedSpan> spans = receiver.awaitSpans(all ->
                        all.stream().filter(s -> s.traceId().equals(traceId)).count() >= 3)
                .await();
        List<ReceivedSpan> trace =
                spans.stream().filter(s -> s.traceId().equals(traceId)).collect(Collectors.toList());

        ReceivedSpan frontServer =
                only(trace, s -> s.serviceName().equals("front") && s.kind().equals("SERVER"));
        ReceivedSpan frontClient =
                only(trace, s -> s.serviceName().equals("front") && s.kind().equals("CLIENT"));
        ReceivedSpan backServer =
                only(trace, s -> s.serviceName().equals("back") && s.kind().equals("SERVER"));
        assertThat(frontServer.isRoot()).isTrue();
        assertThat(frontServer.spanId()).isEqualTo(ids.getString("spanId"));
        assertThat(frontClient.parentSpanId()).isEqualTo(frontServer.spanId());
        assertThat(backServer.parentSpanId()).isEqualTo(frontClient.spanId());
        assertThat(frontServer.resource()).containsEntry("service.namespace", "chaoslab");
        assertThat(frontServer.name()).isEqualTo("GET /orders/:id");
        assertThat(frontServer.attributes()).containsEntry("http.route", "/orders/:id");
        assertThat(backServer.name()).isEqualTo("GET /items/:id");
        assertThat(backServer.events())
                .containsExactly(new OtlpReceiver.Event("chaos.injection", Map.of("fault", "latency")));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("log lines written on the event loop carry the request's trace_id, span_id and their own service")
    void logLinesCarryTraceIdsAndService() {
        JsonObject ids = get(front, "/orders/7");
        String traceId = ids.getString("traceId");

        JsonObject handlerLine = logs.awaitLine(l -> "got item from back".equals(l.getString("message")))
                .await();
        assertThat(handlerLine.getString("trace_id")).isEqualTo(traceId);
        assertThat(handlerLine.getString("span_id")).isEqualTo(ids.getString("spanId"));
        assertThat(handlerLine.getString("service")).isEqualTo("front");
        assertThat(handlerLine.getString("level")).isEqualTo("INFO");
        assertThat(handlerLine.getString("logger")).isEqualTo("test.handler");
        assertThat(handlerLine.getString("@timestamp")).endsWith("Z");

        JsonObject backLine = logs.awaitLine(l -> "looking up item 7".equals(l.getString("message")))
                .await();
        assertThat(backLine.getString("trace_id")).isEqualTo(traceId);
        assertThat(backLine.getString("service")).isEqualTo("back");

        JsonObject frontAccess = logs.awaitLine(
                        l -> "access".equals(l.getString("logger")) && "/orders/7".equals(l.getString("path")))
                .await();
        assertThat(frontAccess.getString("trace_id")).isEqualTo(traceId);
        assertThat(frontAccess.getString("span_id")).isEqualTo(ids.getString("spanId"));
        assertThat(frontAccess.getString("service")).isEqualTo("front");
        assertThat(frontAccess.getString("method")).isEqualTo("GET");
        assertThat(frontAccess.getString("route")).isEqualTo("/orders/:id");
        assertThat(frontAccess.getInteger("status")).isEqualTo(200);
        assertThat(frontAccess.getDouble("duration_ms")).isNotNegative();

        JsonObject backAccess = logs.awaitLine(
                        l -> "access".equals(l.getString("logger")) && "/items/7".equals(l.getString("path")))
                .await();
        assertThat(backAccess.getString("trace_id")).isEqualTo(traceId);
        assertThat(backAccess.getString("service")).isEqualTo("back");
        assertThat(backAccess.getString("span_id")).isNotEqualTo(ids.getString("spanId"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("an OpenMetrics scrape shows the request's trace id as exemplar on its latency bucket")
    void openMetricsScrapeHasExemplarOfTheRequest() {
        String traceId = get(front, "/orders/1").getString("traceId");

        String body = scrape(front, "application/openmetrics-text; version=1.0.0");

        assertThat(body).endsWith("# EOF\n");
        List<String> buckets = lines(body, "vertx_http_server_response_time_seconds_bucket{", "route=\"/orders/:id\"");
        assertThat(buckets).as("server latency buckets of route /orders/:id").isNotEmpty();
        assertThat(buckets).anySatisfy(line -> assertThat(line).contains("trace_id=\"" + traceId + "\""));
        assertThat(buckets).allSatisfy(line -> assertThat(line).contains("service=\"front\""));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("the exemplar is right even when the response is ended outside the request's Vert.x context")
    void exemplarOfAResponseEndedOffContext() {
        String traceId = get(front, "/off-thread").getString("traceId");

        String body = scrape(front, "application/openmetrics-text");

        List<String> buckets = lines(body, "vertx_http_server_response_time_seconds_bucket{", "route=\"/off-thread\"");
        assertThat(buckets).anySatisfy(line -> assertThat(line).contains("trace_id=\"" + traceId + "\""));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("scrapes are measured and logged but not traced")
    void scrapesAreNotTraced() {
        scrape(front, "text/plain");
        String traceId = get(front, "/orders/5").getString("traceId");

        receiver.awaitSpans(all -> all.stream()
                        .anyMatch(s ->
                                s.traceId().equals(traceId) && s.serviceName().equals("back")))
                .await();
        front.telemetry.close(); // flushes whatever front still holds
        assertThat(receiver.spansOf("front"))
                .anySatisfy(s -> assertThat(s.attributes()).containsEntry("url.path", "/orders/5"));
        assertThat(receiver.spans())
                .noneSatisfy(s -> assertThat(s.attributes().get("url.path")).isEqualTo("/metrics"));
        assertThat(logs.logger("access"))
                .anySatisfy(l -> assertThat(l.getString("path")).isEqualTo("/metrics"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "a Prometheus text scrape is plain 0.0.4 with SLO buckets, route labels, JVM and process metrics, per service")
    void prometheusTextScrape() {
        get(front, "/orders/3");
        HttpResponse<?> response =
                client.get(front.port(), "127.0.0.1", "/metrics").send().await();
        String body = response.bodyAsString();

        assertThat(response.getHeader("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(body).doesNotContain("# EOF").doesNotContain("trace_id");
        List<String> front200 = lines(body, "vertx_http_server_response_time_seconds_bucket{", "route=\"/orders/:id\"");
        assertThat(front200.stream().map(CorrelationTest::le).collect(Collectors.toList()))
                .containsExactly(
                        "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
        assertThat(body)
                .contains(
                        "vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/orders/:id\",service=\"front\"} 1");
        assertThat(lines(body, "vertx_http_client_response_time_seconds_bucket{"))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("service=\"front\""));
        assertThat(body)
                .contains(
                        "jvm_memory_used_bytes{",
                        "jvm_gc_",
                        "jvm_threads_live_threads{",
                        "jvm_classes_loaded_classes{",
                        "process_cpu_usage{",
                        "system_cpu_count{");

        String backBody = scrape(back, "text/plain");
        assertThat(lines(backBody, "vertx_http_server_requests_total{"))
                .isNotEmpty()
                .allSatisfy(
                        line -> assertThat(line).contains("service=\"back\"").doesNotContain("service=\"front\""));
    }

    private static String le(String bucketLine) {
        Matcher m = Pattern.compile("le=\"([^\"]+)\"").matcher(bucketLine);
        return m.find() ? m.group(1) : "";
    }

    private static List<String> lines(String body, String... fragments) {
        return body.lines()
                .filter(line -> {
                    for (String fragment : fragments) {
                        if (!line.contains(fragment)) {
                            return false;
                        }
                    }
                    return true;
                })
                .collect(Collectors.toList());
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> found = spans.stream().filter(which).collect(Collectors.toList());
        assertThat(found).as("matching spans among %s", spans).hasSize(1);
        return found.get(0);
    }
}
