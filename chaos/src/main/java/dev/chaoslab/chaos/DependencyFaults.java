package dev.chaoslab.chaos;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * The hook through which an application's calls to its dependencies meet dependency faults: call
 * {@link #beforeCall} before each downstream call and map an {@link InjectedFailure} exactly as the real failure.
 * {@link ChaosEngine} implements it; {@link #NONE} lets every call go.
 */
@FunctionalInterface
public interface DependencyFaults {

    /** Lets every call go: for an application without chaos. */
    DependencyFaults NONE = (dependency, incoming, requestTimeoutMs) -> Future.succeededFuture();

    /**
     * Runs the dependency faults that match a call to {@code dependency} made while serving {@code incoming}.
     *
     * @param dependency       the dependency's name, one the engine was told about
     * @param incoming         the request being served (its route and method scope the faults)
     * @param requestTimeoutMs the call's timeout: a {@code timeout} fault fails after it
     * @return completes when the call may go; fails with an {@link InjectedFailure} when it should be seen to fail
     */
    Future<Void> beforeCall(String dependency, RoutingContext incoming, long requestTimeoutMs);
}
