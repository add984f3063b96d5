package dev.chaoslab.simulator.result.json;

import dev.chaoslab.simulator.result.ResultFormatException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed reads of one JSON object for {@link ResultReader}, each failing with the field's path: a missing optional
 * value is its default, a value of the wrong type is a {@link ResultFormatException}. Knows no keys of its own.
 */
final class JsonFields {
    private final JsonObject json;
    private final String path;

    JsonFields(JsonObject json, String path) {
        this.json = json == null ? new JsonObject() : json;
        this.path = path;
    }

    boolean has(String key) {
        return json.getValue(key) != null;
    }

    boolean containsKey(String key) {
        return json.containsKey(key);
    }

    String string(String key) {
        Object v = json.getValue(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrong(key, "a string", v);
    }

    String requiredString(String key) {
        String v = string(key);
        if (v == null) {
            throw new ResultFormatException(at(key), "missing");
        }
        return v;
    }

    Number number(String key) {
        Object v = json.getValue(key);
        if (v == null || v instanceof Number) {
            return (Number) v;
        }
        throw wrong(key, "a number", v);
    }

    long longValue(String key, long def) {
        Number n = number(key);
        return n == null ? def : n.longValue();
    }

    Long optionalLong(String key) {
        Number n = number(key);
        return n == null ? null : n.longValue();
    }

    Integer optionalInt(String key) {
        Number n = number(key);
        return n == null ? null : n.intValue();
    }

    double doubleValue(String key, double def) {
        Number n = number(key);
        return n == null ? def : n.doubleValue();
    }

    /** A double that may be written as {@code "+Inf"} / {@code "-Inf"} / {@code "NaN"}, as Prometheus writes them. */
    Double extendedDouble(String key) {
        return extendedDouble(json.getValue(key), key);
    }

    Double extendedDouble(Object v, String key) {
        if (v == null || v instanceof Number) {
            return v == null ? null : ((Number) v).doubleValue();
        }
        if (v instanceof String s) {
            switch (s) {
                case "+Inf", "Inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "NaN" -> {
                    return Double.NaN;
                }
                default -> {}
            }
        }
        throw wrong(key, "a number", v);
    }

    Double optionalDouble(String key) {
        Number n = number(key);
        return n == null ? null : n.doubleValue();
    }

    Boolean optionalBoolean(String key) {
        Object v = json.getValue(key);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw wrong(key, "true or false", v);
    }

    boolean bool(String key, boolean def) {
        Boolean b = optionalBoolean(key);
        return b == null ? def : b;
    }

    Instant instant(String key) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new ResultFormatException(at(key), "not an ISO-8601 instant: \"" + s + "\"");
        }
    }

    /** The object under {@code key}, empty when missing. */
    JsonFields object(String key) {
        Object v = json.getValue(key);
        if (v == null || v instanceof JsonObject) {
            return new JsonFields((JsonObject) v, at(key));
        }
        throw wrong(key, "an object", v);
    }

    JsonObject rawObject(String key) {
        Object v = json.getValue(key);
        if (v == null || v instanceof JsonObject) {
            return (JsonObject) v;
        }
        throw wrong(key, "an object", v);
    }

    JsonArray rawArray(String key) {
        Object v = json.getValue(key);
        if (v == null || v instanceof JsonArray) {
            return (JsonArray) v;
        }
        throw wrong(key, "an array", v);
    }

    /** The objects of the array under {@code key}, each read by {@code read}; empty when missing. */
    <T> List<T> list(String key, Function<JsonFields, T> read) {
        Object v = json.getValue(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray array)) {
            throw wrong(key, "an array", v);
        }
        List<T> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            Object item = array.getValue(i);
            String itemPath = at(key) + "[" + i + "]";
            if (!(item instanceof JsonObject o)) {
                throw new ResultFormatException(itemPath, "expected an object, found " + describe(item));
            }
            out.add(read.apply(new JsonFields(o, itemPath)));
        }
        return out;
    }

    /** The array under {@code key} or null when missing, like {@link #list} otherwise. */
    <T> List<T> listOrNull(String key, Function<JsonFields, T> read) {
        return json.getValue(key) == null ? null : list(key, read);
    }

    Iterable<String> keys() {
        return json.fieldNames();
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ResultFormatException problem(String key, String problem) {
        return new ResultFormatException(at(key), problem);
    }

    private ResultFormatException wrong(String key, String expected, Object found) {
        return new ResultFormatException(at(key), "expected " + expected + ", found " + describe(found));
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        return v instanceof JsonObject ? "an object" : v instanceof JsonArray ? "an array" : v.toString();
    }
}
