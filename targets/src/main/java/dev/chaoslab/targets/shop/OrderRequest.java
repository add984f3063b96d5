package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.http.JsonFields;
import dev.chaoslab.chaos.http.Problems;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** The body of {@code POST /api/orders} and {@code POST /orders}. */
record OrderRequest(String customerId, List<OrderLine> items) {

    /** Validates the whole body; throws a 400 naming every bad field. */
    static OrderRequest parse(JsonObject body) {
        Problems problems = new Problems();
        JsonFields f = new JsonFields(body, "", problems);
        f.onlyKnown(Set.of("customerId", "items"));
        String customerId = f.string("customerId", true, 64);
        List<OrderLine> items = OrderLine.parseAll(f, "items");
        problems.throwIfAny("invalid_body", "the order is not valid");
        return new OrderRequest(customerId, items);
    }

    JsonObject toJson() {
        return new JsonObject().put("customerId", customerId).put("items", OrderLine.toJson(items));
    }
}
