package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/** Closes the connection of matching requests without sending a response. */
public final class ResetFault implements FaultType {

    @Override
    public String name() {
        return "reset";
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public FaultBehaviour parse(JsonFields fault, FaultScope scope) {
        return new Behaviour();
    }

    record Behaviour() implements FaultBehaviour.OnRequest {

        @Override
        public Future<Boolean> apply(Injection injection) {
            injection.record(Map.of());
            return injection.ctx().request().connection().close().map(false);
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject();
        }
    }
}
