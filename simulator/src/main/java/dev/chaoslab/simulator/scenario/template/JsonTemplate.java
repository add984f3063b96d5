package dev.chaoslab.simulator.scenario.template;

import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled JSON body template: a tree of objects, arrays and scalars whose strings may hold
 * {@link Template} expressions. Rendering writes JSON text directly (no intermediate tree).
 *
 * <p>A string that is exactly one numeric expression ({@code "${randomInt(1,5)}"}, {@code "${seq}"}) is
 * written as a JSON number; one that is exactly a step reference keeps the referenced value's JSON
 * type. Everything else is a JSON string. Immutable and thread-safe.
 */
public final class JsonTemplate {
    private final Node root;
    private final Object source;
    private final Set<String> stepRefs;

    private JsonTemplate(Node root, Object source, Set<String> stepRefs) {
        this.root = root;
        this.source = source;
        this.stepRefs = stepRefs;
    }

    /**
     * Compiles a body from plain data (Map with String keys, List, String, Number, Boolean, null).
     *
     * @throws TemplateException when a string is not a valid template; the message names the JSON path
     */
    public static JsonTemplate compile(Object body) {
        return compile(body, Map.of());
    }

    /**
     * Compiles a body whose strings may use the scenario's {@code data:} variables.
     *
     * @throws TemplateException when a string is not a valid template; the message names the JSON path
     */
    public static JsonTemplate compile(Object body, Map<String, DataVariable> data) {
        Set<String> refs = new LinkedHashSet<>();
        Node root = compile(body, "", refs, data);
        return new JsonTemplate(root, body, Collections.unmodifiableSet(refs));
    }

    private static Node compile(Object v, String path, Set<String> refs, Map<String, DataVariable> data) {
        if (v instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>();
            List<Node> values = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                keys.add(Json.encode(k) + ":");
                values.add(compile(e.getValue(), path.isEmpty() ? k : path + "." + k, refs, data));
            }
            return new ObjectNode(keys.toArray(new String[0]), values.toArray(new Node[0]));
        }
        if (v instanceof List<?> l) {
            Node[] items = new Node[l.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = compile(l.get(i), path + "[" + i + "]", refs, data);
            }
            return new ArrayNode(items);
        }
        if (v instanceof String s) {
            Template t;
            try {
                t = Template.compile(s, data);
            } catch (TemplateException e) {
                throw new TemplateException((path.isEmpty() ? "" : path + ": ") + e.getMessage(), e.offset());
            }
            refs.addAll(t.stepRefs());
            if (t.isConstant()) {
                return new Literal(Json.encode(t.render(null)));
            }
            Expr sole = t.soleExpression();
            if (sole != null && (sole.numeric() || sole instanceof Expr.StepRef)) {
                return new Raw(sole);
            }
            return new Text(t);
        }
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return new Literal(Json.encode(v));
        }
        throw new TemplateException((path.isEmpty() ? "the body" : path) + ": unsupported value "
                + v.getClass().getSimpleName());
    }

    /** The body as written. */
    public Object source() {
        return source;
    }

    /** The journey steps this body reads from. */
    public Set<String> stepRefs() {
        return stepRefs;
    }

    /** Renders the JSON text. */
    public String render(TemplateContext ctx) {
        StringBuilder sb = new StringBuilder(64);
        root.write(sb, ctx);
        return sb.toString();
    }

    private sealed interface Node permits ObjectNode, ArrayNode, Literal, Text, Raw {
        void write(StringBuilder sb, TemplateContext ctx);
    }

    private record ObjectNode(String[] keys, Node[] values) implements Node {
        @Override
        public void write(StringBuilder sb, TemplateContext ctx) {
            sb.append('{');
            for (int i = 0; i < keys.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(keys[i]);
                values[i].write(sb, ctx);
            }
            sb.append('}');
        }
    }

    private record ArrayNode(Node[] items) implements Node {
        @Override
        public void write(StringBuilder sb, TemplateContext ctx) {
            sb.append('[');
            for (int i = 0; i < items.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                items[i].write(sb, ctx);
            }
            sb.append(']');
        }
    }

    private record Literal(String json) implements Node {
        @Override
        public void write(StringBuilder sb, TemplateContext ctx) {
            sb.append(json);
        }
    }

    private record Text(Template template) implements Node {
        @Override
        public void write(StringBuilder sb, TemplateContext ctx) {
            sb.append(Json.encode(template.render(ctx)));
        }
    }

    private record Raw(Expr expr) implements Node {
        @Override
        public void write(StringBuilder sb, TemplateContext ctx) {
            Object v = expr.value(ctx);
            sb.append(v instanceof Number n ? n.toString() : Json.encode(v));
        }
    }
}
