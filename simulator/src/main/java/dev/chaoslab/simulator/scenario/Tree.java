package dev.chaoslab.simulator.scenario;

import dev.chaoslab.chaos.Durations;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a composed YAML node tree while collecting problems with their marks, so one pass reports
 * everything wrong with a file. Each accessor returns null (after recording a problem) when the value
 * is missing or malformed, and callers carry on with what they have.
 */
final class Tree {
    private final String source;
    private final List<ScenarioProblem> problems = new ArrayList<>();

    Tree(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    List<ScenarioProblem> problems() {
        return problems;
    }

    int problemCount() {
        return problems.size();
    }

    void problem(Node at, String field, String message) {
        Mark m = at == null ? null : at.getStartMark().orElse(null);
        problems.add(new ScenarioProblem(
                source, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, field, message));
    }

    void problemAt(int line, int column, String field, String message) {
        problems.add(new ScenarioProblem(source, line, column, field, message));
    }

    /** A mapping node read as an object with a fixed set of keys. */
    final class Obj {
        final Node node;
        final String path;
        private final Map<String, Node> values = new LinkedHashMap<>();
        private final Map<String, Node> keyNodes = new LinkedHashMap<>();

        Obj(MappingNode node, String path) {
            this.node = node;
            this.path = path;
            for (NodeTuple t : node.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key == null) {
                    problem(t.getKeyNode(), path, "keys must be plain names");
                } else if (values.containsKey(key)) {
                    problem(t.getKeyNode(), field(key), "duplicate key '" + key + "'; keep only one");
                } else {
                    values.put(key, t.getValueNode());
                    keyNodes.put(key, t.getKeyNode());
                }
            }
        }

        String field(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return values.containsKey(key) && !isNull(values.get(key));
        }

        Node node(String key) {
            return values.get(key);
        }

        Node keyNode(String key) {
            return keyNodes.get(key);
        }

        java.util.Set<String> keys() {
            return values.keySet();
        }

        /** The value node, or null (recording "missing" when required). */
        Node get(String key, boolean required, String expected) {
            Node n = values.get(key);
            if (n == null || isNull(n)) {
                if (required) {
                    problem(node, field(key), "missing; expected " + expected);
                }
                return null;
            }
            return n;
        }

        String str(String key, boolean required) {
            Node n = get(key, required, "a string");
            return n == null ? null : Tree.this.str(n, field(key));
        }

        Double num(String key, boolean required) {
            Node n = get(key, required, "a number");
            return n == null ? null : Tree.this.num(n, field(key));
        }

        Boolean bool(String key, boolean required) {
            Node n = get(key, required, "true or false");
            return n == null ? null : Tree.this.bool(n, field(key));
        }

        Long integer(String key, boolean required) {
            Node n = get(key, required, "an integer");
            return n == null ? null : Tree.this.integer(n, field(key));
        }

        Duration duration(String key, boolean required) {
            Node n = get(key, required, "a duration such as 30s");
            return n == null ? null : Tree.this.duration(n, field(key));
        }

        /** A duration that must be > 0. */
        Duration positiveDuration(String key, boolean required) {
            Duration d = duration(key, required);
            if (d != null && (d.isZero() || d.isNegative())) {
                problem(
                        node(key),
                        field(key),
                        "must be > 0 (got " + Durations.format(d) + "); write a positive duration such as 30s");
                return null;
            }
            return d;
        }

        List<Node> list(String key, boolean required) {
            Node n = get(key, required, "a list");
            return n == null ? null : Tree.this.list(n, field(key));
        }

        Obj obj(String key, boolean required, List<String> known) {
            Node n = get(key, required, "a mapping");
            return n == null ? null : Tree.this.obj(n, field(key), known);
        }

        Map<String, String> stringMap(String key) {
            Node n = get(key, false, "a mapping");
            if (n == null) {
                return Map.of();
            }
            if (!(n instanceof MappingNode m)) {
                problem(n, field(key), "expected a mapping of names to strings, got " + describe(n));
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (k == null) {
                    problem(t.getKeyNode(), field(key), "keys must be plain names");
                    continue;
                }
                String v = t.getValueNode() instanceof ScalarNode s && !isNull(s) ? s.getValue() : null;
                if (v == null) {
                    problem(
                            t.getValueNode(),
                            field(key) + "." + k,
                            "expected a string, got " + describe(t.getValueNode()));
                } else {
                    out.put(k, v);
                }
            }
            return out;
        }
    }

