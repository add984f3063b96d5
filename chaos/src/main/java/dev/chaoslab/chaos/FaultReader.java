package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.JsonFields;
import dev.chaoslab.chaos.http.Problems;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a fault definition (the JSON of {@code POST /chaos/faults}) into a {@link FaultSpec}: the common fields
 * ({@code type}, {@code ttl}, {@code probability}, {@code match}, {@code labels}) here, the type's own fields by
 * its {@link FaultType}. Every problem is recorded naming its field by path ({@code latency.ms}), so one answer
 * lists them all. Stateless and thread-safe.
 */
public final class FaultReader {

    /** The fields every fault type reads. */
    public static final Set<String> COMMON_FIELDS = Set.of("type", "ttl", "probability", "match", "labels");
    /** The fields of {@code match}. */
    public static final List<String> MATCH_FIELDS = List.of("method", "route");
    /** The HTTP methods {@code match.method} accepts (any case). */
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    /** A label name: letters, digits and {@code _}, not starting with a digit, at most 63 characters. */
    public static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,62}");

    public static final int MAX_LABELS = 16;
    public static final int MAX_LABEL_VALUE = 128;

    private final FaultTypes types;

    public FaultReader(FaultTypes types) {
        this.types = types;
    }

    public FaultTypes types() {
        return types;
    }

    /**
     * Reads a fault or throws.
     *
     * @throws ApiError 400 {@code invalid_fault} with a {@code problems} array naming every bad field
     */
    public FaultSpec read(JsonObject json, FaultScope scope) {
        Problems problems = new Problems();
        FaultSpec spec = read(json, scope, problems);
        problems.throwIfAny("invalid_fault", "the fault is not valid");
        return spec;
    }

    /** Reads a fault, recording each problem in {@code problems}; returns {@code null} when there is any. */
    public FaultSpec read(JsonObject json, FaultScope scope, Problems problems) {
        int before = problems.list().size();
        JsonFields f = new JsonFields(json, "", problems);
        String typeName = f.string("type", true, 32);
        FaultType type = typeName == null ? null : types.get(typeName).orElse(null);
        if (typeName != null && type == null) {
            problems.add("type", "must be one of " + types.names() + ", not '" + typeName + "'");
        }
        if (type != null) {
            checkFields(json, type, problems);
        }
        long ttlMs = ttl(f, scope.options());
        Double probability = f.number("probability", false, 0, 1, null);
        String[] match = match(f, scope);
        Map<String, String> labels = labels(f);
        FaultBehaviour behaviour = type == null ? null : type.parse(f, scope);
        if (problems.list().size() > before || behaviour == null) {
            return null;
        }
        return new FaultSpec(
                type, ttlMs, probability == null ? 1.0 : probability, match[0], match[1], labels, behaviour);
    }

    private void checkFields(JsonObject json, FaultType type, Problems problems) {
        for (String key : json.fieldNames()) {
            if (COMMON_FIELDS.contains(key) || type.fields().contains(key)) {
                continue;
            }
            Optional<FaultType> owner =
                    types.all().stream().filter(t -> t.fields().contains(key)).findFirst();
            if (owner.isPresent()) {
                problems.add(
                        key,
                        "is not used by a '" + type.name() + "' fault (it belongs to type '"
                                + owner.get().name() + "')");
            } else {
                Set<String> known = new TreeSet<>(COMMON_FIELDS);
                known.addAll(type.fields());
                problems.add(
                        key,
                        "is not a known field of a '" + type.name() + "' fault; known fields: "
                                + String.join(", ", known));
            }
        }
    }

    private static long ttl(JsonFields f, ChaosOptions options) {
        String text = f.string("ttl", true, 32);
        if (text == null) {
            return -1;
        }
        Duration ttl;
        try {
            ttl = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            f.problems().add("ttl", "must be a duration such as " + Durations.EXAMPLES + ", not '" + text + "'");
            return -1;
        }
        long ms = ttl.toMillis();
        if (ms <= 0) {
            f.problems().add("ttl", "must be more than 0 (at least 1ms)");
        } else if (ms > options.maxTtlMs()) {
            f.problems()
                    .add(
                            "ttl",
                            "must be ≤ " + Durations.formatMillis(options.maxTtlMs())
                                    + " (the TTL ceiling; set CHAOS_MAX_TTL_MS to raise it)");
        }
        return ms;
    }

    private static String[] match(JsonFields f, FaultScope scope) {
        JsonObject json = f.object("match", false);
        if (json == null) {
            return new String[2];
        }
        JsonFields m = f.nested("match", json);
        m.onlyKnown(Set.copyOf(MATCH_FIELDS));
        String method = m.string("method", false, 16);
        if (method != null && !METHODS.contains(method.toUpperCase())) {
            m.problems()
                    .add(
                            m.path("method"),
                            "must be an HTTP method (" + String.join(", ", new TreeSet<>(METHODS)) + "), not '" + method
                                    + "'");
            method = null;
        }
        method = method == null ? null : method.toUpperCase();
        String route = m.string("route", false, 256);
        if (route != null && !scope.knowsRoutes()) {
            if (!route.startsWith("/")) {
                m.problems()
                        .add(
                                m.path("route"),
                                "must be a route pattern starting with '/', e.g. /api/orders, not '" + route + "'");
            }
        } else if (route != null) {
            Set<String> known = scope.routes();
            String r = route;
            String routes = String.join(", ", new TreeSet<>(known));
            if (known.stream().noneMatch(k -> k.endsWith(" " + r))) {
                m.problems()
                        .add(
                                m.path("route"),
                                "must be a route pattern of " + scope.service() + " (" + routes + "), not '" + route
                                        + "'");
            } else if (method != null && !known.contains(method + " " + route)) {
                m.problems()
                        .add(
                                m.path("method"),
                                scope.service() + " has no route " + method + " " + route + " (" + routes + ")");
            }
        }
        return new String[] {method, route};
    }

    private static Map<String, String> labels(JsonFields f) {
        JsonObject json = f.object("labels", false);
        Map<String, String> labels = new LinkedHashMap<>();
        if (json == null) {
            return labels;
        }
        if (json.size() > MAX_LABELS) {
            f.problems().add("labels", "must have at most " + MAX_LABELS + " entries");
            return labels;
        }
        JsonFields l = f.nested("labels", json);
        for (String key : json.fieldNames()) {
            if (!LABEL_NAME.matcher(key).matches()) {
                f.problems().add(l.path(key), "is not a label name (letters, digits and _, not starting with a digit)");
                continue;
            }
            String value = l.string(key, true, MAX_LABEL_VALUE);
            if (value != null) {
                labels.put(key, value);
            }
        }
        return labels;
    }
}
