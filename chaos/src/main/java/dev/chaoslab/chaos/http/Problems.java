package dev.chaoslab.chaos.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of a request body, each naming its field, so one answer lists them all instead of
 * making the caller fix one field per round trip.
 */
public final class Problems {

    public record Problem(String field, String message) {}

    private final List<Problem> problems = new ArrayList<>();

    public Problems add(String field, String message) {
        problems.add(new Problem(field, message));
        return this;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(problems);
    }

    /** Fails with a 400 {@code {"error":code,"message":…,"problems":[{field,message}]}} when there are problems. */
    public void throwIfAny(String code, String what) {
        if (problems.isEmpty()) {
            return;
        }
        JsonArray array = new JsonArray();
        problems.forEach(p -> array.add(new JsonObject().put("field", p.field()).put("message", p.message())));
        Problem first = problems.get(0);
        String message = what + ": " + first.field() + " " + first.message()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "");
        throw new ApiError(
                400, new JsonObject().put("error", code).put("message", message).put("problems", array));
    }
}
