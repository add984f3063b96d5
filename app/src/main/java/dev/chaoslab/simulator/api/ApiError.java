package dev.chaoslab.simulator.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An API error as a value: it carries the HTTP status, a stable machine-readable code, a message that says
 * what is wrong and how to fix it, and optionally a list of problems (one per field). Handlers fail their
 * routing context with one; {@link ErrorResponses} answers it as {@code {"error","message","problems"}}.
 * Anything that is not an {@code ApiError} is unexpected and answered 500 without details.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final JsonArray problems;

    /** The longest message answered: whatever a message quotes from a request, the answer stays small. */
    static final int MAX_MESSAGE_CHARS = 2000;

    public ApiError(int status, String code, String message, JsonArray problems) {
        super(
                message != null && message.length() > MAX_MESSAGE_CHARS
                        ? message.substring(0, MAX_MESSAGE_CHARS) + "…"
                        : message,
                null,
                false,
                false);
        this.status = status;
        this.code = code;
        this.problems = problems == null ? new JsonArray() : problems;
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message);
    }

    /** A problem entry: the field (a JSON path such as {@code targets.gateway}) and what is wrong with it. */
    public static JsonObject problem(String field, String message) {
        return new JsonObject().put("field", field).put("message", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public JsonArray problems() {
        return problems;
    }

    public JsonObject toJson() {
        return new JsonObject().put("error", code).put("message", getMessage()).put("problems", problems.copy());
    }
}
