package dev.chaoslab.targets.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.chaos.support.Http;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.ServiceName;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShopTest {

    private RunningTargets targets;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        targets = Http.await(Targets.start(TargetsConfig.allOnFreePorts().setSeed(1L)));
        http = new Http(vertx);
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(targets.close());
    }

    private String gateway(String path) {
        return targets.baseUrl(ServiceName.GATEWAY) + path;
    }

    private int available(String sku) {
        return http.get(targets.baseUrl(ServiceName.INVENTORY) + "/products/" + sku)
                .bodyAsJsonObject()
                .getInteger("available");
    }

    private static JsonObject order(String sku, int quantity) {
        return new JsonObject()
                .put("customerId", "c-1")
                .put(
                        "items",
                        new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", quantity)));
    }

    @Test
    @DisplayName("every service answers health and readiness, each on its own port")
    void healthAndReadiness() {
        assertThat(targets.baseUrls()).containsOnlyKeys("inventory", "payments", "orders", "gateway");
        for (ServiceName service : ServiceName.values()) {
            HttpResponse<Buffer> health = http.get(targets.baseUrl(service) + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.bodyAsJsonObject())
                    .isEqualTo(new JsonObject().put("status", "UP").put("service", service.id()));
            assertThat(http.get(targets.baseUrl(service) + "/ready").statusCode())
                    .isEqualTo(200);
        }
        assertThat(targets.baseUrls().values()).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("the gateway lists the catalogue of 50 products and shows one with its stock")
    void catalogue() {
        JsonArray products =
                http.get(gateway("/api/products")).bodyAsJsonObject().getJsonArray("products");
        assertThat(products).hasSize(50);
        assertThat(products.getJsonObject(0).getString("sku")).isEqualTo("SKU-001");
        assertThat(products.getJsonObject(49).getString("sku")).isEqualTo("SKU-050");

        HttpResponse<Buffer> one = http.get(gateway("/api/products/SKU-007"));
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.bodyAsJsonObject().getInteger("available")).isEqualTo(Catalogue.INITIAL_STOCK);
        assertThat(one.bodyAsJsonObject().getInteger("priceCents")).isPositive();

        HttpResponse<Buffer> unknown = http.get(gateway("/api/products/SKU-999"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("unknown_sku");
        assertThat(unknown.bodyAsJsonObject().getString("dependency")).isEqualTo("inventory");
    }

    @Test
    @DisplayName("an order through the gateway reserves stock, charges the total and can be read back")
    void orderEndToEnd() {
        JsonObject body = new JsonObject()
                .put("customerId", "c-42")
                .put(
                        "items",
                        new JsonArray()
                                .add(new JsonObject().put("sku", "SKU-001").put("quantity", 2))
                                .add(new JsonObject().put("sku", "SKU-002").put("quantity", 1)));
        int price1 =
                http.get(gateway("/api/products/SKU-001")).bodyAsJsonObject().getInteger("priceCents");
        int price2 =
                http.get(gateway("/api/products/SKU-002")).bodyAsJsonObject().getInteger("priceCents");

        HttpResponse<Buffer> created = http.post(gateway("/api/orders"), body);

        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        JsonObject order = created.bodyAsJsonObject();
        assertThat(order.getString("status")).isEqualTo("confirmed");
        assertThat(order.getInteger("totalCents")).isEqualTo(2 * price1 + price2);
        assertThat(available("SKU-001")).isEqualTo(Catalogue.INITIAL_STOCK - 2);
        JsonObject payment = http.get(
                        targets.baseUrl(ServiceName.PAYMENTS) + "/payments/" + order.getString("paymentId"))
                .bodyAsJsonObject();
        assertThat(payment.getLong("amountCents"))
                .isEqualTo(order.getInteger("totalCents").longValue());
        assertThat(payment.getString("orderId")).isEqualTo(order.getString("id"));

        HttpResponse<Buffer> read = http.get(gateway("/api/orders/" + order.getString("id")));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.bodyAsJsonObject()).isEqualTo(order);
        assertThat(http.get(gateway("/api/orders/o-nope")).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("more than the stock is refused with 409 naming the SKU, and nothing is reserved")
    void insufficientStock() {
        JsonArray items = new JsonArray();
        for (int i = 0; i < 6; i++) {
            items.add(new JsonObject().put("sku", "SKU-003").put("quantity", 100));
        }
        HttpResponse<Buffer> refused = http.post(
                gateway("/api/orders"), new JsonObject().put("customerId", "c").put("items", items));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.bodyAsJsonObject().getString("sku")).isEqualTo("SKU-003");
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("insufficient_stock");
        assertThat(available("SKU-003")).isEqualTo(Catalogue.INITIAL_STOCK);
    }

    @Test
    @DisplayName("a declined payment releases the reservation and answers 402")
    void declinedPaymentReleasesStock() {
        int price =
                http.get(gateway("/api/products/SKU-001")).bodyAsJsonObject().getInteger("priceCents");
        assertThat(100L * price)
                .as("100 × SKU-001 is over the card limit")
                .isGreaterThan(PaymentsService.CARD_LIMIT_CENTS);

        HttpResponse<Buffer> declined = http.post(gateway("/api/orders"), order("SKU-001", 100));

        assertThat(declined.statusCode()).as(declined.bodyAsString()).isEqualTo(402);
        assertThat(declined.bodyAsJsonObject().getString("error")).isEqualTo("payment_declined");
        assertThat(available("SKU-001")).isEqualTo(Catalogue.INITIAL_STOCK);
    }

    static Stream<Arguments> badOrders() {
        JsonObject good = order("SKU-001", 1);
        return Stream.of(
                Arguments.of("missing customerId", good.copy().put("customerId", null), "customerId", "is required"),
                Arguments.of(
                        "customerId not a string", good.copy().put("customerId", 5), "customerId", "must be a string"),
                Arguments.of("no items", good.copy().put("items", new JsonArray()), "items", "at least one item"),
                Arguments.of(
                        "items not an array", good.copy().put("items", "SKU-001"), "items", "must be a JSON array"),
                Arguments.of("zero quantity", order("SKU-001", 0), "items[0].quantity", "must be ≥ 1"),
                Arguments.of(
                        "fractional quantity",
                        good.copy()
                                .put(
                                        "items",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("sku", "SKU-001")
                                                        .put("quantity", 1.5))),
                        "items[0].quantity",
                        "whole number"),
                Arguments.of("badly formed SKU", order("apple", 1), "items[0].sku", "must look like SKU-001"),
                Arguments.of("unknown field", good.copy().put("coupon", "X"), "coupon", "is not a known field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    @DisplayName("a bad order is refused at the gateway with 400 naming the field")
    void badOrders(String name, JsonObject body, String field, String message) {
        HttpResponse<Buffer> response = http.post(gateway("/api/orders"), body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject();
        assertThat(error.getString("error")).isEqualTo("invalid_body");
        assertThat(error.getJsonArray("problems").getJsonObject(0).getString("field"))
                .isEqualTo(field);
        assertThat(error.getJsonArray("problems").getJsonObject(0).getString("message"))
                .contains(message);
    }

    @Test
    @DisplayName("bodies that are not JSON objects, unknown SKUs, bad payments and unknown routes get clear 4xx JSON")
    void otherBadInputs() {
        assertThat(http.postRaw(gateway("/api/orders"), "{").bodyAsJsonObject().getString("message"))
                .contains("not valid JSON");
        assertThat(http.postRaw(gateway("/api/orders"), null).bodyAsJsonObject().getString("message"))
                .contains("empty");
        assertThat(http.postRaw(gateway("/api/orders"), "\"x\"")
                        .bodyAsJsonObject()
                        .getString("message"))
                .contains("not a string");

        HttpResponse<Buffer> unknownSku = http.post(gateway("/api/orders"), order("SKU-777", 1));
        assertThat(unknownSku.statusCode()).isEqualTo(400);
        assertThat(unknownSku.bodyAsJsonObject().getString("error")).isEqualTo("unknown_sku");
        assertThat(unknownSku.bodyAsJsonObject().getString("field")).isEqualTo("items[0].sku");

        HttpResponse<Buffer> payment = http.post(
                targets.baseUrl(ServiceName.PAYMENTS) + "/payments",
                new JsonObject().put("orderId", "o-1").put("amountCents", -3).put("currency", "XXX"));
        assertThat(payment.statusCode()).isEqualTo(400);
        assertThat(payment.bodyAsJsonObject().getJsonArray("problems")).hasSize(2);

        HttpResponse<Buffer> noRoute = http.get(gateway("/api/nothing"));
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(noRoute.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
        HttpResponse<Buffer> wrongMethod = http.delete(gateway("/api/products"));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.bodyAsJsonObject().getString("error")).isEqualTo("method_not_allowed");
    }

    @Test
    @DisplayName("releasing a reservation puts its stock back; an unknown one is 404")
    void reservations() {
        String inventory = targets.baseUrl(ServiceName.INVENTORY);
        HttpResponse<Buffer> reserved = http.post(
                inventory + "/reservations",
                new JsonObject()
                        .put("orderId", "o-1")
                        .put(
                                "items",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("sku", "SKU-020")
                                                .put("quantity", 5))));
        assertThat(reserved.statusCode()).as(reserved.bodyAsString()).isEqualTo(201);
        assertThat(available("SKU-020")).isEqualTo(Catalogue.INITIAL_STOCK - 5);

        assertThat(http.delete(inventory + "/reservations/"
                                + reserved.bodyAsJsonObject().getString("id"))
                        .statusCode())
                .isEqualTo(204);
        assertThat(available("SKU-020")).isEqualTo(Catalogue.INITIAL_STOCK);
        assertThat(http.delete(inventory + "/reservations/r-nope").statusCode()).isEqualTo(404);
    }
}
