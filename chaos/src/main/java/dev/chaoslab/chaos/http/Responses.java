package dev.chaoslab.chaos.http;

import dev.chaoslab.telemetry.AccessLogFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers. */
public final class Responses {

    public static final String JSON = "application/json";

    private Responses() {}

    public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
        return ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", JSON)
                .end(body.encode());
    }

    /**
     * Answers {@code error} with its status and body, and puts its code ({@code error}) and, when a dependency
     * failed, that dependency ({@code dependency}) on the request's access log line, where log queries by status
     * find them.
     */
    public static Future<Void> error(RoutingContext ctx, ApiError error) {
        JsonObject body = error.body();
        String code = body.getValue("error") instanceof String text ? text : null;
        if (code != null) {
            AccessLogFields.put(ctx, "error", code);
        }
        if (body.getValue("dependency") instanceof String dependency) {
            AccessLogFields.put(ctx, "dependency", dependency);
        }
        return json(ctx, error.status(), body);
    }
}
