package dev.chaoslab.simulator.scenario;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Refuses YAML whose shape could exhaust the stack or the heap before it is composed: nesting deeper than
 * {@link #MAX_DEPTH}, an alias inside the collection it names (a recursive alias), and a document whose nodes,
 * with every alias expanded, number more than {@link #MAX_EXPANDED_NODES} (a "billion laughs" stays small as text
 * and as a node graph, but every reader that walks it walks the expansion).
 *
 * <p>One pass over the parser's events, iterative and linear in the text. Syntax errors are left to the composer,
 * which reports them with their position.
 */
final class YamlLimits {
    /** Deeper than any scenario needs (a scenario is about 6 levels deep); far below what recursion can take. */
    static final int MAX_DEPTH = 64;
    /** Nodes with aliases expanded: a 10 000-line scenario file has about 30 000. */
    static final long MAX_EXPANDED_NODES = 200_000;

    private YamlLimits() {}

    /** Records a problem in {@code tree} and returns false when {@code text} passes a limit. */
    static boolean check(Tree tree, LoadSettings settings, String text) {
        Map<String, Long> anchors = new HashMap<>();
        Deque<long[]> open = new ArrayDeque<>(); // per open collection: {expanded size so far}
        Deque<String> openAnchors = new ArrayDeque<>();
        long total = 0;
        try {
            for (Event e : new Parse(settings).parseString(text)) {
                switch (e.getEventId()) {
                    case MappingStart, SequenceStart -> {
                        if (open.size() >= MAX_DEPTH) {
                            return refuse(
                                    tree,
                                    e,
                                    "nested more than " + MAX_DEPTH + " levels deep; a scenario needs far fewer");
                        }
                        open.push(new long[] {1});
                        openAnchors.push(((NodeEvent) e)
                                .getAnchor()
                                .map(a -> a.getValue())
                                .orElse(""));
                    }
                    case MappingEnd, SequenceEnd -> {
                        long size = open.pop()[0];
                        String anchor = openAnchors.pop();
                        if (!anchor.isEmpty()) {
                            anchors.put(anchor, size);
                        }
                        total = add(open, size, total);
                    }
                    case Scalar -> {
                        ((NodeEvent) e).getAnchor().ifPresent(a -> anchors.put(a.getValue(), 1L));
                        total = add(open, 1, total);
                    }
                    case Alias -> {
                        String name = ((AliasEvent) e).getAlias().getValue();
                        if (openAnchors.contains(name)) {
                            return refuse(
                                    tree,
                                    e,
                                    "the alias *" + Excerpt.of(name) + " is inside the collection it names "
                                            + "(a recursive alias); aliases may only repeat finished values");
                        }
                        total = add(open, anchors.getOrDefault(name, 1L), total);
                    }
                    default -> {
                        // stream and document markers carry no nodes
                    }
                }
                if (total > MAX_EXPANDED_NODES || (!open.isEmpty() && open.peek()[0] > MAX_EXPANDED_NODES)) {
                    return refuse(
                            tree,
                            e,
                            "with its aliases expanded the document has more than " + MAX_EXPANDED_NODES
                                    + " values; repeat less through aliases (each *alias copies everything under its &anchor)");
                }
            }
        } catch (YamlEngineException e) {
            return true; // a syntax error: the composer reports it with its position
        }
        return true;
    }

    /** Adds a finished node's expanded size to its parent, or to the document total at the top. */
    private static long add(Deque<long[]> open, long size, long total) {
        if (open.isEmpty()) {
            return Math.min(total + size, Long.MAX_VALUE / 2);
        }
        open.peek()[0] = Math.min(open.peek()[0] + size, Long.MAX_VALUE / 2);
        return total;
    }

    private static boolean refuse(Tree tree, Event at, String message) {
        Mark m = at.getStartMark().orElse(null);
        tree.problemAt(m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "", message);
        return false;
    }
}