    /** Reads a mapping, reporting keys outside {@code known} with the closest known key. */
    Obj obj(Node n, String path, List<String> known) {
        if (!(n instanceof MappingNode m)) {
            problem(n, path, "expected a mapping with keys " + String.join(", ", known) + "; got " + describe(n));
            return null;
        }
        Obj o = new Obj(m, path);
        if (known != null) {
            for (String k : o.keys()) {
                if (!known.contains(k)) {
                    problem(o.keyNode(k), o.field(k), Suggestions.unknownKey(k, known));
                }
            }
        }
        return o;
    }

    List<Node> list(Node n, String path) {
        if (!(n instanceof SequenceNode s)) {
            problem(n, path, "expected a list, got " + describe(n));
            return null;
        }
        return s.getValue();
    }

    String str(Node n, String path) {
        if (n instanceof ScalarNode s && !isNull(s)) {
            if (s.getTag().equals(Tag.STR)
                    || s.getTag().equals(Tag.INT)
                    || s.getTag().equals(Tag.FLOAT)) {
                return s.getValue();
            }
        }
        problem(n, path, "expected a string, got " + describe(n));
        return null;
    }

    Double num(Node n, String path) {
        if (n instanceof ScalarNode s
                && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
            try {
                double v = Double.parseDouble(s.getValue().replace("_", ""));
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(n, path, "expected a number, got " + describe(n));
        return null;
    }

    Boolean bool(Node n, String path) {
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
        }
        problem(n, path, "expected true or false, got " + describe(n));
        return null;
    }

    Long integer(Node n, String path) {
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                return Long.parseLong(s.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(n, path, "expected an integer, got " + describe(n));
        return null;
    }

    Duration duration(Node n, String path) {
        if (n instanceof ScalarNode s && !isNull(s)) {
            if (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT)) {
                problem(n, path, "a duration needs a unit: write " + s.getValue() + "s or " + s.getValue() + "ms");
                return null;
            }
            String text = s.getValue();
            if (text.startsWith("-")) {
                problem(n, path, "must not be negative (got " + text + "); write a positive duration such as 30s");
                return null;
            }
            try {
                Duration d = Durations.parse(text);
                if (d.toNanos() % 1_000_000 != 0) {
                    problem(
                            n,
                            path,
                            "durations are whole milliseconds, the engine's clock does not tick finer (got "
                                    + Excerpt.of(text) + "); write e.g. 1ms");
                    return null;
                }
                return d;
            } catch (IllegalArgumentException e) {
                problem(n, path, Excerpt.of(e.getMessage(), 200));
                return null;
            }
        }
        problem(n, path, "expected a duration such as 500ms, 30s, 2m or 1h, got " + describe(n));
        return null;
    }

    /** The node as plain JSON-able data (Map, List, String, Long, Double, Boolean, null). */
    Object plain(Node n, String path) {
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (k == null) {
                    problem(t.getKeyNode(), path, "keys must be plain names");
                } else {
                    out.put(k, plain(t.getValueNode(), path + "." + k));
                }
            }
            return Collections.unmodifiableMap(out);
        }
        if (n instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                out.add(plain(items.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        ScalarNode s = (ScalarNode) n;
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return Boolean.parseBoolean(s.getValue().toLowerCase());
        }
        if (tag.equals(Tag.INT)) {
            try {
                return Long.parseLong(s.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                return bigInteger(s.getValue());
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return Double.parseDouble(s.getValue());
            } catch (NumberFormatException e) {
                return s.getValue();
            }
        }
        return s.getValue();
    }

    /** A whole number too large for a long, kept a number; the text when it is not one (e.g. hex or octal). */
    private static Object bigInteger(String text) {
        try {
            return new BigInteger(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static String describe(Node n) {
        if (n == null) {
            return "nothing";
        }
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        Tag t = s.getTag();
        String kind = t.equals(Tag.NULL)
                ? "null"
                : t.equals(Tag.BOOL)
                        ? "a boolean"
                        : t.equals(Tag.INT) ? "an integer" : t.equals(Tag.FLOAT) ? "a number" : "a string";
        return t.equals(Tag.NULL) ? kind : kind + " '" + Excerpt.of(s.getValue()) + "'";
    }
}
