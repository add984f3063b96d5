package dev.chaoslab.simulator.scenario;

import dev.chaoslab.simulator.traffic.Arrivals;
import dev.chaoslab.simulator.traffic.ConstantShape;
import dev.chaoslab.simulator.traffic.RampShape;
import dev.chaoslab.simulator.traffic.RateFunction;
import dev.chaoslab.simulator.traffic.Shape;
import dev.chaoslab.simulator.traffic.SineShape;
import dev.chaoslab.simulator.traffic.SpikeShape;
import dev.chaoslab.simulator.traffic.StepsShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses and validates a scenario's {@code phases}: names, durations, arrivals and the rate shapes (constant, ramp,
 * steps, spike, sine) within the configured rate ceiling; problems go to the shared {@link Tree}.
 */
final class PhasesParser {
    static final List<String> SHAPES = List.of("constant", "ramp", "steps", "spike", "sine");

    private final Tree tree;
    private final ValidationOptions options;
    private final String base;
    private final List<String> phaseNames;

    PhasesParser(Tree tree, ValidationOptions options, String base, List<String> phaseNames) {
        this.tree = tree;
        this.options = options;
        this.base = base;
        this.phaseNames = phaseNames;
    }

    /** The scenario's {@code phases}; each named one's name is also added to the names list. */
    List<Phase> parse(Tree.Obj s) {
        List<Phase> out = new ArrayList<>();
        List<Node> items = s.list("phases", true);
        if (items == null) {
            return out;
        }
        if (items.isEmpty()) {
            tree.problem(
                    s.node("phases"),
                    at("phases"),
                    "the list is empty; add at least one phase with a duration and a shape");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = at("phases[" + i + "]");
            Tree.Obj p = tree.obj(items.get(i), path, ScenarioKeys.PHASE);
            if (p == null) {
                continue;
            }
            String pname = ScenarioText.checkName(tree, p, "name", true);
            if (pname != null) {
                phaseNames.add(pname);
            }
            if (pname != null && !names.add(pname)) {
                tree.problem(p.node("name"), p.field("name"), "duplicate phase name '" + pname + "'");
            }
            Duration d = p.positiveDuration("duration", true);
            Arrivals arrivals = Arrivals.UNIFORM;
            String a = p.str("arrivals", false);
            if (a != null) {
                try {
                    arrivals = Arrivals.valueOf(a.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    tree.problem(
                            p.node("arrivals"), p.field("arrivals"), "expected uniform or poisson (got '" + a + "')");
                }
            }
            Tree.Obj shapeObj = p.obj("shape", true, null);
            Shape shape = shapeObj == null ? null : shape(shapeObj, d);
            if (pname != null && d != null && shape != null) {
                out.add(new Phase(pname, d, shape, arrivals));
            }
        }
        return out;
    }

    private Shape shape(Tree.Obj o, Duration phaseDuration) {
        String type = o.str("type", true);
        if (type == null) {
            return null;
        }
        if (!SHAPES.contains(type)) {
            String best = Suggestions.closest(type, SHAPES);
            tree.problem(
                    o.node("type"),
                    o.field("type"),
                    "unknown shape '" + type + "'" + (best != null ? "; did you mean '" + best + "'?" : ".")
                            + " Expected one of " + String.join(", ", SHAPES));
            return null;
        }
        List<String> known = switch (type) {
            case "constant" -> ScenarioKeys.SHAPE_CONSTANT;
            case "ramp" -> ScenarioKeys.SHAPE_RAMP;
            case "steps" -> ScenarioKeys.SHAPE_STEPS;
            case "spike" -> ScenarioKeys.SHAPE_SPIKE;
            default -> ScenarioKeys.SHAPE_SINE;
        };
        for (String k : o.keys()) {
            if (!known.contains(k)) {
                tree.problem(
                        o.keyNode(k),
                        o.field(k),
                        Suggestions.unknownKey(k, known).replace("Known keys", "A " + type + " shape takes"));
            }
        }
        int before = tree.problemCount();
        Shape shape;
        try {
            shape = switch (type) {
                case "constant" -> {
                    Double r = rate(o, "rate", true);
                    yield r == null ? null : new ConstantShape(r);
                }
                case "ramp" -> {
                    Double from = rate(o, "from", true);
                    Double to = rate(o, "to", true);
                    yield from == null || to == null ? null : new RampShape(from, to);
                }
                case "steps" -> steps(o);
                case "spike" -> {
                    Double b = rate(o, "base", true);
                    Double pk = rate(o, "peak", true);
                    Duration at = o.duration("at", true);
                    Duration len = o.positiveDuration("duration", true);
                    Duration edge = o.duration("edge", false);
                    yield b == null || pk == null || at == null || len == null
                            ? null
                            : new SpikeShape(b, pk, at, len, edge);
                }
                default -> {
                    Double mean = rate(o, "mean", true);
                    Double amp = rate(o, "amplitude", true);
                    Duration period = o.positiveDuration("period", true);
                    yield mean == null || amp == null || period == null ? null : new SineShape(mean, amp, period);
                }
            };
        } catch (IllegalArgumentException e) {
            tree.problem(o.node, o.path, e.getMessage());
            return null;
        }
        if (shape == null || tree.problemCount() != before || phaseDuration == null) {
            return shape;
        }
        try {
            RateFunction f = shape.over(phaseDuration);
            if (f.maxRate() > options.maxRate()) {
                tree.problem(
                        o.node,
                        o.path,
                        "the shape peaks at " + ScenarioText.fmt(f.maxRate())
                                + " requests/s, over the configured ceiling of " + ScenarioText.fmt(options.maxRate())
                                + " requests/s; lower the rate or raise the ceiling with --max-rate");
            }
        } catch (IllegalArgumentException e) {
            tree.problem(o.node, o.path, e.getMessage());
            return null;
        }
        return shape;
    }

    private Shape steps(Tree.Obj o) {
        if (o.has("steps")) {
            for (String k : List.of("from", "to", "count")) {
                if (o.keys().contains(k)) {
                    tree.problem(o.keyNode(k), o.field(k), "give either a steps list or from/to/count, not both");
                }
            }
            List<Node> items = o.list("steps", true);
            if (items == null) {
                return null;
            }
            if (items.isEmpty()) {
                tree.problem(o.node("steps"), o.field("steps"), "the list is empty; add {rate, duration} entries");
                return null;
            }
            List<StepsShape.Step> steps = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Tree.Obj st = tree.obj(items.get(i), o.field("steps[" + i + "]"), ScenarioKeys.STEP_RATE);
                if (st == null) {
                    continue;
                }
                Double r = rate(st, "rate", true);
                Duration d = st.positiveDuration("duration", true);
                if (r != null && d != null) {
                    steps.add(new StepsShape.Step(r, d));
                }
            }
            return steps.size() == items.size() ? StepsShape.of(steps) : null;
        }
        Double from = rate(o, "from", true);
        Double to = rate(o, "to", true);
        Long count = o.integer("count", true);
        if (count != null && (count < 1 || count > StepsShape.MAX_STEPS)) {
            tree.problem(
                    o.node("count"),
                    o.field("count"),
                    "must be between 1 and " + StepsShape.MAX_STEPS + " (got " + count + ")");
            return null;
        }
        return from == null || to == null || count == null ? null : StepsShape.evenly(from, to, count.intValue());
    }

    private Double rate(Tree.Obj o, String key, boolean required) {
        Double r = o.num(key, required);
        if (r == null) {
            return null;
        }
        if (r < 0) {
            tree.problem(o.node(key), o.field(key), "must be a rate >= 0 requests/s (got " + ScenarioText.fmt(r) + ")");
            return null;
        }
        if (r > options.maxRate()) {
            tree.problem(
                    o.node(key),
                    o.field(key),
                    ScenarioText.fmt(r) + " requests/s is over the configured ceiling of "
                            + ScenarioText.fmt(options.maxRate())
                            + " requests/s; lower the rate or raise the ceiling with --max-rate");
            return null;
        }
        return r;
    }

    private String at(String suffix) {
        return base.isEmpty() ? suffix : base + "." + suffix;
    }
}
