package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/** Delays matching requests by a sampled amount (on a timer), then lets them through. */
public final class LatencyFault implements FaultType {

    /** Response header with the injected delay in ms, so clients can tell injected from incidental latency. */
    static final String DELAY_HEADER = "X-Chaos-Delay-Ms";

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public Set<String> fields() {
        return Set.of("latency");
    }

    @Override
    public FaultBehaviour parse(JsonFields fault, FaultScope scope) {
        JsonObject latency = fault.object("latency", true);
        if (latency == null) {
            return null;
        }
        Delay delay =
                Delay.parse(fault.nested("latency", latency), scope.options().maxLatencyMs());
        return delay == null ? null : new Behaviour(delay);
    }

    record Behaviour(Delay delay) implements FaultBehaviour.OnRequest {

        @Override
        public Future<Boolean> apply(Injection injection) {
            double ms = Delay.sampleWithin(
                    delay, injection.random(), injection.options().maxLatencyMs());
            double rounded = Math.round(ms * 1000) / 1000.0;
            injection.record(Map.of("delay_ms", rounded));
            injection.ctx().response().headers().add(DELAY_HEADER, Double.toString(rounded));
            return Timers.after(injection.vertx(), ms).map(true);
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("latency", delay.toJson());
        }
    }
}
