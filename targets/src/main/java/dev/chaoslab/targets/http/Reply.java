package dev.chaoslab.targets.http;

import io.vertx.core.json.JsonObject;

/** A JSON answer of a shop route. */
public record Reply(int status, JsonObject body) {

    public static Reply ok(JsonObject body) {
        return new Reply(200, body);
    }

    public static Reply created(JsonObject body) {
        return new Reply(201, body);
    }

    public static Reply noContent() {
        return new Reply(204, null);
    }
}
