package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Never answers matching requests: the client waits until it gives up. A hung request is forgotten when its
 * connection closes (the client timed out); those still hung when the fault goes (TTL or DELETE) get their
 * connection closed, so nothing is held longer than the fault lives.
 */
public final class HangFault implements FaultType {

    @Override
    public String name() {
        return "hang";
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public FaultBehaviour parse(JsonFields fault, FaultScope scope) {
        return new Behaviour();
    }

    static final class Behaviour implements FaultBehaviour.OnRequest {

        private final Set<RoutingContext> hung = ConcurrentHashMap.newKeySet();

        @Override
        public Future<Boolean> apply(Injection injection) {
            RoutingContext ctx = injection.ctx();
            injection.record(Map.of());
            hung.add(ctx);
            ctx.response().closeHandler(v -> hung.remove(ctx));
            return Future.succeededFuture(false);
        }

        int hungRequests() {
            return hung.size();
        }

        @Override
        public void onRemoved() {
            for (RoutingContext ctx : hung) {
                ctx.request().connection().close();
            }
            hung.clear();
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject();
        }
    }
}
