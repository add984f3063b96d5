package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.http.ApiError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The inventory's in-memory catalogue (SKU-001 … SKU-050) and stock, with all-or-nothing reservations.
 * Confined to the inventory's event loop. Stock is refilled by {@link #restock()} (a warehouse delivery), so
 * hours of order traffic do not sell the shop out and turn every order into a 409.
 */
final class Catalogue {

    static final int PRODUCTS = 50;
    static final int INITIAL_STOCK = 500;
    private static final String[] ADJECTIVES = {
        "Sturdy", "Compact", "Classic", "Quiet", "Bright", "Rugged", "Slim", "Smart", "Vintage", "Modular"
    };
    private static final String[] NOUNS = {"Kettle", "Lamp", "Backpack", "Headphones", "Mug"};

    record Product(String sku, String name, int priceCents) {}

    record Reservation(String id, String orderId, List<OrderLine> lines, int totalCents) {
        JsonObject toJson() {
            JsonArray items = new JsonArray();
            for (OrderLine line : lines) {
                items.add(line.toJson());
            }
            return new JsonObject()
                    .put("id", id)
                    .put("orderId", orderId)
                    .put("items", items)
                    .put("totalCents", totalCents)
                    .put("currency", "EUR");
        }
    }

    private final Map<String, Product> products = new LinkedHashMap<>();
    private final Map<String, Integer> available = new LinkedHashMap<>();
    private final Map<String, Reservation> reservations = new BoundedMap<>(BoundedMap.DEFAULT_CAPACITY);

    Catalogue() {
        for (int i = 1; i <= PRODUCTS; i++) {
            String sku = String.format("SKU-%03d", i);
            String name =
                    ADJECTIVES[(i - 1) % ADJECTIVES.length] + " " + NOUNS[(i - 1) / ADJECTIVES.length % NOUNS.length];
            products.put(sku, new Product(sku, name, 499 + (i * 7919) % 9500));
            available.put(sku, INITIAL_STOCK);
        }
    }

    JsonArray list() {
        JsonArray array = new JsonArray();
        products.values().forEach(p -> array.add(toJson(p)));
        return array;
    }

    Optional<JsonObject> product(String sku) {
        return Optional.ofNullable(products.get(sku)).map(this::toJson);
    }

    private JsonObject toJson(Product p) {
        return new JsonObject()
                .put("sku", p.sku())
                .put("name", p.name())
                .put("priceCents", p.priceCents())
                .put("currency", "EUR")
                .put("available", available.get(p.sku()));
    }

    /** Reserves every line or none: 400 naming an unknown SKU's field, 409 naming a SKU short of stock. */
    Reservation reserve(String orderId, List<OrderLine> lines) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            if (!products.containsKey(line.sku())) {
                throw new ApiError(
                        400,
                        new JsonObject()
                                .put("error", "unknown_sku")
                                .put(
                                        "message",
                                        "items[" + i + "].sku: no product " + line.sku() + "; SKUs are SKU-001 … SKU-"
                                                + String.format("%03d", PRODUCTS))
                                .put("field", "items[" + i + "].sku"));
            }
            wanted.merge(line.sku(), line.quantity(), Integer::sum);
        }
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            int have = available.get(e.getKey());
            if (have < e.getValue()) {
                throw new ApiError(
                        409,
                        new JsonObject()
                                .put("error", "insufficient_stock")
                                .put(
                                        "message",
                                        e.getKey() + " has " + have + " in stock, " + e.getValue() + " requested")
                                .put("sku", e.getKey())
                                .put("available", have)
                                .put("requested", e.getValue()));
            }
        }
        int total = 0;
        List<OrderLine> merged = new ArrayList<>();
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            available.merge(e.getKey(), -e.getValue(), Integer::sum);
            total += products.get(e.getKey()).priceCents() * e.getValue();
            merged.add(new OrderLine(e.getKey(), e.getValue()));
        }
        Reservation reservation = new Reservation("r-" + UUID.randomUUID(), orderId, List.copyOf(merged), total);
        reservations.put(reservation.id(), reservation);
        return reservation;
    }

    /** Puts the reserved stock back; false when there is no such reservation. */
    boolean release(String id) {
        Reservation reservation = reservations.remove(id);
        if (reservation == null) {
            return false;
        }
        reservation.lines().forEach(l -> available.merge(l.sku(), l.quantity(), Integer::sum));
        return true;
    }

    int available(String sku) {
        return available.getOrDefault(sku, 0);
    }

    /** Refills every SKU below its initial stock. */
    void restock() {
        available.replaceAll((sku, n) -> Math.max(n, INITIAL_STOCK));
    }
}
