package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * Throttles the response body of matching requests to {@code bytesPerSecond}: the status and headers arrive on
 * time, the body trickles. Only a proxy can apply it (it owns the body stream); an in-process engine refuses it.
 * The behaviour marks the request with the rate under {@link #CTX_KEY}; the proxy paces the body accordingly.
 */
public final class BandwidthFault implements FaultType {

    /** Routing-context key under which the rate (a {@code Long}, bytes per second) is left for the proxy. */
    public static final String CTX_KEY = "chaos.bandwidth";
    /** The lowest rate accepted: slower would hold a connection for hours on a small body. */
    public static final long MIN_BYTES_PER_SECOND = 64;
    /** The highest rate accepted: faster is no throttle on loopback. */
    public static final long MAX_BYTES_PER_SECOND = 1L << 30;

    @Override
    public String name() {
        return "bandwidth";
    }

    @Override
    public Set<String> fields() {
        return Set.of("bytesPerSecond");
    }

    @Override
    public boolean needsProxy() {
        return true;
    }

    @Override
    public FaultBehaviour parse(JsonFields fault, FaultScope scope) {
        Long rate = fault.integer(
                "bytesPerSecond",
                true,
                MIN_BYTES_PER_SECOND,
                MAX_BYTES_PER_SECOND,
                "the response body's rate in bytes per second");
        return rate == null ? null : new Behaviour(rate);
    }

    record Behaviour(long bytesPerSecond) implements FaultBehaviour.OnRequest {

        @Override
        public Future<Boolean> apply(Injection injection) {
            injection.record(Map.of("bytes_per_second", bytesPerSecond));
            injection.ctx().put(CTX_KEY, bytesPerSecond);
            return Future.succeededFuture(true);
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("bytesPerSecond", bytesPerSecond);
        }
    }
}
