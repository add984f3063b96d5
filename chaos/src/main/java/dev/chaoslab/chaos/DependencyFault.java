package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes this service's calls to a named dependency fail or slow down, without touching the dependency:
 * {@code fail} (it answers {@code status}), {@code refuse} (connection refused), {@code timeout} (no answer
 * within the client's request timeout) or {@code latency} (the call starts after a sampled delay; a delay
 * longer than the request timeout is a timeout).
 */
public final class DependencyFault implements FaultType {

    /** The modes, in the order the docs list them. */
    public static final List<String> MODES = List.of("fail", "refuse", "timeout", "latency");
    /** The fields of the {@code dependency} object. */
    public static final List<String> FIELDS = List.of("name", "mode", "status", "latency");

    @Override
    public String name() {
        return "dependency";
    }

    @Override
    public Set<String> fields() {
        return Set.of("dependency");
    }

    @Override
    public FaultBehaviour parse(JsonFields fault, FaultScope scope) {
        JsonObject json = fault.object("dependency", true);
        if (json == null) {
            return null;
        }
        JsonFields f = fault.nested("dependency", json);
        int before = f.problems().list().size();
        f.onlyKnown(Set.copyOf(FIELDS));
        String name = f.string("name", true, 64);
        if (name != null && scope.knowsDependencies() && !scope.dependencies().contains(name)) {
            f.problems()
                    .add(
                            f.path("name"),
                            scope.dependencies().isEmpty()
                                    ? "cannot be '" + name + "': " + scope.service() + " calls no other service"
                                    : "must be a dependency of " + scope.service() + " ("
                                            + String.join(", ", new TreeSet<>(scope.dependencies())) + "), not '" + name
                                            + "'");
        }
        String mode = f.string("mode", true, 16);
        if (mode != null && !MODES.contains(mode)) {
            f.problems().add(f.path("mode"), "must be one of " + String.join(", ", MODES) + ", not '" + mode + "'");
            mode = null;
        }
        int status = 503;
        Delay delay = null;
        if ("fail".equals(mode)) {
            Long s = f.integer(
                    "status",
                    false,
                    ErrorFault.MIN_STATUS,
                    ErrorFault.MAX_STATUS,
                    "a failing dependency answers a 4xx or 5xx status");
            status = s == null ? status : s.intValue();
        } else if (mode != null && f.has("status")) {
            f.problems().add(f.path("status"), "is only used with mode fail");
        }
        if ("latency".equals(mode)) {
            JsonObject latency = f.object("latency", true);
            delay = latency == null
                    ? null
                    : Delay.parse(f.nested("latency", latency), scope.options().maxLatencyMs());
        } else if (mode != null && f.has("latency")) {
            f.problems().add(f.path("latency"), "is only used with mode latency");
        }
        if (f.problems().list().size() > before) {
            return null;
        }
        return new Behaviour(name, mode, status, delay);
    }

    record Behaviour(String dependency, String mode, int status, Delay delay)
            implements FaultBehaviour.OnDependencyCall {

        @Override
        public Future<Void> beforeCall(Injection injection, long requestTimeoutMs) {
            String id = injection.fault().id();
            return switch (mode) {
                case "fail" -> {
                    injection.record(Map.of("dependency", dependency, "mode", mode, "status", status));
                    yield Future.failedFuture(new InjectedFailure(InjectedFailure.Kind.STATUS, status, id));
                }
                case "refuse" -> {
                    injection.record(Map.of("dependency", dependency, "mode", mode));
                    yield Future.failedFuture(new InjectedFailure(InjectedFailure.Kind.REFUSED, 0, id));
                }
                case "timeout" -> {
                    injection.record(Map.of("dependency", dependency, "mode", mode));
                    yield timeoutAfter(injection, requestTimeoutMs);
                }
                default -> {
                    double ms = Delay.sampleWithin(
                            delay, injection.random(), injection.options().maxLatencyMs());
                    injection.record(
                            Map.of("dependency", dependency, "mode", mode, "delay_ms", Math.round(ms * 1000) / 1000.0));
                    yield ms >= requestTimeoutMs
                            ? timeoutAfter(injection, requestTimeoutMs)
                            : Timers.after(injection.vertx(), ms);
                }
            };
        }

        private static Future<Void> timeoutAfter(Injection injection, long requestTimeoutMs) {
            return Timers.after(injection.vertx(), requestTimeoutMs)
                    .compose(v -> Future.failedFuture(new InjectedFailure(
                            InjectedFailure.Kind.TIMEOUT, 0, injection.fault().id())));
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("name", dependency).put("mode", mode);
            if ("fail".equals(mode)) {
                json.put("status", status);
            }
            if (delay != null) {
                json.put("latency", delay.toJson());
            }
            return new JsonObject().put("dependency", json);
        }
    }
}
