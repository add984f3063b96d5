package dev.chaoslab.chaos.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of JSON fields that record a {@link Problems} entry (naming the field by its path) instead of
 * throwing, so a body is validated whole. Each getter returns {@code null} when the field is absent or wrong.
 */
public final class JsonFields {

    private final JsonObject json;
    private final String prefix;
    private final Problems problems;

    public JsonFields(JsonObject json, String prefix, Problems problems) {
        this.json = json;
        this.prefix = prefix;
        this.problems = problems;
    }

    public String path(String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    public Problems problems() {
        return problems;
    }

    public boolean has(String field) {
        return json.containsKey(field) && json.getValue(field) != null;
    }

    /** Refuses fields other than {@code known}: a misspelt field silently ignored is worse than a 400. */
    public void onlyKnown(Set<String> known) {
        for (String key : json.fieldNames()) {
            if (!known.contains(key)) {
                problems.add(
                        path(key), "is not a known field; known fields: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    public String string(String field, boolean required, int maxLength) {
        Object value = json.getValue(field);
        if (value == null) {
            if (required) {
                problems.add(path(field), "is required");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            problems.add(path(field), "must be a string");
            return null;
        }
        if (s.isBlank()) {
            problems.add(path(field), "must not be empty");
            return null;
        }
        if (s.length() > maxLength) {
            problems.add(path(field), "must be at most " + maxLength + " characters");
            return null;
        }
        return s;
    }

    public Double number(String field, boolean required) {
        Object value = json.getValue(field);
        if (value == null) {
            if (required) {
                problems.add(path(field), "is required");
            }
            return null;
        }
        if (!(value instanceof Number n)) {
            problems.add(path(field), "must be a number");
            return null;
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            problems.add(path(field), "must be a finite number");
            return null;
        }
        return d;
    }

    /** A number within [min, max]; {@code reason} says where the bound comes from. */
    public Double number(String field, boolean required, double min, double max, String reason) {
        Double d = number(field, required);
        if (d == null) {
            return null;
        }
        if (d < min) {
            problems.add(path(field), "must be ≥ " + format(min));
            return null;
        }
        if (d > max) {
            problems.add(path(field), "must be ≤ " + format(max) + (reason == null ? "" : " (" + reason + ")"));
            return null;
        }
        return d;
    }

    public Long integer(String field, boolean required, long min, long max, String reason) {
        Object value = json.getValue(field);
        if (value != null && value instanceof Number n && n.doubleValue() != Math.rint(n.doubleValue())) {
            problems.add(path(field), "must be a whole number");
            return null;
        }
        Double d = number(field, required, min, max, reason);
        return d == null ? null : d.longValue();
    }

    public JsonObject object(String field, boolean required) {
        Object value = json.getValue(field);
        if (value == null) {
            if (required) {
                problems.add(path(field), "is required");
            }
            return null;
        }
        if (!(value instanceof JsonObject o)) {
            problems.add(path(field), "must be a JSON object");
            return null;
        }
        return o;
    }

    public JsonArray array(String field, boolean required) {
        Object value = json.getValue(field);
        if (value == null) {
            if (required) {
                problems.add(path(field), "is required");
            }
            return null;
        }
        if (!(value instanceof JsonArray a)) {
            problems.add(path(field), "must be a JSON array");
            return null;
        }
        return a;
    }

    public JsonFields nested(String field, JsonObject value) {
        return new JsonFields(value, path(field), problems);
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
