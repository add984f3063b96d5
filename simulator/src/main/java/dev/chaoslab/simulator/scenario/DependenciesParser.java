package dev.chaoslab.simulator.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a scenario's {@code dependencies:} block: for a target, the names of the services it calls
 * ({@code dependencies: {orders: [inventory, payments]}}), against which its dependency faults are checked before
 * the run. The target checks them again when the fault is posted.
 */
final class DependenciesParser {
    private final Tree tree;

    DependenciesParser(Tree tree) {
        this.tree = tree;
    }

    /** The declared dependencies by target; a target that is not declared is absent. */
    Map<String, List<String>> parse(Tree.Obj s, List<String> targetNames) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Node n = s.get("dependencies", false, "a mapping");
        if (n == null) {
            return out;
        }
        String field = s.field("dependencies");
        if (!(n instanceof MappingNode m)) {
            tree.problem(
                    n,
                    field,
                    "expected a mapping of target names to the services each calls, e.g. "
                            + "dependencies: {orders: [inventory, payments]}; got " + Tree.describe(n));
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String target = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
            if (target == null || !targetNames.contains(target)) {
                tree.problem(
                        t.getKeyNode(),
                        field,
                        "expected one of the scenario's targets (" + String.join(", ", targetNames) + ")"
                                + (target == null ? "" : ", not '" + target + "'"));
                continue;
            }
            List<Node> items = tree.list(t.getValueNode(), field + "." + target);
            if (items == null) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String name = tree.str(items.get(i), field + "." + target + "[" + i + "]");
                if (name != null) {
                    names.add(name);
                }
            }
            out.put(target, List.copyOf(names));
        }
        return Collections.unmodifiableMap(out);
    }
}
