package dev.chaoslab.targets.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.ServiceName;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
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
 * A dependency failure as an operator follows it: the failing request's access line names its route, its error
 * code and the dependency; its spans carry error status at every hop; and every trace id on the lines resolves.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureTelemetryTest {

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
    @DisplayName(
            "a 502 of a failing dependency: route, error and dependency on the access line, ERROR spans at each hop")
    void dependencyFailureIsVisibleOnLinesAndSpans() {
        JsonObject fault =
                new JsonObject().put("type", "error").put("status", 503).put("ttl", "1m");
        assertThat(client.postAbs(targets.baseUrl(ServiceName.PAYMENTS) + "/chaos/faults")
                        .sendJsonObject(fault)
                        .await()
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<Buffer> order = client.postAbs(targets.baseUrl(ServiceName.ORDERS) + "/orders")
                .sendJsonObject(new JsonObject()
                        .put("customerId", "c-1")
                        .put(
                                "items",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("sku", "SKU-002")
                                                .put("quantity", 1))))
                .await();
        assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(502);

        JsonObject ordersLine = logs.awaitLine(l -> "access".equals(l.getString("logger"))
                        && "orders".equals(l.getString("service"))
                        && "/orders".equals(l.getString("path")))
                .await();
        assertThat(ordersLine.getInteger("status")).isEqualTo(502);
        assertThat(ordersLine.getString("route")).isEqualTo("/orders");
        assertThat(ordersLine.getString("error")).isEqualTo("dependency_failed");
        assertThat(ordersLine.getString("dependency")).isEqualTo("payments");
        String traceId = ordersLine.getString("trace_id");
        assertThat(traceId).isNotBlank();

        List<ReceivedSpan> trace = receiver
                .awaitSpans(spans -> spans.stream()
                                        .filter(s -> s.traceId().equals(traceId)
                                                && s.serviceName().equals("payments"))
                                        .count()
                                == 1
                        && spans.stream()
                                        .filter(s -> s.traceId().equals(traceId)
                                                && s.serviceName().equals("orders"))
                                        .count()
                                >= 3
                        // the orders server span ends (and is exported) after its three client spans
                        && spans.stream()
                                .anyMatch(s -> s.traceId().equals(traceId)
                                        && s.serviceName().equals("orders")
                                        && s.kind().equals("SERVER")))
                .await()
                .stream()
                .filter(s -> s.traceId().equals(traceId))
                .toList();
        ReceivedSpan ordersServer =
                only(trace, s -> s.serviceName().equals("orders") && s.kind().equals("SERVER"));
        ReceivedSpan ordersToPayments = only(
                trace,
                s -> s.serviceName().equals("orders")
                        && s.kind().equals("CLIENT")
                        && s.attributes().getOrDefault("url.full", "").endsWith("/payments"));
        ReceivedSpan payments =
                only(trace, s -> s.serviceName().equals("payments") && s.kind().equals("SERVER"));
        assertThat(ordersServer.status()).isEqualTo("ERROR");
        assertThat(ordersServer.attributes()).containsEntry("error.type", "502").containsEntry("http.route", "/orders");
        assertThat(ordersToPayments.status()).isEqualTo("ERROR");
        assertThat(ordersToPayments.attributes()).containsEntry("error.type", "503");
        assertThat(payments.status()).isEqualTo("ERROR");
        assertThat(payments.attributes()).containsEntry("error.type", "503");

        JsonObject paymentsLine = logs.awaitLine(l -> "access".equals(l.getString("logger"))
                        && "payments".equals(l.getString("service"))
                        && traceId.equals(l.getString("trace_id")))
                .await();
        assertThat(paymentsLine.getInteger("status")).isEqualTo(503);
        assertThat(paymentsLine.getString("route"))
                .isEqualTo(payments.attributes().get("http.route"));
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> found = spans.stream().filter(which).toList();
        assertThat(found).as("matching spans among %s", spans).hasSize(1);
        return found.get(0);
    }
}
