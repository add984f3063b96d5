package dev.chaoslab.chaos.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads request bodies, answering 400 with a clear message when the body is not what the route expects. */
public final class Bodies {

    private Bodies() {}

    public static JsonObject jsonObject(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest(
                    "invalid_body",
                    "the request body is empty; send a JSON object with Content-Type: application/json");
        }
        Object value;
        try {
            value = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw ApiError.badRequest(
                    "invalid_body", "the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiError.badRequest("invalid_body", "the request body must be a JSON object, not " + describe(value));
        }
        return object;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        return switch (value.getClass().getSimpleName()) {
            case "JsonArray" -> "an array";
            case "String" -> "a string";
            case "Boolean" -> "a boolean";
            default -> "a number";
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
