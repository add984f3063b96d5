package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Bodies;
import dev.chaoslab.chaos.http.CrossSiteGuard;
import dev.chaoslab.chaos.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos control API of a service ({@code /chaos/faults}). Mutating calls need
 * {@code Authorization: Bearer <CHAOS_TOKEN>} when a token is configured, and are refused outright when the
 * service listens on a non-loopback address without one.
 */
public final class ChaosApi {

    private static final String LABEL_PREFIX = "label.";

    private final ChaosEngine engine;
    private final String token;
    private final boolean exposed;

    /** {@code exposed}: the service listens on a non-loopback address. */
    public ChaosApi(ChaosEngine engine, String token, boolean exposed) {
        this.engine = engine;
        this.token = token;
        this.exposed = exposed;
    }

    /** Whether mutating calls need a token. */
    public boolean requiresToken() {
        return token != null || exposed;
    }

    /** Mounts the routes; the router needs a body handler on {@code /chaos/*} before these. */
    public void mount(Router router) {
        router.route("/chaos/*")
                .handler(new CrossSiteGuard(
                        !exposed, List.of("application/json"), why -> new ApiError(403, "cross_site_refused", why)));
        router.post("/chaos/faults").handler(this::authorize).handler(this::add);
        router.get("/chaos/faults").handler(this::list);
        router.get("/chaos/faults/:id").handler(this::get);
        router.delete("/chaos/faults/:id").handler(this::authorize).handler(this::delete);
        router.delete("/chaos/faults").handler(this::authorize).handler(this::deleteAll);
    }

    private void authorize(RoutingContext ctx) {
        if (!requiresToken()) {
            ctx.next();
            return;
        }
        if (token == null) {
            throw unauthorized(
                    engine.service() + " listens on a non-loopback address and CHAOS_TOKEN is not set, so changes "
                            + "to faults are refused; set CHAOS_TOKEN and send Authorization: Bearer <token>");
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            throw unauthorized("changing faults needs Authorization: Bearer <CHAOS_TOKEN>");
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            throw unauthorized("the bearer token does not match CHAOS_TOKEN");
        }
        ctx.next();
    }

    private static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    private void add(RoutingContext ctx) {
        Fault fault = engine.add(Bodies.jsonObject(ctx));
        ctx.response().putHeader("Location", "/chaos/faults/" + fault.id());
        Responses.json(ctx, 201, fault.toJson());
    }

    private void list(RoutingContext ctx) {
        Map<String, String> labels = labelFilter(ctx);
        JsonArray array = new JsonArray();
        engine.list().stream().filter(f -> f.hasLabels(labels)).forEach(f -> array.add(f.toJson()));
        Responses.json(ctx, 200, new JsonObject().put("faults", array));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Fault fault = engine.get(id).orElseThrow(() -> notFound(id));
        Responses.json(ctx, 200, fault.toJson());
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!engine.remove(id)) {
            throw notFound(id);
        }
        ctx.response().setStatusCode(204).end();
    }

    private void deleteAll(RoutingContext ctx) {
        int removed = engine.removeAll(labelFilter(ctx));
        Responses.json(ctx, 200, new JsonObject().put("removed", removed));
    }

    private ApiError notFound(String id) {
        return ApiError.notFound(
                "unknown_fault",
                "no active fault " + id + " on " + engine.service()
                        + " (it may have expired); GET /chaos/faults lists the active ones");
    }

    /** {@code ?label.run_id=abc&label.scenario=x}: every other parameter is refused, so a typo cannot widen a delete. */
    private static Map<String, String> labelFilter(RoutingContext ctx) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : ctx.queryParams()) {
            if (!e.getKey().startsWith(LABEL_PREFIX) || e.getKey().length() == LABEL_PREFIX.length()) {
                throw ApiError.badRequest(
                        "invalid_query",
                        "unknown query parameter '" + e.getKey()
                                + "'; filter by labels with label.<name>=<value>, e.g. ?label.run_id=r-1");
            }
            labels.put(e.getKey().substring(LABEL_PREFIX.length()), e.getValue());
        }
        return labels;
    }
}
