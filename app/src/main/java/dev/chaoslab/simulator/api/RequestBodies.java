package dev.chaoslab.simulator.api;

import dev.chaoslab.simulator.scenario.Excerpt;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads JSON request bodies, turning every malformation into a 400 that says what was expected. */
final class RequestBodies {

    private RequestBodies() {}

    /** The body as a JSON object; an empty body is an empty object. */
    static JsonObject json(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        Object value;
        try {
            value = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw ApiError.badRequest(
                    "invalid_json",
                    "The body is not valid JSON (" + firstLine(e.getMessage())
                            + "). Send a JSON object and 'Content-Type: application/json'.");
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiError.badRequest(
                    "invalid_json", "The body must be a JSON object, e.g. {\"scenario\":\"baseline\"}.");
        }
        return object;
    }

    /** An optional string field; present but not a string is a 400. */
    static String string(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiError.badRequest("invalid_request", "'" + field + "' must be a string.");
        }
        return s;
    }

    /** An optional number field; present but not a number is a 400. */
    static Double number(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)) {
            throw ApiError.badRequest(
                    "invalid_request",
                    "'" + field + "' must be a number, was " + Excerpt.of(String.valueOf(value)) + ".");
        }
        return n.doubleValue();
    }

    /**
     * An optional field of any JSON type, for fields that take several (a scenario inline as YAML text or as a JSON
     * object; the targets map); the caller checks the type and answers a 400 naming the field.
     */
    static Object any(JsonObject body, String field) {
        return body.getValue(field);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
