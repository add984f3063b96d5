package dev.chaoslab.targets.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.chaos.support.Http;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.ServiceName;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import dev.chaoslab.targets.http.ClientOptions;
import dev.chaoslab.telemetry.testing.RefusedPort;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** How orders and the gateway answer when a dependency fails, for real and by chaos dependency faults. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DependencyFailureTest {

    /** Short, so the timeout cases are quick; long enough that a busy machine does not turn a real answer into one. */
    private static final long REQUEST_TIMEOUT_MS = 1_500;

    private RunningTargets targets;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        targets = Http.await(Targets.start(TargetsConfig.allOnFreePorts()
                .setSeed(3L)
                .setClient(new ClientOptions().setRequestTimeoutMs(REQUEST_TIMEOUT_MS))));
        http = new Http(vertx);
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(targets.close());
    }

    private static JsonObject order() {
        return new JsonObject()
                .put("customerId", "c-1")
                .put(
                        "items",
                        new JsonArray()
                                .add(new JsonObject().put("sku", "SKU-005").put("quantity", 1)));
    }

    private void fault(ServiceName service, JsonObject fault) {
        HttpResponse<Buffer> response = http.post(targets.baseUrl(service) + "/chaos/faults", fault.put("ttl", "1m"));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    }

    private JsonObject placeOrderExpecting(int status) {
        HttpResponse<Buffer> response = http.post(targets.baseUrl(ServiceName.ORDERS) + "/orders", order());
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        return response.bodyAsJsonObject();
    }

    private int available() {
        return http.get(targets.baseUrl(ServiceName.INVENTORY) + "/products/SKU-005")
                .bodyAsJsonObject()
                .getInteger("available");
    }

    @Test
    @DisplayName("payments answering 5xx is a 502 naming payments, and the reservation is released")
    void dependency5xx() {
        fault(ServiceName.PAYMENTS, new JsonObject().put("type", "error").put("status", 503));

        JsonObject body = placeOrderExpecting(502);

        assertThat(body.getString("dependency")).isEqualTo("payments");
        assertThat(body.getInteger("status")).isEqualTo(503);
        assertThat(available()).isEqualTo(Catalogue.INITIAL_STOCK);

        HttpResponse<Buffer> viaGateway = http.post(targets.baseUrl(ServiceName.GATEWAY) + "/api/orders", order());
        assertThat(viaGateway.statusCode()).isEqualTo(502);
        assertThat(viaGateway.bodyAsJsonObject().getString("dependency")).isEqualTo("orders");
        assertThat(viaGateway.bodyAsJsonObject().getJsonObject("cause").getString("dependency"))
                .isEqualTo("payments");
    }

    @Test
    @DisplayName("payments resetting the connection is a 502 naming payments")
    void dependencyReset() {
        fault(ServiceName.PAYMENTS, new JsonObject().put("type", "reset"));

        assertThat(placeOrderExpecting(502).getString("dependency")).isEqualTo("payments");
        assertThat(available()).isEqualTo(Catalogue.INITIAL_STOCK);
    }

    @Test
    @DisplayName("payments hanging is a 504 naming payments once the request timeout passes")
    void dependencyTimeout() {
        fault(ServiceName.PAYMENTS, new JsonObject().put("type", "hang"));

        JsonObject body = placeOrderExpecting(504);

        assertThat(body.getString("dependency")).isEqualTo("payments");
        assertThat(body.getString("error")).isEqualTo("dependency_timeout");
        assertThat(available()).isEqualTo(Catalogue.INITIAL_STOCK);
    }

    @Test
    @DisplayName("payments not listening is a 503 naming payments")
    void dependencyRefused(Vertx vertx) {
        // no target started below can take the port
        try (RefusedPort nowhere = RefusedPort.open()) {
            RunningTargets orders = Http.await(Targets.start(TargetsConfig.allOnFreePorts()
                    .setServices(EnumSet.of(ServiceName.INVENTORY, ServiceName.ORDERS))
                    .setUrl(ServiceName.PAYMENTS, nowhere.url())));
            try {
                HttpResponse<Buffer> response = http.post(orders.baseUrl(ServiceName.ORDERS) + "/orders", order());
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.bodyAsJsonObject().getString("dependency")).isEqualTo("payments");
                assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("dependency_unavailable");
            } finally {
                Http.await(orders.close());
            }
        }
    }

    @Test
    @DisplayName("dependency faults on orders map to 502, 503 and 504 like the real failures")
    void dependencyFaults() {
        String ordersChaos = targets.baseUrl(ServiceName.ORDERS) + "/chaos/faults";
        JsonObject base = new JsonObject()
                .put("type", "dependency")
                .put("match", new JsonObject().put("route", "/orders").put("method", "POST"));

        fault(
                ServiceName.ORDERS,
                base.copy()
                        .put(
                                "dependency",
                                new JsonObject()
                                        .put("name", "payments")
                                        .put("mode", "fail")
                                        .put("status", 500)));
        assertThat(placeOrderExpecting(502).getString("dependency")).isEqualTo("payments");
        http.delete(ordersChaos);

        fault(
                ServiceName.ORDERS,
                base.copy()
                        .put(
                                "dependency",
                                new JsonObject().put("name", "inventory").put("mode", "refuse")));
        assertThat(placeOrderExpecting(503).getString("dependency")).isEqualTo("inventory");
        http.delete(ordersChaos);

        fault(
                ServiceName.ORDERS,
                base.copy()
                        .put(
                                "dependency",
                                new JsonObject().put("name", "payments").put("mode", "timeout")));
        assertThat(placeOrderExpecting(504).getString("dependency")).isEqualTo("payments");
        http.delete(ordersChaos);

        fault(
                ServiceName.ORDERS,
                base.copy()
                        .put(
                                "dependency",
                                new JsonObject()
                                        .put("name", "payments")
                                        .put("mode", "latency")
                                        .put(
                                                "latency",
                                                new JsonObject()
                                                        .put("distribution", "fixed")
                                                        .put("ms", 10))));
        assertThat(placeOrderExpecting(201).getString("status")).isEqualTo("confirmed");
        assertThat(available()).isEqualTo(Catalogue.INITIAL_STOCK - 1);
    }
}
