package dev.chaoslab.simulator.scenario;

import dev.chaoslab.simulator.scenario.template.DataVariable;
import dev.chaoslab.simulator.scenario.template.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a scenario's {@code data:} block: the values its templates draw with {@code ${name}}. A variable is a list
 * of values ({@code region: [eu, us]}) or a range of whole numbers with an optional format
 * ({@code sku: {from: 1, to: 50, format: SKU-%03d}}). Problems are recorded in the tree, located.
 */
final class DataParser {
    /** The most values a list may hold: the block is data for templates, not a data set. */
    static final int MAX_VALUES = 10_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final Tree tree;

    DataParser(Tree tree) {
        this.tree = tree;
    }

    /** The variables by name; empty when the scenario has no {@code data:} block. */
    Map<String, DataVariable> parse(Tree.Obj s) {
        Map<String, DataVariable> out = new LinkedHashMap<>();
        Node n = s.get("data", false, "a mapping");
        if (n == null) {
            return out;
        }
        String field = s.field("data");
        if (!(n instanceof MappingNode m)) {
            tree.problem(
                    n,
                    field,
                    "expected a mapping of variable names to a list of values or {from, to, format}, e.g. "
                            + "data: {sku: {from: 1, to: 50, format: SKU-%03d}, region: [eu, us]}; got "
                            + Tree.describe(n));
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
            if (name == null || !NAME.matcher(name).matches() || Template.RESERVED.contains(name)) {
                tree.problem(
                        t.getKeyNode(),
                        field,
                        "a data variable is named with letters, digits and '_', not starting with a"
                                + " digit, and not "
                                + String.join(
                                        ", ",
                                        Template.RESERVED.stream().sorted().toList())
                                + (name == null ? "" : " (got '" + name + "')"));
                continue;
            }
            DataVariable v = variable(t.getValueNode(), field + "." + name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private DataVariable variable(Node n, String field) {
        if (n instanceof SequenceNode seq) {
            return values(seq, field);
        }
        Tree.Obj o = tree.obj(n, field, ScenarioKeys.DATA_RANGE);
        if (o == null) {
            return null;
        }
        int before = tree.problemCount();
        Long from = o.integer("from", true);
        Long to = o.integer("to", true);
        String format = o.has("format") ? o.str("format", false) : null;
        if (from != null && to != null && from > to) {
            tree.problem(o.node("to"), o.field("to"), "must be ≥ from (" + from + ")");
        } else if (from != null && to != null && to - from < 0) {
            tree.problem(o.node("to"), o.field("to"), "the range " + from + " … " + to + " is too wide");
        }
        if (format != null && !DataVariable.Range.validFormat(format)) {
            tree.problem(
                    o.node("format"),
                    o.field("format"),
                    "expected a pattern with one %d such as SKU-%03d or c-%d (got '" + format + "')");
        }
        return tree.problemCount() > before || from == null || to == null
                ? null
                : new DataVariable.Range(from, to, format);
    }

    private DataVariable values(SequenceNode seq, String field) {
        List<Node> items = seq.getValue();
        if (items.isEmpty() || items.size() > MAX_VALUES) {
            tree.problem(seq, field, "expected 1 to " + MAX_VALUES + " values (got " + items.size() + ")");
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            Object v =
                    item instanceof ScalarNode && !Tree.isNull(item) ? tree.plain(item, field + "[" + i + "]") : null;
            if (v instanceof String || v instanceof Long) {
                values.add(v);
            } else {
                tree.problem(
                        item, field + "[" + i + "]", "expected a string or a whole number, got " + Tree.describe(item));
            }
        }
        return values.size() == items.size() ? new DataVariable.Values(values) : null;
    }
}
