package dev.chaoslab.chaos;

import java.util.Set;

/** What a fault definition is checked against: the service's ceilings, routes and dependencies. */
public record FaultScope(String service, ChaosOptions options, Set<String> routes, Set<String> dependencies) {
}
