package dev.chaoslab.chaos.http;

import io.vertx.core.json.JsonObject;

/**
 * An error that carries its HTTP status and JSON body, so every error path answers with a fixed status and a
 * body that says what is wrong (as Toxiproxy's API errors do). Thrown or used to fail futures; the service's
 * failure handler turns it into the response.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final JsonObject body;

    public ApiError(int status, String code, String message) {
        this(status, new JsonObject().put("error", code).put("message", message));
    }

    public ApiError(int status, JsonObject body) {
        super(body.getString("message", body.getString("error", "error")), null, false, false);
        this.status = status;
        this.body = body;
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }

    /** Adds a field to the body (e.g. {@code dependency}); returns this. */
    public ApiError with(String key, Object value) {
        body.put(key, value);
        return this;
    }

    public int status() {
        return status;
    }

    public JsonObject body() {
        return body.copy();
    }
}
