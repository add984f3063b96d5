package dev.chaoslab.chaos.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers. */
public final class Responses {

  public static final String JSON = "application/json";

  private Responses() {
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.encode());
  }

  public static Future<Void> error(RoutingContext ctx, ApiError error) {
    return json(ctx, error.status(), error.body());
  }
}
