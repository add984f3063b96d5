package dev.chaoslab.chaos;

import java.util.Objects;
import java.util.Set;

/**
 * What a fault definition is checked against: the ceilings, and the routes and dependencies of the service that
 * will hold it when they are known. A scope that does not know them (the simulator validating a scenario before the
 * target is asked) checks only their form; the target checks them again when the fault is posted.
 *
 * @param service      the service's name, for messages
 * @param options      the ceilings
 * @param routes       the service's routes as {@code "METHOD /pattern"}, or {@code null} when not known here
 * @param dependencies the names of the services it calls, or {@code null} when not known here
 */
public record FaultScope(String service, ChaosOptions options, Set<String> routes, Set<String> dependencies) {

    public FaultScope {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        routes = routes == null ? null : Set.copyOf(routes);
        dependencies = dependencies == null ? null : Set.copyOf(dependencies);
    }

    public boolean knowsRoutes() {
        return routes != null;
    }

    public boolean knowsDependencies() {
        return dependencies != null;
    }
}
