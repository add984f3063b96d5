package dev.chaoslab.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.testing.LogCapture;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import dev.chaoslab.telemetry.testing.OtlpReceiver.ReceivedSpan;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One order through the gateway is one trace across the four services: in the spans (right parents), in every
 * service's JSON log lines, in the chaos injection (span event and log line) and in an exemplar of the gateway's
 * latency histogram.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CorrelationTest {

    private OtlpReceiver receiver;
    private LogCapture logs;
    private RunningTargets targets;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) {
        receiver = OtlpReceiver.start(vertx).await();
        logs = LogCapture.start();
        targets = Targets.start(TargetsConfig.allOnFreePorts().setTelemetryEnv(receiver.env()))
                .await();
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (targets != null) {
            targets.close().await();
        }
        if (logs != null) {
            logs.close();
        }
        if (receiver != null) {
            receiver.close().await();
        }
    }

    @Test
    @DisplayName("an order through the gateway is one trace in spans, logs, chaos events and the gateway's exemplars")
    void oneTraceEverywhere() {
        JsonObject fault = new JsonObject()
                .put("type", "latency")
                .put("ttl", "1m")
                .put("match", new JsonObject().put("method", "POST").put("route", "/payments"))
                .put("labels", new JsonObject().put("run_id", "corr-1"))
                .put("latency", new JsonObject().put("distribution", "fixed").put("ms", 1));
        assertThat(client.postAbs(targets.baseUrl(ServiceName.PAYMENTS) + "/chaos/faults")
                        .sendJsonObject(fault)
                        .await()
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<Buffer> order = client.postAbs(targets.baseUrl(ServiceName.GATEWAY) + "/api/orders")
                .sendJsonObject(new JsonObject()
                        .put("customerId", "c-1")
                        .put(
                                "items",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("sku", "SKU-001")
                                                .put("quantity", 1))))
                .await();
        assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);

        List<ReceivedSpan> all = receiver.awaitSpans(spans -> spans.stream()
                        .anyMatch(s ->
                                s.serviceName().equals("gateway") && s.kind().equals("SERVER") && s.isRoot()))
                .await();
        ReceivedSpan root =
                only(all, s -> s.serviceName().equals("gateway") && s.kind().equals("SERVER") && s.isRoot());
        String traceId = root.traceId();
        List<ReceivedSpan> trace = receiver
                .awaitSpans(spans -> {
                    List<ReceivedSpan> t = spans.stream()
                            .filter(s -> s.traceId().equals(traceId))
                            .toList();
                    return t.stream()
                                            .filter(s -> s.kind().equals("SERVER"))
                                            .map(ReceivedSpan::serviceName)
                                            .distinct()
                                            .count()
                                    == 4
                            && t.stream().filter(s -> s.kind().equals("CLIENT")).count() == 3;
                })
                .await()
                .stream()
                .filter(s -> s.traceId().equals(traceId))
                .toList();

        // gateway -> orders -> (inventory, payments): each server span hangs under its caller's client span
        ReceivedSpan gatewayToOrders =
                only(trace, s -> s.serviceName().equals("gateway") && s.kind().equals("CLIENT"));
        ReceivedSpan orders =
                only(trace, s -> s.serviceName().equals("orders") && s.kind().equals("SERVER"));
        ReceivedSpan payments =
                only(trace, s -> s.serviceName().equals("payments") && s.kind().equals("SERVER"));
        ReceivedSpan inventory =
                only(trace, s -> s.serviceName().equals("inventory") && s.kind().equals("SERVER"));
        List<ReceivedSpan> ordersClients = trace.stream()
                .filter(s -> s.serviceName().equals("orders") && s.kind().equals("CLIENT"))
                .toList();
        assertThat(gatewayToOrders.parentSpanId()).isEqualTo(root.spanId());
        assertThat(orders.parentSpanId()).isEqualTo(gatewayToOrders.spanId());
        assertThat(ordersClients)
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.parentSpanId()).isEqualTo(orders.spanId()));
        assertThat(ordersClients.stream().map(ReceivedSpan::spanId))
                .contains(payments.parentSpanId(), inventory.parentSpanId());

        // the chaos injection is an event on the payments server span, with the run id
        assertThat(payments.events()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("chaos.injected");
            assertThat(e.attributes())
                    .containsEntry("chaos.fault.type", "latency")
                    .containsEntry("chaos.label.run_id", "corr-1");
        });

        // the same trace id in every service's access log line, and in the chaos log line
        for (String service : List.of("gateway", "orders", "payments", "inventory")) {
            JsonObject line = logs.awaitLine(l -> "access".equals(l.getString("logger"))
                            && service.equals(l.getString("service"))
                            && traceId.equals(l.getString("trace_id")))
                    .await();
            assertThat(line.getString("span_id")).isNotBlank();
        }
        JsonObject chaosLine = logs.awaitLine(
                        l -> "chaos".equals(l.getString("logger")) && traceId.equals(l.getString("trace_id")))
                .await();
        assertThat(chaosLine.getString("service")).isEqualTo("payments");
        assertThat(chaosLine.getString("fault")).isEqualTo("latency");
        assertThat(chaosLine.getString("run_id")).isEqualTo("corr-1");
        assertThat(chaosLine.getString("route")).isEqualTo("/payments");

        // and in an exemplar of the gateway's latency histogram
        HttpResponse<Buffer> scrape = client.getAbs(targets.baseUrl(ServiceName.GATEWAY) + "/metrics")
                .putHeader("Accept", "application/openmetrics-text; version=1.0.0")
                .send()
                .await();
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.bodyAsString()
                        .lines()
                        .filter(l -> l.startsWith("vertx_http_server_response_time_seconds_bucket{")
                                && l.contains("route=\"/api/orders\"")))
                .anySatisfy(l -> assertThat(l).contains("trace_id=\"" + traceId + "\""));
        assertThat(scrape.bodyAsString()).contains("chaos_faults_active{").contains("service=\"gateway\"");
    }

    @Test
    @DisplayName("each service counts the injections it makes and shows its active faults in its own /metrics")
    void chaosMetrics() {
        JsonObject fault = new JsonObject()
                .put("type", "error")
                .put("ttl", "1m")
                .put("status", 503)
                .put("match", new JsonObject().put("route", "/products/:sku"));
        client.postAbs(targets.baseUrl(ServiceName.INVENTORY) + "/chaos/faults")
                .sendJsonObject(fault)
                .await();
        for (int i = 0; i < 3; i++) {
            assertThat(client.getAbs(targets.baseUrl(ServiceName.GATEWAY) + "/api/products/SKU-001")
                            .send()
                            .await()
                            .statusCode())
                    .isEqualTo(502);
        }
        String metrics = client.getAbs(targets.baseUrl(ServiceName.INVENTORY) + "/metrics")
                .send()
                .await()
                .bodyAsString();
        assertThat(metrics)
                .contains("chaos_injections_total{fault=\"error\",route=\"/products/:sku\",service=\"inventory\"} 3.0");
        assertThat(metrics).contains("chaos_faults_active{fault=\"error\",service=\"inventory\"} 1.0");
        String gateway = client.getAbs(targets.baseUrl(ServiceName.GATEWAY) + "/metrics")
                .send()
                .await()
                .bodyAsString();
        assertThat(gateway)
                .doesNotContain("chaos_injections_total{")
                .contains("chaos_faults_active{fault=\"error\",service=\"gateway\"} 0.0");
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> condition) {
        List<ReceivedSpan> matching = spans.stream().filter(condition).toList();
        assertThat(matching).as("spans matching in %s", spans).hasSize(1);
        return matching.get(0);
    }
}
