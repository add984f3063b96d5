package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Bodies;
import dev.chaoslab.targets.http.Downstream;
import dev.chaoslab.targets.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates orders: reserves the stock at inventory, charges payments, and releases the reservation when the
 * charge fails (answering with the charge's failure).
 */
public final class OrdersService extends ServiceVerticle {

    public static final String NAME = "orders";
    private static final Logger LOG = LoggerFactory.getLogger(OrdersService.class);

    private final Map<String, JsonObject> orders = new BoundedMap<>(BoundedMap.DEFAULT_CAPACITY);

    public OrdersService(ServiceSettings settings) {
        super(NAME, settings);
    }

    @Override
    protected Set<String> dependencies() {
        return Set.of(InventoryService.NAME, PaymentsService.NAME);
    }

    @Override
    protected void routes(Routes routes) {
        routes.post("/orders", this::create);
        routes.get("/orders/:id", this::order);
    }

    private Future<Reply> create(RoutingContext ctx) {
        OrderRequest request = OrderRequest.parse(Bodies.jsonObject(ctx));
        String orderId = "o-" + UUID.randomUUID();
        Downstream inventory = downstream(InventoryService.NAME);
        Downstream payments = downstream(PaymentsService.NAME);
        JsonObject reserve = new JsonObject().put("orderId", orderId).put("items", OrderLine.toJson(request.items()));
        return inventory.call(ctx, HttpMethod.POST, "/reservations", reserve).compose(reservation -> {
            JsonObject charge = new JsonObject()
                    .put("orderId", orderId)
                    .put("amountCents", reservation.getInteger("totalCents"))
                    .put("currency", reservation.getString("currency"));
            return payments.call(ctx, HttpMethod.POST, "/payments", charge)
                    .recover(chargeFailed -> release(ctx, inventory, reservation.getString("id"))
                            .transform(ignored -> Future.failedFuture(chargeFailed)))
                    .map(payment -> {
                        JsonObject order = new JsonObject()
                                .put("id", orderId)
                                .put("customerId", request.customerId())
                                .put("items", reservation.getJsonArray("items"))
                                .put("totalCents", reservation.getInteger("totalCents"))
                                .put("currency", reservation.getString("currency"))
                                .put("status", "confirmed")
                                .put("reservationId", reservation.getString("id"))
                                .put("paymentId", payment.getString("id"))
                                .put("createdAt", Instant.now().toString());
                        orders.put(orderId, order);
                        return Reply.created(order);
                    });
        });
    }

    /** Best effort: a failed release is logged (the stock stays reserved until restock), the charge failure wins. */
    private Future<Void> release(RoutingContext ctx, Downstream inventory, String reservationId) {
        return inventory
                .call(ctx, HttpMethod.DELETE, "/reservations/" + reservationId, null)
                .<Void>mapEmpty()
                .onFailure(e -> LOG.warn(
                        "could not release reservation {} after a failed charge: {}", reservationId, e.getMessage()));
    }

    private Future<Reply> order(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject order = orders.get(id);
        if (order == null) {
            throw ApiError.notFound("unknown_order", "no order " + id);
        }
        return Future.succeededFuture(Reply.ok(order));
    }
}
