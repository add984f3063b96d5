package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.http.Bodies;
import dev.chaoslab.targets.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The public API of the shop: validates what it can and forwards to inventory and orders. */
public final class GatewayService extends ServiceVerticle {

    public static final String NAME = "gateway";

    public GatewayService(ServiceSettings settings) {
        super(NAME, settings);
    }

    @Override
    protected Set<String> dependencies() {
        return Set.of(OrdersService.NAME, InventoryService.NAME);
    }

    /**
     * Orders makes up to three calls in a row (reserve, charge, release), each with the request timeout; the
     * gateway waits for all of them, so a slow payments shows up as orders' 504 naming payments, not as a
     * gateway timeout hiding the cause.
     */
    @Override
    protected long requestTimeoutMs(String dependency) {
        long timeout = settings.client().requestTimeoutMs();
        return OrdersService.NAME.equals(dependency)
                ? 3 * timeout + settings.client().connectTimeoutMs()
                : timeout;
    }

    @Override
    protected void routes(Routes routes) {
        routes.get("/api/products", ctx -> forward(ctx, InventoryService.NAME, HttpMethod.GET, "/products", 200));
        routes.get(
                "/api/products/:sku",
                ctx -> forward(
                        ctx, InventoryService.NAME, HttpMethod.GET, "/products/" + segment(ctx.pathParam("sku")), 200));
        routes.post("/api/orders", this::createOrder);
        routes.get(
                "/api/orders/:id",
                ctx -> forward(
                        ctx, OrdersService.NAME, HttpMethod.GET, "/orders/" + segment(ctx.pathParam("id")), 200));
    }

    private Future<Reply> createOrder(RoutingContext ctx) {
        OrderRequest request = OrderRequest.parse(Bodies.jsonObject(ctx));
        return downstream(OrdersService.NAME)
                .call(ctx, HttpMethod.POST, "/orders", request.toJson())
                .map(Reply::created);
    }

    /** Path parameters are decoded by the router; encode them again so they stay one segment downstream. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Future<Reply> forward(RoutingContext ctx, String dependency, HttpMethod method, String path, int status) {
        return downstream(dependency).call(ctx, method, path, null).map(body -> new Reply(status, body));
    }
}
