package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Bodies;
import dev.chaoslab.chaos.http.JsonFields;
import dev.chaoslab.chaos.http.Problems;
import dev.chaoslab.targets.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** The catalogue and stock: products, and reservations that orders make and release. */
public final class InventoryService extends ServiceVerticle {

    public static final String NAME = "inventory";
    static final long RESTOCK_PERIOD_MS = 10_000;

    private final Catalogue catalogue = new Catalogue();
    private long restockTimer = -1;

    public InventoryService(ServiceSettings settings) {
        super(NAME, settings);
    }

    @Override
    protected Set<String> dependencies() {
        return Set.of();
    }

    @Override
    protected void routes(Routes routes) {
        routes.get(
                "/products",
                ctx -> Future.succeededFuture(Reply.ok(new JsonObject().put("products", catalogue.list()))));
        routes.get("/products/:sku", this::product);
        routes.post("/reservations", this::reserve);
        routes.delete("/reservations/:id", this::release);
    }

    @Override
    public Future<?> start() {
        return super.start()
                .onSuccess(v -> restockTimer = vertx.setPeriodic(RESTOCK_PERIOD_MS, id -> catalogue.restock()));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(restockTimer);
        return super.stop();
    }

    private Future<Reply> product(RoutingContext ctx) {
        String sku = ctx.pathParam("sku");
        return catalogue
                .product(sku)
                .map(p -> Future.succeededFuture(Reply.ok(p)))
                .orElseGet(() -> Future.failedFuture(
                        ApiError.notFound("unknown_sku", "no product " + sku + "; SKUs are SKU-001 … SKU-050")
                                .with("sku", sku)));
    }

    private Future<Reply> reserve(RoutingContext ctx) {
        JsonObject body = Bodies.jsonObject(ctx);
        Problems problems = new Problems();
        JsonFields f = new JsonFields(body, "", problems);
        f.onlyKnown(Set.of("orderId", "items"));
        String orderId = f.string("orderId", true, 64);
        List<OrderLine> lines = OrderLine.parseAll(f, "items");
        problems.throwIfAny("invalid_body", "the reservation is not valid");
        return Future.succeededFuture(
                Reply.created(catalogue.reserve(orderId, lines).toJson()));
    }

    private Future<Reply> release(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!catalogue.release(id)) {
            throw ApiError.notFound("unknown_reservation", "no reservation " + id + " (released already, or too old)");
        }
        return Future.succeededFuture(Reply.noContent());
    }
}
