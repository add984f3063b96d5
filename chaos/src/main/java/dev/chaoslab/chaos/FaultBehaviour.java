package dev.chaoslab.chaos;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** What a stored fault does. Either acts on incoming requests or on this service's calls to a dependency. */
public sealed interface FaultBehaviour permits FaultBehaviour.OnRequest, FaultBehaviour.OnDependencyCall {

    /** The type-specific fields, echoed back in the stored fault. */
    JsonObject toJson();

    /** Called once when the fault is removed (TTL, DELETE, shutdown): releases whatever it still holds. */
    default void onRemoved() {}

    non-sealed interface OnRequest extends FaultBehaviour {
        /** Acts on one request; completes with {@code true} when the request should go on to its handler. */
        Future<Boolean> apply(Injection injection);
    }

    non-sealed interface OnDependencyCall extends FaultBehaviour {
        String dependency();

        /**
         * Runs before a call to the dependency: completes to let the call go, or fails with the failure the call
         * should be seen to have ({@link InjectedFailure}).
         */
        Future<Void> beforeCall(Injection injection, long requestTimeoutMs);
    }
}
