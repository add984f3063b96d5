package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.http.JsonFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** One line of an order: a SKU and a quantity. Validated the same way by gateway, orders and inventory. */
public record OrderLine(String sku, int quantity) {

    public static final int MAX_LINES = 20;
    public static final int MAX_QUANTITY = 100;
    private static final Pattern SKU = Pattern.compile("SKU-\\d{3}");

    /** Reads {@code field} (an array of {sku, quantity}); records problems and returns null when bad. */
    public static List<OrderLine> parseAll(JsonFields f, String field) {
        JsonArray items = f.array(field, true);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            f.problems().add(f.path(field), "must list at least one item");
            return null;
        }
        if (items.size() > MAX_LINES) {
            f.problems().add(f.path(field), "must list at most " + MAX_LINES + " items");
            return null;
        }
        int before = f.problems().list().size();
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = f.path(field) + "[" + i + "]";
            if (!(items.getValue(i) instanceof JsonObject item)) {
                f.problems().add(path, "must be an object like {\"sku\":\"SKU-001\",\"quantity\":1}");
                continue;
            }
            JsonFields line = new JsonFields(item, path, f.problems());
            line.onlyKnown(Set.of("sku", "quantity"));
            String sku = line.string("sku", true, 16);
            if (sku != null && !SKU.matcher(sku).matches()) {
                f.problems().add(line.path("sku"), "must look like SKU-001, not '" + sku + "'");
            }
            Long quantity = line.integer("quantity", true, 1, MAX_QUANTITY, "the most one line may order");
            if (sku != null && quantity != null) {
                lines.add(new OrderLine(sku, quantity.intValue()));
            }
        }
        return f.problems().list().size() > before ? null : lines;
    }

    public JsonObject toJson() {
        return new JsonObject().put("sku", sku).put("quantity", quantity);
    }

    public static JsonArray toJson(List<OrderLine> lines) {
        JsonArray array = new JsonArray();
        lines.forEach(l -> array.add(l.toJson()));
        return array;
    }
}
