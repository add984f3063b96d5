package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.JsonFields;
import dev.chaoslab.chaos.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/** Answers matching requests with a chosen status and a JSON error body instead of serving them. */
public final class ErrorFault implements FaultType {

    /** The lowest status an error fault answers. */
    public static final int MIN_STATUS = 400;
    /** The highest status an error fault answers. */
    public static final int MAX_STATUS = 599;

    @Override
    public String name() {
        return "error";
    }

    @Override
    public Set<String> fields() {
        return Set.of("status");
    }

    @Override
    public FaultBehaviour parse(JsonFields fault, FaultScope scope) {
        Long status =
                fault.integer("status", true, MIN_STATUS, MAX_STATUS, "an error fault answers a 4xx or 5xx status");
        return status == null ? null : new Behaviour(status.intValue());
    }

    record Behaviour(int status) implements FaultBehaviour.OnRequest {

        @Override
        public Future<Boolean> apply(Injection injection) {
            injection.record(Map.of("status", status));
            JsonObject body = new JsonObject()
                    .put("error", "chaos_injected")
                    .put(
                            "message",
                            "answered " + status + " by chaos fault "
                                    + injection.fault().id())
                    .put("fault_id", injection.fault().id());
            return Responses.json(injection.ctx(), status, body).map(false);
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("status", status);
        }
    }
}
