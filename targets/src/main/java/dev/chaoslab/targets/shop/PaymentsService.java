package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Bodies;
import dev.chaoslab.chaos.http.JsonFields;
import dev.chaoslab.chaos.http.Problems;
import dev.chaoslab.targets.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Charges payments. Amounts over the card limit are declined (402): a failure path without chaos. */
public final class PaymentsService extends ServiceVerticle {

    public static final String NAME = "payments";
    static final long CARD_LIMIT_CENTS = 500_000;
    static final long MAX_AMOUNT_CENTS = 100_000_000;
    private static final Set<String> CURRENCIES = Set.of("EUR", "USD", "GBP");

    private final Map<String, JsonObject> payments = new BoundedMap<>(BoundedMap.DEFAULT_CAPACITY);

    public PaymentsService(ServiceSettings settings) {
        super(NAME, settings);
    }

    @Override
    protected Set<String> dependencies() {
        return Set.of();
    }

    @Override
    protected void routes(Routes routes) {
        routes.post("/payments", this::charge);
        routes.get("/payments/:id", this::payment);
    }

    private Future<Reply> charge(RoutingContext ctx) {
        JsonObject body = Bodies.jsonObject(ctx);
        Problems problems = new Problems();
        JsonFields f = new JsonFields(body, "", problems);
        f.onlyKnown(Set.of("orderId", "amountCents", "currency"));
        String orderId = f.string("orderId", true, 64);
        Long amount = f.integer("amountCents", true, 1, MAX_AMOUNT_CENTS, "the largest amount payments accepts");
        String currency = f.string("currency", true, 3);
        if (currency != null && !CURRENCIES.contains(currency)) {
            problems.add("currency", "must be one of EUR, GBP, USD, not '" + currency + "'");
        }
        problems.throwIfAny("invalid_body", "the payment is not valid");
        if (amount > CARD_LIMIT_CENTS) {
            throw new ApiError(
                            402,
                            "payment_declined",
                            String.format(
                                    "%d.%02d %s is over the card limit of %d.%02d %s",
                                    amount / 100,
                                    amount % 100,
                                    currency,
                                    CARD_LIMIT_CENTS / 100,
                                    CARD_LIMIT_CENTS % 100,
                                    currency))
                    .with("orderId", orderId);
        }
        JsonObject payment = new JsonObject()
                .put("id", "p-" + UUID.randomUUID())
                .put("orderId", orderId)
                .put("amountCents", amount)
                .put("currency", currency)
                .put("status", "captured")
                .put("createdAt", Instant.now().toString());
        payments.put(payment.getString("id"), payment);
        return Future.succeededFuture(Reply.created(payment));
    }

    private Future<Reply> payment(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject payment = payments.get(id);
        if (payment == null) {
            throw ApiError.notFound("unknown_payment", "no payment " + id);
        }
        return Future.succeededFuture(Reply.ok(payment));
    }
}
